// The task queue the read pool and the JS scan share (src/pipeline/workers.ts): every task's
// result arrives once, whatever the workers do: answer, fail a task, or die with tasks in flight.
import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { shareTasks } from '../src/pipeline/workers.js';

type Behaviour = 'answers' | 'fails-odd' | 'dies-after-one';

// A stand-in for a worker thread: answers on the next tick, as a thread would.
function fakeWorker(behaviour: Behaviour, log: string[], name: string): Worker {
  const w = new EventEmitter() as EventEmitter & { postMessage(m: unknown): void; terminate(): Promise<number> };
  let answered = 0;
  let dead = false;
  w.postMessage = ({ id, task }: { id: number; task: number }) => {
    setImmediate(() => {
      if (dead) return;
      if (behaviour === 'dies-after-one' && answered === 1) {
        dead = true;
        w.emit('exit', 1);
        return;
      }
      answered++;
      if (behaviour === 'fails-odd' && task % 2) w.emit('message', { id, failed: true });
      else {
        log.push(`${name}:${task}`);
        w.emit('message', { id, result: task * 10 });
      }
    });
  };
  w.terminate = async () => {
    dead = true;
    return 0;
  };
  return w as unknown as Worker;
}

async function run(behaviours: Behaviour[], count = 40) {
  const tasks = Array.from({ length: count }, (_, i) => i);
  const log: string[] = [];
  const results = new Map<number, number>();
  const workers = behaviours.map((b, i) => fakeWorker(b, log, `w${i}`));
  await shareTasks(tasks, workers, (t) => {
    log.push(`main:${t}`);
    return t * 10;
  }, (i, r) => {
    expect(results.has(i), `task ${i} reported twice`).toBe(false);
    results.set(i, r);
  });
  return { results, log };
}

describe('shareTasks', () => {
  it('runs every task once, on the workers and the main thread', async () => {
    const { results, log } = await run(['answers', 'answers']);
    expect([...results.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    for (const [i, r] of results) expect(r).toBe(i * 10);
    expect(log.some((l) => l.startsWith('w0:'))).toBe(true);
    expect(log.some((l) => l.startsWith('main:'))).toBe(true);
  });

  it('runs on the main thread what a worker failed, and what a dead worker held', async () => {
    const { results, log } = await run(['fails-odd', 'dies-after-one']);
    expect(results.size).toBe(40);
    for (const [i, r] of results) expect(r).toBe(i * 10);
    expect(log.filter((l) => l.startsWith('w0:')).every((l) => Number(l.split(':')[1]) % 2 === 0)).toBe(true);
    expect(log.filter((l) => l.startsWith('w1:')).length).toBe(1);
  });

  it('works with no workers at all', async () => {
    const { results, log } = await run([], 5);
    expect(results.size).toBe(5);
    expect(log).toEqual(['main:4', 'main:3', 'main:2', 'main:1', 'main:0']);
  });
});
