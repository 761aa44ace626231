// A one-line progress indicator on stderr ("reading 5,120/20,000 files"), for runs long enough
// to notice. Only on a terminal: never with --json, in CI, or when stderr is piped or a file,
// so logs and reports never contain it. It appears after SHOW_AFTER_MS and is erased before
// anything else is printed.
export interface Progress {
  /** The current phase ("reading", "scanning", ...), with the number of files it goes through. */
  phase(name: string, total: number): void;
  /** Files done in the current phase. */
  tick(done: number): void;
  /** Erases the line; call before printing anything else. */
  done(): void;
}

// "About a second": shorter runs never show it. FLUX_MIGRATE_PROGRESS_AFTER_MS changes it (tests).
const SHOW_AFTER_MS = 1000;
const EVERY_MS = 80;
const none: Progress = { phase() {}, tick() {}, done() {} };

export function progressOn(stream: NodeJS.WriteStream, opts: { json: boolean; env?: NodeJS.ProcessEnv }): Progress {
  const env = opts.env ?? process.env;
  const ci = env.CI;
  const inCi = ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
  if (opts.json || inCi || stream.isTTY !== true) return none;
  const after = Number(env.FLUX_MIGRATE_PROGRESS_AFTER_MS ?? SHOW_AFTER_MS);
  const started = Date.now();
  let last = 0;
  let shown = false;
  let name = '';
  let total = 0;
  let count = 0;
  const draw = (force: boolean) => {
    const now = Date.now();
    if (!name || now - started < after || (!force && now - last < EVERY_MS)) return;
    last = now;
    shown = true;
    const n = (x: number) => x.toLocaleString('en-US');
    stream.write(`\r\x1b[K flux-migrate: ${name} ${count ? `${n(count)}/` : ''}${n(total)} files`);
  };
  return {
    phase(next, of) {
      name = next;
      total = of;
      count = 0;
      draw(true);
    },
    tick(doneCount) {
      count = doneCount;
      draw(false);
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
      name = '';
    },
  };
}
