// Worker threads for the stages that run in parallel on large runs (reading: pool.ts; the JS
// cross-file scan: src/scan/js/index.ts). Each stage's module is its own worker's entry.
import { availableParallelism } from 'node:os';
import { Worker, parentPort } from 'node:worker_threads';

/**
 * How many workers a stage may start besides the main thread (which works too): the CPUs less
 * `spare` (V8's own threads, its garbage collector and compiler, need a core too), at most 3;
 * FLUX_MIGRATE_THREADS=N sets it (0: none, for a machine shared with other jobs).
 */
export function workerSlots(spare = 1): number {
  const set = Number(process.env.FLUX_MIGRATE_THREADS || NaN);
  if (Number.isInteger(set) && set >= 0) return Math.min(set, 8);
  return Math.max(0, Math.min(availableParallelism() - spare, 3));
}

/**
 * Starts `count` workers running the module at `url` with `workerData`; none when running from
 * TypeScript sources (the tests), where a worker could not load the module, or when one fails to
 * start.
 */
export function startWorkers(url: URL, workerData: unknown, count: number): Worker[] {
  if (!url.pathname.endsWith('.js')) return [];
  const workers: Worker[] = [];
  try {
    for (let i = 0; i < count; i++) workers.push(new Worker(url, { workerData }));
  } catch {
    for (const w of workers) void w.terminate();
    return [];
  }
  return workers;
}

interface Message<R> {
  id: number;
  result?: R;
  failed?: boolean;
}

/**
 * Runs every task, on the workers and on the main thread together: each worker has two tasks in
 * flight, taken from the front of the queue; between the workers' results the main thread runs
 * tasks from the back itself. A task that throws in a worker, and the tasks of a worker that dies,
 * are run on the main thread instead. `onResult` gets each result as it is ready.
 */
export async function shareTasks<T, R>(tasks: T[], workers: Worker[], local: (task: T) => R, onResult: (index: number, result: R) => void): Promise<void> {
  const queue = tasks.map((_, i) => i);
  const retry: number[] = []; // failed in a worker: the main thread's
  const inFlight = new Map<Worker, Set<number>>();
  const arrived: { index: number; result: R }[] = [];
  let finished = false;
  let wake: (() => void) | undefined;
  const feed = (w: Worker) => {
    const i = queue.shift();
    if (i === undefined) return;
    inFlight.get(w)!.add(i);
    w.postMessage({ id: i, task: tasks[i] });
  };
  const drop = (w: Worker) => {
    const mine = inFlight.get(w);
    if (finished || !mine) return;
    inFlight.delete(w);
    retry.push(...mine);
    void w.terminate();
    wake?.();
  };
  for (const w of workers) {
    inFlight.set(w, new Set());
    w.on('message', ({ id, result, failed }: Message<R>) => {
      if (!inFlight.get(w)?.delete(id)) return;
      if (failed) retry.push(id);
      else arrived.push({ index: id, result: result as R });
      feed(w);
      wake?.();
    });
    w.on('error', () => drop(w)).on('exit', () => drop(w));
    feed(w);
    feed(w);
  }
  const busy = () => [...inFlight.values()].some((s) => s.size > 0);
  try {
    while (queue.length || retry.length || arrived.length || busy()) {
      const a = arrived.shift();
      if (a) {
        onResult(a.index, a.result);
        continue;
      }
      const mine = retry.pop() ?? queue.pop();
      if (mine !== undefined) {
        onResult(mine, local(tasks[mine]));
        await new Promise((resolve) => setImmediate(resolve)); // let the workers' results in
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }
  } finally {
    finished = true;
    for (const w of workers) void w.terminate();
  }
}

/** The worker side of shareTasks: runs each task it is sent and sends back the result. */
export function serveTasks<T, R>(run: (task: T) => R): void {
  const port = parentPort!;
  port.on('message', ({ id, task }: { id: number; task: T }) => {
    let result: R;
    try {
      result = run(task);
    } catch {
      port.postMessage({ id, failed: true });
      return;
    }
    port.postMessage({ id, result });
  });
}
