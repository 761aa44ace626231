// End to end: the built CLI on temp copies of fixtures/demo-app, as a user runs it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, committedCopy, expectSameTree as sameTree, git, removeDir, runCli, snapshot } from './helpers/cli.js';

const DEMO = join(ROOT, 'fixtures', 'demo-app');
const MIGRATED = join(ROOT, 'fixtures', 'demo-app-migrated');
const dirs: string[] = [];

/** A temp copy of a fixture project, committed in a fresh git repository. */
function project(src = DEMO, withGit = true): string {
  const dir = committedCopy(src, withGit);
  dirs.push(dir);
  return dir;
}

const expectSameTree = (actual: string, expected: string) => sameTree(actual, expected, expect);

afterEach(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});

const WARNINGS = [
  'src/config.ts:11  model-hint',
  'src/lib/embeddings.ts:5  unsupported-endpoint',
  // the client stays on OpenAI: its call says so too
  'src/lib/embeddings.ts:8  unsupported-endpoint',
  'src/lib/groq.ts:5  other-provider',
  'src/routes/summarize.ts:15  unsupported-endpoint',
];

describe('flux-migrate on the demo app', () => {
  it('--dry-run prints the diff and the warnings, writes nothing, exits 0', () => {
    const dir = project();
    const before = snapshot(dir);
    const r = runCli(['--dry-run', '--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^diff --git .*$/gm)).toEqual([
      'diff --git a/src/config.ts b/src/config.ts',
      'diff --git a/src/lib/openai.ts b/src/lib/openai.ts',
    ]);
    expect(r.stdout).toContain('-  apiKey: process.env.OPENAI_API_KEY,\n+  apiKey: process.env.FLUX_API_KEY,');
    expect(r.stdout).toContain('+  baseURL: "https://api.fluxrouter.ai/v1",');
    expect(r.stdout).toContain('-  chat: "gpt-4o",\n-  summary: "gpt-4o-mini",\n-  planner: "o3-mini",\n+  chat: "flux-auto",');
    for (const w of WARNINGS) expect(r.stderr).toContain(w);
    expect(r.stderr).toContain('9 files scanned, 2 files would change (5 edits), 5 warnings, 0 errors.');
    expect(r.stderr).toContain('Dry run: nothing was written.');
    expect(snapshot(dir)).toEqual(before);
  });

  it('writes the migration, then a second run changes nothing', () => {
    const dir = project();
    const r = runCli(['--yes', 'src'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('2 files changed (5 edits)');
    expect(r.stderr).toContain('Set FLUX_API_KEY to your Flux key');
    expectSameTree(dir, MIGRATED);
    git(dir, 'commit', '-qam', 'migrated');
    const again = runCli(['--yes', 'src'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('0 files changed (0 edits), 5 warnings');
    expectSameTree(dir, MIGRATED);
  });

  it('the dry-run diff is a patch git applies', () => {
    const dir = project();
    const patch = runCli(['-n', '-y'], { cwd: dir }).stdout;
    execFileSync('git', ['apply', '-'], { cwd: dir, input: patch });
    expectSameTree(dir, MIGRATED);
  });

  it('--check exits 1 while something would change, 0 after', () => {
    const dir = project();
    const r = runCli(['--check'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Check failed');
    expect(snapshot(dir).get('src/config.ts')!.toString()).toContain('"gpt-4o"');
    expect(runCli(['--yes'], { cwd: dir }).code).toBe(0);
    expect(runCli(['--check'], { cwd: dir }).code).toBe(0);
  });

  it('--json prints one report object with paths relative to the current folder', () => {
    const dir = project();
    const r = runCli(['--json', '--dry-run', 'src'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.version).toBe(1);
    expect(report.summary).toEqual({ scanned: 9, changed: 2, warnings: 5, errors: 0 });
    const config = report.files.find((f: { path: string }) => f.path === 'src/config.ts');
    expect(config.changed).toBe(true);
    expect(config.edits.map((e: { line: number; kind: string; before: string; after: string }) => [e.line, e.kind, e.before, e.after])).toEqual([
      [3, 'model', 'gpt-4o', 'flux-auto'],
      [4, 'model', 'gpt-4o-mini', 'flux-auto'],
      [5, 'model', 'o3-mini', 'flux-auto'],
    ]);
    expect(config.edits[0].why).toEqual(['chat.completions.create at src/routes/chat.ts:6']);
    const client = report.files.find((f: { path: string }) => f.path === 'src/lib/openai.ts');
    expect(client.edits.map((e: { kind: string }) => e.kind)).toEqual(['api-key', 'base-url']);
    expect(report.errors).toEqual([]);
    expect(r.stderr).toBe('');
  });

  it('--model tiers and --map choose the Flux models', () => {
    const dir = project();
    const r = runCli(['--yes', '--model', 'tiers', '--map', 'gpt-4o=flux-pinned-gpt-4o'], { cwd: dir });
    expect(r.code).toBe(0);
    const config = readFileSync(join(dir, 'src/config.ts'), 'utf8');
    expect(config).toContain('chat: "flux-pinned-gpt-4o",\n  summary: "flux-fast",\n  planner: "flux-reasoning",');
  });

  it('refuses to write over uncommitted changes, names the file and the way out, exits 2', () => {
    const dir = project();
    const config = join(dir, 'src/config.ts');
    writeFileSync(config, readFileSync(config, 'utf8') + '\n// local edit\n');
    const before = snapshot(dir);
    const r = runCli(['--yes'], { cwd: join(dir, 'src') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('refusing to write: config.ts has uncommitted changes');
    expect(r.stderr).toContain('--force');
    expect(r.stderr).not.toContain('    at ');
    expect(snapshot(dir)).toEqual(before);
    const forced = runCli(['--yes', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(config, 'utf8')).toContain('chat: "flux-auto"');
  });

  it('writes in a folder that is not a git repository', () => {
    const dir = project(DEMO, false);
    expect(runCli(['--yes', '.'], { cwd: dir }).code).toBe(0);
    expectSameTree(dir, MIGRATED);
  });

  it('skips node_modules, build output and .gitignored folders, honouring negations', () => {
    const dir = project(DEMO, false);
    const client = 'import OpenAI from "openai";\nexport const c = new OpenAI();\n';
    for (const f of ['node_modules/pkg/index.js', 'dist/server.js', 'generated/client.ts', 'generated/keep/client.ts', 'src/nested/out/x.ts']) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), client);
    }
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\ndist/\ngenerated/*\n!generated/keep/\n');
    writeFileSync(join(dir, 'src/nested/.gitignore'), 'out/\n');
    const r = runCli(['--json', '-n'], { cwd: dir });
    const paths = JSON.parse(r.stdout).files.filter((f: { changed: boolean }) => f.changed).map((f: { path: string }) => f.path);
    expect(paths).toEqual(['generated/keep/client.ts', 'src/config.ts', 'src/lib/openai.ts']);
  });

  it('takes a single file as a root, and --ignore', () => {
    const dir = project();
    const one = runCli(['--json', '-n', 'src/lib/openai.ts'], { cwd: dir });
    expect(JSON.parse(one.stdout).summary).toEqual({ scanned: 1, changed: 1, warnings: 0, errors: 0 });
    const ignored = runCli(['--json', '-n', '--ignore', 'lib/', 'src'], { cwd: dir });
    expect(JSON.parse(ignored.stdout).files.map((f: { path: string }) => f.path)).toEqual(['src/config.ts']);
  });
});

describe('bad input: one line, exit 2, never a stack trace', () => {
  it('a path that does not exist', () => {
    const r = runCli(['--dry-run', 'no/such/dir']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('flux-migrate: no/such/dir: no such file or folder (check the path; flux-migrate takes files and folders to migrate)\n');
  });

  it('an unknown flag', () => {
    const r = runCli(['--dryrun']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--dryrun'");
  });

  it('a --model that is not a Flux id, with the valid ones', () => {
    const r = runCli(['--model', 'gpt-5', '-n', 'fixtures/demo-app']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('gpt-5');
    expect(r.stderr).toContain('flux-auto');
    expect(r.stderr).toContain('flux-pinned-');
    expect(r.stderr).not.toContain('    at ');
  });

  it('a file that does not parse is reported; the others are still migrated', () => {
    const dir = project(DEMO, false);
    writeFileSync(join(dir, 'src/broken.ts'), 'import OpenAI from "openai";\nconst x = new OpenAI({;\n');
    const r = runCli(['--yes'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/src\/broken\.ts: error does not parse: .*\(2:/);
    expect(readFileSync(join(dir, 'src/lib/openai.ts'), 'utf8')).toContain('FLUX_API_KEY');
  });
});
