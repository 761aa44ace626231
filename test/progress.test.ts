// The progress line (src/report/progress.ts): only on a terminal, never with --json or in CI,
// only once the run has lasted long enough to notice, and erased before anything else prints.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { progressOn } from '../src/report/progress.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, s: { isTTY, write: (t: string) => writes.push(t) } as unknown as NodeJS.WriteStream };
}

describe('progress', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function long(p: ReturnType<typeof progressOn>) {
    p.phase('reading', 20000);
    p.tick(10);
    vi.advanceTimersByTime(1000);
    p.tick(5120);
    p.phase('scanning', 255);
    p.done();
  }

  it('shows files done / total and the phase on a terminal, then erases itself', () => {
    const { s, writes } = stream(true);
    long(progressOn(s, { json: false, env: {} }));
    expect(writes).toEqual(['\r\x1b[K flux-migrate: reading 5,120/20,000 files', '\r\x1b[K flux-migrate: scanning 255 files', '\r\x1b[K']);
  });

  it('stays silent for a short run', () => {
    const { s, writes } = stream(true);
    const p = progressOn(s, { json: false, env: {} });
    p.phase('reading', 10);
    p.tick(10);
    p.done();
    expect(writes).toEqual([]);
  });

  it('never shows with --json, in CI, or when stderr is not a terminal', () => {
    for (const [tty, json, env] of [[true, true, {}], [true, false, { CI: 'true' }], [false, false, {}]] as const) {
      const { s, writes } = stream(tty);
      long(progressOn(s, { json, env }));
      expect(writes).toEqual([]);
    }
    const { s, writes } = stream(true);
    long(progressOn(s, { json: false, env: { CI: 'false' } }));
    expect(writes.length).toBe(3);
  });
});
