// End to end: the built CLI on a project made of the Python fixtures for the ways real projects
// hold values (issue 14: env helpers, names held as data, settings aliases, kwargs built step by
// step, request params built away from the call, clients through factories and wrappers, model-name
// logic, branches), each fixture's input as one module of a git repository. What a user runs:
// the written files, stdout, stderr and the exit code.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, git, removeDir, runCli, tempDir } from './helpers/cli.js';

const CASES = [
  'env-helpers-by-body',
  'key-names-held-as-data',
  'key-read-into-constant',
  'negative-held-key-name-read-for-http',
  'negative-key-constant-sent-elsewhere',
  'pydantic-settings-alias',
  'pydantic-v1-settings-env',
  'client-kwargs-step-by-step',
  'request-params-built-away',
  'model-name-logic',
  'clients-factories-properties-wrappers',
  'negative-token-counter-client',
  'client-from-branches',
  'class-field-defaults',
  'settings-held-on-self',
];

const fixture = (name: string, file: string) => join(ROOT, 'fixtures', 'python', name, file);
const moduleName = (name: string) => `${name.replace(/-/g, '_')}.py`;
const read = (path: string) => readFileSync(path, 'utf8');
const expected = (name: string) => {
  try {
    return read(fixture(name, 'output.py'));
  } catch {
    return read(fixture(name, 'input.py'));
  }
};
const expectedWarnings = (name: string) => {
  let text = '';
  try {
    text = read(fixture(name, 'warnings.txt'));
  } catch {
    return [];
  }
  return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => `${moduleName(name)}:${l}`);
};

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});

function project(): string {
  const dir = tempDir();
  dirs.push(dir);
  for (const name of CASES) writeFileSync(join(dir, moduleName(name)), read(fixture(name, 'input.py')));
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'initial');
  return dir;
}

describe('flux-migrate on the ways Python projects hold values', () => {
  it('writes every module as its fixture expects, warns where each fixture says, and a second run changes nothing', () => {
    const dir = project();
    const r = runCli(['--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    for (const name of CASES) expect(read(join(dir, moduleName(name))), name).toBe(expected(name));
    const changed = CASES.filter((name) => expected(name) !== read(fixture(name, 'input.py'))).length;
    expect(r.stderr).toContain(`${CASES.length} files scanned, ${changed} files changed`);
    git(dir, 'commit', '-qam', 'migrated');
    const again = runCli(['--yes'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('0 files changed (0 edits)');
  });

  it('--json reports the warnings of every fixture at their lines, the key never printed', () => {
    const dir = project();
    const r = runCli(['--json', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.errors).toEqual([]);
    const warnings = report.files.flatMap((f: { path: string; warnings: { line: number; code: string }[] }) => f.warnings.map((w) => `${f.path}:${w.line} ${w.code}`));
    expect(warnings.sort()).toEqual(CASES.flatMap(expectedWarnings).sort());
  });

  it('names the key plan: a pydantic field given the Flux alias no longer reads OPENAI_API_KEY, so the env file renames it', () => {
    const dir = tempDir();
    dirs.push(dir);
    writeFileSync(join(dir, 'app.py'), read(fixture('pydantic-settings-alias', 'input.py')));
    writeFileSync(join(dir, '.env.example'), 'OPENAI_API_KEY=sk-your-key-here\n');
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'initial');
    const r = runCli(['--yes', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('-OPENAI_API_KEY=sk-...here\n+FLUX_API_KEY=sk-...here');
    expect(r.stdout).toContain('+    openai_api_key: SecretStr = Field(validation_alias="FLUX_API_KEY")');
    expect(r.stdout + r.stderr).not.toContain('sk-your-key-here');
    expect(r.stderr).not.toContain('key-still-read');
  });

  it('follows imports between files given one by one as relative paths', () => {
    const dir = tempDir();
    dirs.push(dir);
    mkdirSync(join(dir, 'svc'));
    writeFileSync(join(dir, 'svc', '__init__.py'), '');
    writeFileSync(join(dir, 'svc', 'factory.py'), 'from openai import OpenAI\n\n\ndef make(base_url=None):\n    return OpenAI(base_url=base_url)\n');
    writeFileSync(join(dir, 'svc', 'app.py'), 'from svc.factory import make\n\nclient = make(base_url="https://api.openai.com/v1")\nclient.chat.completions.create(model="gpt-4o", messages=[])\n');
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'initial');
    const r = runCli(['--yes', 'svc/factory.py', 'svc/app.py'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(read(join(dir, 'svc', 'app.py'))).toBe('from svc.factory import make\n\nclient = make(base_url="https://api.fluxrouter.ai/v1")\nclient.chat.completions.create(model="flux-auto", messages=[])\n');
    expect(read(join(dir, 'svc', 'factory.py'))).toBe('import os\nfrom openai import OpenAI\n\n\ndef make(base_url=None):\n    return OpenAI(base_url=base_url, api_key=os.environ["FLUX_API_KEY"])\n');
  });
});
