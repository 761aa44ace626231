// End to end: the built CLI on temp copies of fixtures/projects/python-app (scripts, a LangChain
// script, a notebook and a .env.example), as a user runs it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, committedCopy, expectSameTree, git, removeDir, runCli, snapshot } from './helpers/cli.js';

const INPUT = join(ROOT, 'fixtures', 'projects', 'python-app', 'input');
const EXPECTED = join(ROOT, 'fixtures', 'projects', 'python-app', 'expected');
const dirs: string[] = [];

function project(src = INPUT): string {
  const dir = committedCopy(src);
  dirs.push(dir);
  return dir;
}

const expectTree = (actual: string, expected: string) => expectSameTree(actual, expected, expect);

afterEach(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});

const CHANGED = ['.env.example', 'app/bot.py', 'notebooks/explore.ipynb', 'scripts/summarize.py'];

describe('flux-migrate on a Python project', () => {
  it('--dry-run prints the diffs of scripts, notebook and env file, writes nothing, exits 0', () => {
    const dir = project();
    const before = snapshot(dir);
    const r = runCli(['--dry-run', '--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^diff --git a\/(\S+)/gm)).toEqual(CHANGED.map((p) => `diff --git a/${p}`));
    expect(r.stdout).toContain('-client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n+MODEL = os.getenv("OPENAI_MODEL", "flux-auto")\n+client = OpenAI(api_key=os.environ["FLUX_API_KEY"], base_url="https://api.fluxrouter.ai/v1")');
    expect(r.stdout).toContain('+    "client = OpenAI(\\n",\n+    "    api_key=os.environ[\\"FLUX_API_KEY\\"],\\n",');
    expect(r.stdout).toContain('-OPENAI_API_KEY=sk-...here\n-OPENAI_MODEL=gpt-4o-mini\n+FLUX_API_KEY=sk-...here\n+OPENAI_MODEL=flux-auto');
    expect(r.stdout + r.stderr).not.toContain('sk-your-key-here');
    expect(r.stderr).toContain('app/bot.py:24  unsupported-endpoint');
    expect(r.stderr).toContain('app/bot.py:16  unresolved-model');
    expect(r.stderr).toContain('5 files scanned, 4 files would change (13 edits), 2 warnings, 0 errors.');
    expect(snapshot(dir)).toEqual(before);
  });

  it('writes the migration; the result matches the expected project; a second run changes nothing', () => {
    const dir = project();
    const r = runCli(['--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('4 files changed (13 edits)');
    expectTree(dir, EXPECTED);
    git(dir, 'commit', '-qam', 'migrated');
    const again = runCli(['--yes'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('0 files changed (0 edits)');
    expectTree(dir, EXPECTED);
    expect(runCli(['--check'], { cwd: dir }).code).toBe(0);
  });

  it('--check exits 1 while something would change', () => {
    const dir = project();
    const r = runCli(['--check'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Check failed');
  });

  it('--json reports edits of every kind, with the key value masked', () => {
    const dir = project();
    const r = runCli(['--json', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toEqual({ scanned: 5, changed: 4, warnings: 2, errors: 0 });
    const env = report.files.find((f: { path: string }) => f.path === '.env.example');
    expect(env.edits.map((e: { kind: string; before: string; after: string }) => `${e.kind} ${e.before} -> ${e.after}`)).toEqual([
      'env OPENAI_API_KEY -> FLUX_API_KEY',
      'model gpt-4o-mini -> flux-auto',
    ]);
    const nb = report.files.find((f: { path: string }) => f.path === 'notebooks/explore.ipynb');
    expect(nb.edits.find((e: { kind: string }) => e.kind === 'model').line).toBe(45);
    expect(r.stdout).not.toContain('sk-your-key-here');
  });

  it('an env file alone is left as is, with a warning: the code side cannot be seen', () => {
    const dir = project();
    const r = runCli(['--yes', '.env.example'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/\.env\.example:2 {2}unresolved-key {2}left as is \(OPENAI_API_KEY -> FLUX_API_KEY, model gpt-4o-mini\): no code that uses it is part of this run/);
    expect(readFileSync(join(dir, '.env.example'), 'utf8')).toBe(readFileSync(join(INPUT, '.env.example'), 'utf8'));
  });

  it('keeps OPENAI_API_KEY in the env file while some code still reads it, adds FLUX_API_KEY beside it, and says where', () => {
    const dir = project();
    writeFileSync(join(dir, 'scripts', 'embed.py'), 'import os\n\nimport requests\n\nheaders = {"Authorization": "Bearer " + os.environ["OPENAI_API_KEY"]}\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'embed');
    const r = runCli(['--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('.env.example:2  key-still-read  OPENAI_API_KEY stays and FLUX_API_KEY was added beside it: scripts/embed.py:5 still reads OPENAI_API_KEY');
    const env = readFileSync(join(dir, '.env.example'), 'utf8');
    expect(env).toBe('# Copy to .env and fill in.\nOPENAI_API_KEY=sk-your-key-here\nFLUX_API_KEY=\nOPENAI_MODEL=flux-auto\nOPENAI_ORG_ID=\n');
  });

  it('reports a notebook with invalid JSON and a Python file that does not parse, rewrites neither, and still migrates the rest (exit 2)', () => {
    const dir = project();
    const brokenNb = '{"cells": [{"cell_type": "code", "source": ["from openai import OpenAI\\n", "OpenAI()"]}';
    writeFileSync(join(dir, 'notebooks', 'broken.ipynb'), brokenNb);
    writeFileSync(join(dir, 'scripts', 'broken.py'), 'from openai import OpenAI\nclient = OpenAI(\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'broken');
    const r = runCli(['--yes'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/notebooks\/broken\.ipynb: error not a valid notebook \(invalid JSON/);
    expect(r.stderr).toMatch(/scripts\/broken\.py: error does not parse: Python syntax error at line \d/);
    expect(readFileSync(join(dir, 'notebooks', 'broken.ipynb'), 'utf8')).toBe(brokenNb);
    expect(readFileSync(join(dir, 'app', 'bot.py'), 'utf8')).toBe(readFileSync(join(EXPECTED, 'app', 'bot.py'), 'utf8'));
  });
});

describe('env files follow the key plan when code the tool cannot fully see may read the old key', () => {
  it('adds the Flux key beside the old one when a settings class reads OPENAI_API_KEY by field name', () => {
    const dir = project();
    writeFileSync(join(dir, 'app', 'settings.py'), 'from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n    openai_api_key: str = ""\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'settings');
    const r = runCli(['--yes', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('.env.example:2  key-still-read  OPENAI_API_KEY stays and FLUX_API_KEY was added beside it: app/settings.py:5 still reads OPENAI_API_KEY');
    expect(r.stdout).toContain(' OPENAI_API_KEY=sk-...here\n-OPENAI_MODEL=gpt-4o-mini\n+FLUX_API_KEY=\n+OPENAI_MODEL=flux-auto\n');
    expect(r.stdout).not.toContain('-OPENAI_API_KEY');
    expect(r.stdout).toContain('+OPENAI_MODEL=flux-auto');
  });

  it('adds the Flux key beside the old one when a client key comes from something it cannot see', () => {
    const dir = project();
    writeFileSync(join(dir, 'app', 'other.py'), 'from openai import OpenAI\n\nfrom .config import KEY\n\nclient = OpenAI(api_key=KEY)\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'other');
    const r = runCli(['--yes', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('app/other.py:5  unresolved-key');
    expect(r.stderr).toContain('.env.example:2  key-still-read  OPENAI_API_KEY stays and FLUX_API_KEY was added beside it: app/other.py:5 (its key comes from something flux-migrate cannot see');
  });
});
