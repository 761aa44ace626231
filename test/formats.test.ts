// --format github|sarif|patch (CONTRACT.md, "Output formats, config and CI"), through the built CLI
// on temp git repositories: what CI reads on stdout, the exit codes, and bad input.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, committedCopy, git, removeDir, runCli, snapshot, tempDir } from './helpers/cli.js';

const require = createRequire(import.meta.url);
const SOURCE = 'import OpenAI from "openai";\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nexport const ask = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\n';
const EMBED = 'import OpenAI from "openai";\nconst client = new OpenAI();\nexport const ask = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\nexport const vec = () => client.embeddings.create({ model: "text-embedding-3-small", input: "x" });\n';
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});

/** A committed git repository holding `files`. */
function repo(files: Record<string, string>): string {
  const dir = tempDir('flux-formats-');
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'initial');
  return dir;
}

describe('--format github', () => {
  it('--check: an error per needed edit with line and column, a warning per warning, repository-relative paths from a subfolder too', () => {
    const dir = repo({ 'src/a.ts': SOURCE, 'src/b.ts': EMBED });
    const before = snapshot(dir);
    for (const [cwd, arg] of [[dir, '.'], [join(dir, 'src'), '.']] as const) {
      const r = runCli(['--check', '--format', 'github', arg], { cwd });
      expect(r.code).toBe(1);
      const lines = r.stdout.trimEnd().split('\n');
      // "const client = new OpenAI({ apiKey: process.env." is 48 characters; the model literal starts at column 66.
      expect(lines).toContain('::error file=src/a.ts,line=2,col=49,title=flux-migrate edit/api-key::OpenAI api-key: process.env.OPENAI_API_KEY -> process.env.FLUX_API_KEY (run `npx flux-migrate` to apply)');
      expect(lines).toContain('::error file=src/a.ts,line=3,col=66,title=flux-migrate edit/model::OpenAI model: gpt-4o -> flux-auto (run `npx flux-migrate` to apply)');
      expect(lines.filter((l) => l.startsWith('::error file=src/a.ts,line=2,') && l.includes('edit/base-url'))).toHaveLength(1);
      expect(lines.filter((l) => /^::warning file=src\/b\.ts,line=4,title=flux-migrate unsupported-endpoint::.*embeddings/.test(l))).toHaveLength(1);
      expect(lines.every((l) => /^::(error|warning) file=src\/[ab]\.ts,line=\d+,/.test(l))).toBe(true);
      expect(r.stderr).toMatch(/would change/);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it('escapes what workflow commands treat as syntax in a file name and a message', () => {
    const dir = repo({ 'src/we,ird:name.ts': EMBED });
    const r = runCli(['--check', '--format', 'github'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::warning file=src\/we%2Cird%3Aname\.ts,line=4,title=flux-migrate unsupported-endpoint::/m);
    expect(r.stdout).not.toContain('we,ird');
  });

  it('a migrated tree: nothing on stdout, exit 0', () => {
    const dir = repo({ 'a.ts': SOURCE });
    expect(runCli(['--yes'], { cwd: dir }).code).toBe(0);
    git(dir, 'commit', '-qam', 'migrated');
    const r = runCli(['--check', '--format', 'github'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: '' });
  });
});

describe('--format sarif', () => {
  it('is a SARIF 2.1.0 log that validates against the published schema', () => {
    const dir = repo({ 'src/a.ts': SOURCE, 'src/b.ts': EMBED, 'src/odd name é.ts': EMBED });
    const r = runCli(['--check', '--format', 'sarif'], { cwd: join(dir, 'src') });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    const Ajv = require('ajv-draft-04');
    const addFormats = require('ajv-formats');
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(require('./schemas/sarif-2.1.0.json'));
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);

    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('flux-migrate');
    const ids = run.tool.driver.rules.map((rule: { id: string }) => rule.id);
    for (const id of ['edit/base-url', 'edit/api-key', 'edit/model', 'edit/env', 'unsupported-endpoint', 'model-hint']) expect(ids).toContain(id);
    const model = run.results.find((x: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.ruleId === 'edit/model' && x.locations[0].physicalLocation.artifactLocation.uri === 'src/a.ts');
    expect(model).toMatchObject({ level: 'error', ruleIndex: ids.indexOf('edit/model'), locations: [{ physicalLocation: { region: { startLine: 3, startColumn: 66 } } }] });
    const uris = new Set(run.results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri));
    expect([...uris].sort()).toEqual(['src/a.ts', 'src/b.ts', 'src/odd%20name%20%C3%A9.ts']);
    for (const x of run.results) expect(x.ruleId).toBe(ids[x.ruleIndex]);
  });
});

describe('--format patch', () => {
  it('git apply turns it into exactly what a writing run writes: JS, Python, notebook, env and Markdown files', () => {
    const src = tempDir('flux-patch-src-');
    dirs.push(src);
    mkdirSync(join(src, 'web'));
    mkdirSync(join(src, 'py'));
    for (const [from, to] of [['fixtures/demo-app', 'web'], ['fixtures/projects/python-app/input', 'py']]) require('node:fs').cpSync(join(ROOT, from), join(src, to), { recursive: true });
    // A literal key is masked in every output, patches too (a hunk showing it would not apply): none here.
    writeFileSync(join(src, 'py/.env.example'), '# Copy to .env and fill in.\nOPENAI_API_KEY=\nOPENAI_MODEL=gpt-4o-mini\n');
    writeFileSync(join(src, 'py/README.md'), '# Bot\n\nSet `OPENAI_API_KEY` in `.env`, then:\n\n```python\nfrom openai import OpenAI\n\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[])\n```\n');
    writeFileSync(join(src, 'web/src/new\nline.ts'), SOURCE);
    writeFileSync(join(src, 'web/src/esc\x1b[31m.ts'), SOURCE);
    writeFileSync(join(src, 'web/src/caf\u00e9 "q".ts'), SOURCE);
    const patched = committedCopy(src);
    const written = committedCopy(src);
    dirs.push(patched, written);

    const p = runCli(['--format', 'patch', '--dry-run', '--yes'], { cwd: join(patched, 'web') });
    expect(p.code).toBe(0);
    expect(p.stdout.match(/^diff --git \S+/gm)!.every((h) => /^diff --git "?a\/web\//.test(h))).toBe(true);
    // git's quoting: C escapes, octal for non-ASCII bytes, the whole "a/..." name in quotes.
    expect(p.stdout).toContain('diff --git "a/web/src/new\\nline.ts" "b/web/src/new\\nline.ts"\n--- "a/web/src/new\\nline.ts"\n+++ "b/web/src/new\\nline.ts"\n');
    expect(p.stdout).toContain('diff --git "a/web/src/esc\\033[31m.ts" "b/web/src/esc\\033[31m.ts"\n');
    expect(p.stdout).toContain('diff --git "a/web/src/caf\\303\\251 \\"q\\".ts" "b/web/src/caf\\303\\251 \\"q\\".ts"\n');
    expect(p.stdout).not.toContain('\x1b');
    // Only the patch on stdout (the --format patch above ran from web/: it covers web/ only).
    const whole = runCli(['--format', 'patch', '--dry-run', '--yes'], { cwd: patched });
    expect(whole.stdout.split('\n').every((l) => /^(diff --git |--- |\+\+\+ |@@ |[ +\-\\]|$)/.test(l))).toBe(true);
    writeFileSync(join(patched, '..', `${patched.split('/').pop()}.patch`), whole.stdout);
    dirs.push(join(patched, '..', `${patched.split('/').pop()}.patch`));

    expect(runCli(['--yes'], { cwd: written }).code).toBe(0);
    const applied = require('node:child_process').spawnSync('git', ['apply', '--verbose', join(patched, '..', `${patched.split('/').pop()}.patch`)], { cwd: patched, encoding: 'utf8' });
    expect(applied.status, applied.stderr).toBe(0);

    const a = snapshot(patched);
    const w = snapshot(written);
    for (const m of [a, w]) for (const k of [...m.keys()]) if (k.startsWith('.git/')) m.delete(k);
    expect([...a.keys()]).toEqual([...w.keys()]);
    for (const [path, bytes] of w) expect(a.get(path)!.equals(bytes), path).toBe(true);
    // Every kind of file was changed by the run.
    for (const path of ['web/src/config.ts', 'py/app/bot.py', 'py/notebooks/explore.ipynb', 'py/.env.example', 'py/README.md', 'web/src/new\nline.ts']) {
      expect(w.get(path)!.equals(snapshot(src).get(path)!), path).toBe(false);
    }
  });

  it('the text report quotes odd file names the way git does', () => {
    const dir = repo({ 'src/new\nline.ts': EMBED });
    const r = runCli(['--check'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('  "src/new\\nline.ts":4  unsupported-endpoint');
    expect(r.stdout).toContain('diff --git "a/src/new\\nline.ts" "b/src/new\\nline.ts"\n');
  });
});

describe('bad --format', () => {
  it('an unknown format: exit 2, named with the list, nothing written', () => {
    const dir = repo({ 'a.ts': SOURCE });
    const before = snapshot(dir);
    const r = runCli(['--format', 'xml', '--yes'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('flux-migrate: --format xml: not a format flux-migrate prints (text, json, github, sarif, patch)\n');
    expect(snapshot(dir)).toEqual(before);
    const both = runCli(['--json', '--format', 'sarif', '--yes'], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--json and --format sarif/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('--json stays an alias of --format json', () => {
    const dir = repo({ 'a.ts': SOURCE });
    const a = runCli(['--check', '--json'], { cwd: dir });
    const b = runCli(['--check', '--format', 'json'], { cwd: dir });
    expect(a.code).toBe(1);
    expect(b).toEqual(a);
    expect(JSON.parse(a.stdout).summary).toEqual({ scanned: 1, changed: 1, warnings: 0, errors: 0 });
  });
});
