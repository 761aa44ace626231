// End to end: the built CLI on temp copies of fixtures/projects/docs-app (code, a README with a
// deploy button, inline code, an env block and code blocks, an MDX page, and a git-ignored local
// .env), as a user runs it: docs move with the code, --no-docs and `docs: false` leave them, and
// no key from a README block or the local .env is ever printed.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSameTree, fixtureProject, git, runCli, snapshot } from './helpers/cli.js';

const SECRETS = ['sk-proj-FAKElocalFAKElocal0012', 'sk-proj-FAKEreadmeFAKEreadme0013'];
const { expected: EXPECTED, copy: project } = fixtureProject('docs-app', (dir) => {
  // A local .env, git-ignored by the project (so it cannot live in this repository either): written here.
  writeFileSync(join(dir, '.env'), `OPENAI_API_KEY=${SECRETS[0]}\n`);
});

const leaked = (text: string) => SECRETS.filter((s) => text.includes(s));

describe('flux-migrate on a project with docs', () => {
  it('writes code and docs as the expected project; the ignored .env is only warned; a second run changes nothing', () => {
    const dir = project();
    const env = readFileSync(join(dir, '.env'), 'utf8');
    const r = runCli(['--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(leaked(r.stdout + r.stderr)).toEqual([]);
    expect(r.stderr).toContain('.env:1  secret-to-create  this git-ignored local file sets OPENAI_API_KEY, but the code now reads FLUX_API_KEY: add FLUX_API_KEY=<your Flux key> to it');
    expect(r.stderr).toContain('3 files changed (12 edits), 1 warning');
    expect(readFileSync(join(dir, '.env'), 'utf8'), 'the local .env is never written').toBe(env);
    rmSync(join(dir, '.env')); // not in the expected tree: git-ignored, so not in this repository
    expectSameTree(dir, EXPECTED, expect);
    git(dir, 'commit', '-qam', 'migrated');
    const again = runCli(['--yes', '--json'], { cwd: dir });
    expect(JSON.parse(again.stdout).summary.changed, 'a second run changes nothing').toBe(0);
  });

  it('--json reports the Markdown edits (env kind for the key names) and masks the README key', () => {
    const dir = project();
    const r = runCli(['--dry-run', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(leaked(r.stdout + r.stderr)).toEqual([]);
    const report = JSON.parse(r.stdout);
    const readme = report.files.find((f: { path: string }) => f.path === 'README.md');
    expect(readme.edits.map((e: { line: number; kind: string }) => `${e.line} ${e.kind}`)).toEqual(['5 env', '9 env', '12 env', '20 api-key', '20 base-url', '21 model']);
    expect(report.files.find((f: { path: string }) => f.path === '.env')).toMatchObject({ changed: false, edits: [], warnings: [{ line: 1, code: 'secret-to-create' }] });
  });

  it('--no-docs leaves Markdown and MDX untouched and migrates the code', () => {
    const dir = project();
    const before = snapshot(dir);
    const r = runCli(['--yes', '--no-docs'], { cwd: dir });
    expect(r.code).toBe(0);
    const after = snapshot(dir);
    for (const doc of ['README.md', 'docs/guide.mdx']) expect(after.get(doc)!.equals(before.get(doc)!), doc).toBe(true);
    expect(after.get('app.ts')!.toString()).toBe(readFileSync(join(EXPECTED, 'app.ts'), 'utf8'));
    expect(r.stderr).toContain('1 file scanned, 1 file changed');
  });

  it('the config file key "docs": false does what --no-docs does', () => {
    const dir = project();
    writeFileSync(join(dir, 'flux-migrate.config.json'), '{ "docs": false }\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'config');
    const r = runCli(['--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^diff --git a\/(\S+)/gm)).toEqual(['diff --git a/app.ts']);
  });

  it('--help lists --no-docs', () => {
    const r = runCli(['--help']);
    expect(r.stdout).toMatch(/--no-docs\s+leave Markdown files \(\.md, \.mdx\) alone/);
  });

  it('a README alone (no code in the run) moves its code blocks but holds the key names, saying why', () => {
    const dir = project();
    const r = runCli(['--dry-run', 'README.md'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+const client = new OpenAI({ apiKey: process.env.FLUX_API_KEY, baseURL: "https://api.fluxrouter.ai/v1" });');
    expect(r.stdout).not.toContain('+Set `FLUX_API_KEY`');
    expect(r.stderr).toMatch(/README\.md:5 {2}unresolved-key {2}left as is \(OPENAI_API_KEY -> FLUX_API_KEY\): no code that uses it is part of this run/);
  });
});
