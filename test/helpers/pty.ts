// The built CLI in a real pseudo-terminal (node-pty), driven like a user would: keys typed, the
// screen read back with ANSI stripped. `npm run build` first.
import { spawn } from 'node-pty';
import { BIN } from './cli.js';

export const KEY = {
  down: '\u001b[B',
  up: '\u001b[A',
  enter: '\r',
  ctrlC: '\u0003',
  ctrlU: '\u0015',
  esc: '\u001b',
};

const ANSI = /\u001b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
export const strip = (s: string) => s.replace(ANSI, '').replace(/\r/g, '');

const open: Terminal[] = [];

/** Ends every CLI a failed test left waiting (call in afterEach). */
export function killTerminals(): void {
  for (const t of open.splice(0)) t.kill();
}

/** The CLI in a pseudo-terminal: what it printed so far (ANSI stripped), keys to type, its exit. */
export class Terminal {
  private raw = '';
  private mark = 0;
  readonly exit: Promise<number>;
  private readonly pty;
  private exited = false;

  /** `command` runs instead of the CLI when given (`bash -c "... | cat > out"`: stdout piped, stdin and stderr a terminal). */
  constructor(cwd: string, args: string[], env: Record<string, string> = {}, options: { cols?: number; command?: string } = {}) {
    const base = { ...process.env } as Record<string, string>;
    for (const name of ['FLUX_API_KEY', 'CI', 'NO_COLOR', 'FORCE_COLOR']) delete base[name];
    const [file, argv] = options.command ? [options.command, args] : [process.execPath, [BIN, ...args]];
    this.pty = spawn(file, argv, { name: 'xterm-256color', cols: options.cols ?? 120, rows: 40, cwd, env: { ...base, TERM: 'xterm-256color', ...env } });
    this.pty.onData((d) => (this.raw += d));
    this.exit = new Promise((resolve) => this.pty.onExit((e) => ((this.exited = true), resolve(e.exitCode))));
    open.push(this);
  }

  /** Ends a CLI a failed test left waiting at a prompt. */
  kill(): void {
    if (!this.exited) this.pty.kill();
  }

  /** Everything printed, ANSI stripped. */
  get screen(): string {
    return strip(this.raw);
  }

  /** Everything printed, as the terminal received it. */
  get bytes(): string {
    return this.raw;
  }

  /**
   * Waits until `text` appears on the screen after the last keys typed (a string matches across
   * the prompt library's line wrapping); returns what came since.
   */
  async waitFor(text: string | RegExp, timeout = 10_000): Promise<string> {
    const started = Date.now();
    const flat = (s: string) => s.replace(/\s+/g, ' ');
    for (;;) {
      const since = this.screen.slice(this.mark);
      if (typeof text === 'string' ? flat(since).includes(flat(text)) : text.test(since)) return since;
      if (Date.now() - started > timeout) throw new Error(`timed out waiting for ${text}; screen since the last keys:\n${since}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  type(...keys: string[]): void {
    this.mark = this.screen.length;
    for (const k of keys) this.pty.write(k);
  }

  async done(timeout = 10_000): Promise<number> {
    const timer = new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`did not exit; screen:\n${this.screen}`)), timeout).unref());
    return Promise.race([this.exit, timer]);
  }
}
