// Running the built CLI (bin/flux-migrate.js, which imports dist/: `npm run build` first) as a
// user would: a child process with its own cwd, plain output, no TTY and so no prompts.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(ROOT, 'bin', 'flux-migrate.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Flags for node itself, before the script (`--import`, `--max-old-space-size`, ...). */
  nodeArgs?: string[];
  /** Run as this user and group (tests running as root use an unprivileged user to see permissions bite). */
  uid?: number;
  gid?: number;
}

function assertBuilt(): void {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` before the CLI tests');
}

function childEnv(extra: CliOptions['env'] = {}): NodeJS.ProcessEnv {
  // No Flux key from the machine: with one, pinned ids would be checked against the live API.
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: 'true', FLUX_API_KEY: undefined, ...extra };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

/** Runs the CLI to the end (killed after timeoutMs, default 60 s: a hang is a failure). */
export function runCli(args: string[], options: CliOptions = {}): CliResult {
  assertBuilt();
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: childEnv(options.env),
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 512 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
    uid: options.uid,
    gid: options.gid,
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') throw new Error(`flux-migrate ${args.join(' ')} did not finish in ${options.timeoutMs ?? 60_000} ms`);
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Starts the CLI and returns the child, for tests that signal it; `done` resolves when it exits. */
export function startCli(args: string[], options: CliOptions = {}): { child: ChildProcess; done: Promise<CliResult> } {
  assertBuilt();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], { cwd: options.cwd ?? ROOT, env: childEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<CliResult>((resolveDone) => {
    child.on('close', (code, signal) => resolveDone({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** A fresh folder under the OS temp folder (outside any git repository). */
export function tempDir(prefix = 'flux-migrate-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Copies a folder (fixture project) into a fresh temp folder and returns the copy. */
export function copyToTemp(src: string, prefix?: string): string {
  const dir = tempDir(prefix);
  cpSync(src, dir, { recursive: true });
  return dir;
}

/** Every regular file under dir (relative paths with `/`), symlinks not followed. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The bytes of every regular file under dir, by relative path. */
export function snapshot(dir: string): Map<string, Buffer> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f))]));
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function fileMode(path: string): number {
  return statSync(path).mode & 0o7777;
}

/** git with a throwaway identity, in `cwd`. */
export function git(cwd: string, ...args: string[]): string {
  return spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' }).stdout;
}

/** A temp copy of a fixture project, committed in a fresh git repository (or not, `withGit` false). */
export function committedCopy(src: string, withGit = true): string {
  const dir = copyToTemp(src);
  if (withGit) {
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'initial');
  }
  return dir;
}

/**
 * An end-to-end test file's fixture project, fixtures/projects/<name>: `copy()` makes a committed
 * temp copy of its input (then `prepare` writes what cannot be committed here, such as a git-ignored
 * .env), removed after each test.
 */
export function fixtureProject(name: string, prepare?: (dir: string) => void): { input: string; expected: string; copy: () => string } {
  const base = join(ROOT, 'fixtures', 'projects', name);
  const dirs: string[] = [];
  afterEach(() => {
    while (dirs.length) removeDir(dirs.pop()!);
  });
  const input = join(base, 'input');
  return {
    input,
    expected: join(base, 'expected'),
    copy() {
      const dir = committedCopy(input);
      dirs.push(dir);
      prepare?.(dir);
      return dir;
    },
  };
}

/** Once a written project is committed, a second writing run changes nothing and says so; `--check` passes. */
export function expectSecondRunChangesNothing(dir: string, expect: (v: unknown, m?: string) => { toBe(x: unknown): void; toContain(x: unknown): void }, checkArgs = ['--check']): void {
  git(dir, 'commit', '-qam', 'migrated');
  const again = runCli(['--yes'], { cwd: dir });
  expect(again.code).toBe(0);
  expect(again.stdout).toBe('');
  expect(again.stderr).toContain('0 files changed (0 edits)');
  expect(runCli(checkArgs, { cwd: dir }).code).toBe(0);
}

/** Every file under `actual` (but .git/) has exactly the text of the same file under `expected`. */
export function expectSameTree(actual: string, expected: string, expect: (v: unknown, m?: string) => { toEqual(x: unknown): void; toBe(x: unknown): void }): void {
  const a = snapshot(actual);
  for (const key of [...a.keys()]) if (key.startsWith('.git/')) a.delete(key);
  const e = snapshot(expected);
  expect([...a.keys()]).toEqual([...e.keys()]);
  for (const [path, bytes] of e) expect(a.get(path)!.toString('utf8'), path).toBe(bytes.toString('utf8'));
}

/**
 * Waits until `path` exists (a marker a test-only hook writes, src/pipeline/writePause.ts); fails
 * if the run ends first. Polls; no timing is asserted (the test's own timeout bounds the wait).
 */
export async function waitForFile(path: string, done: Promise<CliResult>): Promise<void> {
  let ended: CliResult | undefined;
  void done.then((r) => (ended = r));
  while (!existsSync(path)) {
    if (ended) throw new Error(`the run ended before ${path} appeared (exit ${ended.code ?? ended.signal}):\n${ended.stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
