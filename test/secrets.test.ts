// Secrets: no literal key from the inputs reaches any output channel. Every fixture (all cases
// and projects under fixtures/, including fixtures/projects/keys-everywhere, which hides fake keys
// in comments, literals, a file that does not parse, env files and Python) is run through the
// built CLI in every mode (diff, --json, --check, write, and a run after the write), plus the
// error paths that echo user input, and the model prompts in a real terminal; all output is
// grepped for every key literal.
import { cpSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, type CliResult, ROOT, listFiles, removeDir, runCli, tempDir } from './helpers/cli.js';

const FIXTURES = join(ROOT, 'fixtures');
const SK = /sk-(?:proj-|ant-|or-v1-|svcacct-|admin-)?[A-Za-z0-9_-]{12,}/g;
const ENV_FILE = /(^|\/)(\.env(\.[^/]*)?|[^/]*\.env)$/;
// One line's value: `[ \t]*`, not `\s*`, so an empty `FLUX_API_KEY=` does not read the next line.
const ENV_KEY_LINE = /^[ \t]*(?:export[ \t]+)?[A-Za-z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD)[A-Za-z0-9_]*[ \t]*=[ \t]*(["']?)([^"'\s#]+)\1/gim;
// Placeholders in example env files are not secrets (they are shown, as the README says).
const PLACEHOLDER_VALUE = /^your[-_]|[-_]here$|^x{3,}|changeme|placeholder/i;
// Keys in fixtures/projects/keys-everywhere that have no `sk-` shape: literals given as apiKey,
// and in docs/setup.md, values in inline code, an env block, a JS block and a deploy URL.
const OTHER_KEYS = ['fk-live-Zq8wX3vT6yL1mN4pR7sK2jH5', 'py-secret-literal-0006', 'md-inline-secret-0008', 'md-env-secret-value-0007', 'md-js-literal-key-0011', 'md-url-secret-value-0009'];

/** Every key literal in the fixture files: sk-shaped anywhere, and values of key variables in env files. */
function keysIn(dir: string): Set<string> {
  const keys = new Set<string>(OTHER_KEYS);
  for (const f of listFiles(dir)) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const m of text.matchAll(SK)) keys.add(m[0]);
    if (ENV_FILE.test(f)) for (const m of text.matchAll(ENV_KEY_LINE)) if (m[2].length >= 6 && !m[2].startsWith('$') && !PLACEHOLDER_VALUE.test(m[2])) keys.add(m[2]);
  }
  return keys;
}

function leaks(output: string, keys: Set<string>): string[] {
  return [...keys].filter((k) => output.includes(k));
}

describe('no key literal reaches any output', () => {
  const base = tempDir('flux-secrets-');
  afterAll(() => removeDir(base));
  const tree = join(base, 'fixtures');
  cpSync(FIXTURES, tree, { recursive: true });
  const keys = keysIn(tree);
  const outputs: { label: string; result: CliResult }[] = [];
  const run = (label: string, args: string[], options: Parameters<typeof runCli>[1] = {}) => {
    const result = runCli(args, { cwd: tree, ...options });
    outputs.push({ label, result });
    return result;
  };

  it('finds the fake keys it looks for in the fixtures', () => {
    // The keys-everywhere project alone holds 7 sk-shaped keys, 2 env values and 2 other literals.
    expect(keys.size).toBeGreaterThanOrEqual(11);
    expect(keys).toContain('plain-env-secret-value-0003');
    expect(keys).toContain('gsk_FAKEgroqFAKEgroqFAKEgroq0004');
  });

  it('diff, summary, warnings and errors (dry run)', () => {
    const r = run('dry-run', ['--dry-run', '.']);
    expect(r.code, 'a file does not parse: exit 2').toBe(2);
    expect(r.stdout).toContain('diff --git');
    expect(r.stderr).toMatch(/projects\/keys-everywhere\/src\/broken\.ts: error/);
    // The keys were there to leak: they are shown masked.
    expect(r.stdout + r.stderr).toContain('sk-...0001');
    expect(leaks(r.stdout + r.stderr, keys)).toEqual([]);
  });

  it('JSON report', () => {
    const r = run('json', ['--dry-run', '--json', '.']);
    const report = JSON.parse(r.stdout);
    // The report really covers the key-laden project: its files, their edits, the broken file's error.
    const paths = report.files.map((f: { path: string }) => f.path);
    expect(paths.filter((p: string) => p.startsWith('projects/keys-everywhere/')).length).toBeGreaterThan(3);
    expect(report.files.some((f: { edits: { kind: string }[] }) => f.edits.some((e) => e.kind === 'api-key'))).toBe(true);
    expect(report.errors.map((e: { path: string }) => e.path)).toContain('projects/keys-everywhere/src/broken.ts');
    expect(r.stdout, 'masked keys are in the report').toContain('sk-...0001');
    expect(leaks(r.stdout + r.stderr, keys)).toEqual([]);
  });

  it('--check', () => {
    const r = run('check', ['--check', '.']);
    expect(r.code).toBe(2);
    expect(leaks(r.stdout + r.stderr, keys)).toEqual([]);
  });

  it('each fixture case on its own, as a file root (dry run and JSON)', () => {
    const cases = listFiles(tree).filter((f) => /(^|\/)input\.[^/]+$/.test(f));
    expect(cases.length).toBeGreaterThan(20);
    const r = run('cases', ['--dry-run', ...cases]);
    const j = run('cases-json', ['--dry-run', '--json', ...cases]);
    expect(leaks(r.stdout + r.stderr + j.stdout + j.stderr, keys)).toEqual([]);
  });

  it('write, then a second run', () => {
    const copy = join(base, 'write');
    cpSync(tree, copy, { recursive: true });
    const w = run('write', ['--yes', '--force', '.'], { cwd: copy });
    expect(w.stderr).toMatch(/files? changed/);
    const again = run('after-write', ['--dry-run', '--json', '.'], { cwd: copy });
    expect(leaks(w.stdout + w.stderr + again.stdout + again.stderr, keys)).toEqual([]);
  }, 120_000); // two runs over every fixture, which grows with each library (30 s is tight on a shared 2-CPU machine)

  it('error paths that echo what the user typed', () => {
    const key = 'sk-proj-ARGSfakeARGSfakeARGSfakeARGSfake0008';
    const argKeys = new Set([key]);
    const results = [
      run('missing path', [key]),
      run('--key-env', ['--key-env', key, '.']),
      run('--base-url', ['--base-url', key, '.']),
      run('--model', ['--model', key, '.']),
      run('--map', ['--map', `${key}=flux-auto`, '.']),
      run('--map target', ['--map', `gpt-4o=${key}`, '.']),
      run('unknown option', [`--${key}`]),
      run('--ignore', ['--dry-run', '--ignore', key, 'projects/keys-everywhere']),
    ];
    for (const [i, r] of results.entries()) {
      expect(r.code, `${outputs.at(-results.length + i)!.label}: exit 2 (bad usage), or 2 for broken.ts`).toBe(2);
      expect(leaks(r.stdout + r.stderr, argKeys), outputs.at(-results.length + i)!.label).toEqual([]);
    }
  });

  it('models command with a key in the environment and no reachable server', () => {
    const key = 'sk-proj-ENVfakeENVfakeENVfakeENVfakeENVf0009';
    const r = run('models', ['models', '--base-url', 'http://127.0.0.1:9/v1'], { env: { FLUX_API_KEY: key } });
    expect(leaks(r.stdout + r.stderr, new Set([key, ...keys])), 'models').toEqual([]);
  });

  it('the prompt screens, in a real terminal', async () => {
    const { spawn } = await import('node-pty');
    const copy = join(base, 'pty');
    cpSync(join(tree, 'projects', 'keys-everywhere'), copy, { recursive: true });
    const env = { ...process.env, TERM: 'xterm-256color' } as Record<string, string>;
    for (const name of ['CI', 'NO_COLOR', 'FLUX_API_KEY']) delete env[name];
    const pty = spawn(process.execPath, [BIN, '--dry-run', '.'], { name: 'xterm-256color', cols: 160, rows: 50, cwd: copy, env });
    let screen = '';
    pty.onData((d) => (screen += d));
    const exit = new Promise<number>((resolve) => pty.onExit((e) => resolve(e.exitCode)));
    // Take the default answer at each prompt (one per OpenAI model id) until the run ends.
    const enter = setInterval(() => /\?/.test(screen) && pty.write('\r'), 250);
    const code = await Promise.race([exit, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 30_000))]);
    clearInterval(enter);
    if (code === -1) pty.kill();
    expect(code, screen.slice(-2000)).toBe(2); // broken.ts does not parse
    expect(screen, 'a prompt was shown').toMatch(/Flux model for gpt-4o/);
    expect(leaks(screen, keys)).toEqual([]);
  });

  it('covers every fixture folder, whatever order the tests run in', () => {
    // Its own run, not the other tests' outputs: every top-level fixture folder shows in the report.
    const report = JSON.parse(runCli(['--dry-run', '--json', '.'], { cwd: tree }).stdout);
    const seen = new Set([...report.files, ...report.errors].map((f: { path: string }) => f.path.split('/')[0]));
    const folders = readdirSync(tree, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.length).toBeGreaterThan(3);
    for (const dir of folders) expect(seen.has(dir), `fixtures/${dir} was in the runs`).toBe(true);
  });
});
