// The Python, notebook and env scanners below the fixtures: offsets with unicode, every migrated
// .py fixture compiling under python3, notebook JSON kept byte-exact, invalid input refused.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateSource } from '../src/api.js';
import { scanNotebook } from '../src/scan/notebook/index.js';
import { parsePython } from '../src/scan/python/parse.js';
import { maskSecrets } from '../src/secrets.js';
import { checkModelFlag, parseMapFlag } from '../src/pipeline/plan.js';
import { fixturePath, loadCases } from './helpers/fixtures.js';

const OPTIONS = { baseUrl: 'https://api.fluxrouter.ai/v1', keyEnv: 'FLUX_API_KEY' };

describe('Python positions', () => {
  it('tree-sitter positions are JS string offsets, so unicode before an edit does not shift it', async () => {
    const text = 's = "😀 héllo"  # ünï 🌸\nx = "gpt-4o"\n';
    const root = await parsePython(text);
    const str = root.descendantsOfType('string').find((n) => n?.text === '"gpt-4o"')!;
    expect(text.slice(str.startIndex, str.endIndex)).toBe('"gpt-4o"');
    const r = await migrateSource('# 👋 émoji\nfrom openai import OpenAI\nc = OpenAI(timeout=1)  # ☕ ü\nc.chat.completions.create(model="gpt-4o", messages=[{"content": "🙂"}])\n', 'a.py');
    expect(r.after).toContain('c.chat.completions.create(model="flux-auto", messages=[{"content": "🙂"}])');
    expect(r.after).toContain('c = OpenAI(timeout=1, api_key=os.environ["FLUX_API_KEY"], base_url="https://api.fluxrouter.ai/v1")  # ☕ ü');
  });

  it('a file that does not parse is refused with its line', async () => {
    await expect(migrateSource('from openai import OpenAI\n\ndef f(:\n  pass\n', 'bad.py')).rejects.toThrow(/does not parse: Python syntax error at line 3/);
  });
});

const hasPython = spawnSync('python3', ['--version']).status === 0;

describe('migrated Python compiles', () => {
  // Only the fixtures that migrate (an output.py), and the project's expected files that differ
  // from their input: an unchanged input proves nothing about migrated code.
  const files: string[] = [];
  const cases = loadCases(fixturePath('fixtures/python')).filter((c) => c.inputFile.endsWith('.py') && c.expected !== c.input);
  for (const c of cases) files.push(join(c.dir, 'output.py'));
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.py')) files.push(join(dir, e.name));
    }
  };
  const expectedDir = fixturePath('fixtures/projects/python-app/expected');
  const inputDir = fixturePath('fixtures/projects/python-app/input');
  const before = files.length;
  walk(expectedDir);
  files.splice(before, files.length - before, ...files.slice(before).filter((f) => readFileSync(f, 'utf8') !== readFileSync(join(inputDir, relative(expectedDir, f)), 'utf8')));

  it(`python3 -m py_compile accepts every migrated .py fixture (${files.length} files)`, () => {
    expect(hasPython, 'python3 is not installed: cannot compile the migrated fixtures (apt-get install -y python3)').toBe(true);
    // A throwaway pycache prefix, so the fixtures folder gets no __pycache__.
    const cache = mkdtempSync(join(tmpdir(), 'pycache-'));
    const r = spawnSync('python3', ['-m', 'py_compile', ...files], { encoding: 'utf8', env: { ...process.env, PYTHONPYCACHEPREFIX: cache } });
    rmSync(cache, { recursive: true, force: true });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('the migrated fixtures are really the migrated form of their inputs', async () => {
    expect(files.some((f) => f.endsWith('client-defaults/output.py'))).toBe(true);
    expect(files.length).toBeGreaterThan(15);
    for (const c of cases) {
      const options = { baseUrl: c.options.baseUrl, keyEnv: c.options.keyEnv, policy: { model: checkModelFlag(c.options.model ?? 'flux-auto'), map: (c.options.map ?? []).map(parseMapFlag) } };
      expect((await migrateSource(c.input, c.inputFile, options)).after, c.name).toBe(readFileSync(join(c.dir, 'output.py'), 'utf8'));
    }
    for (const f of files.filter((p) => p.startsWith(expectedDir))) {
      const input = join(inputDir, relative(expectedDir, f));
      expect(f, 'a migrated project file has its input').not.toBe(input);
      expect(readFileSync(f, 'utf8'), `${f} differs from its input`).not.toBe(readFileSync(input, 'utf8'));
    }
  });
});

describe('notebooks', () => {
  it('keeps the JSON byte-exact outside edited strings: escapes, indentation, key order, outputs', async () => {
    const nb = '{\n  "metadata": {"language_info": {"name": "python"}},\n  "cells": [\n    {"source": ["x = \\"Caf\\u00e9 \\ud83d\\ude00\\"\\n", "from openai import OpenAI\\n", "OpenAI().chat.completions.create(model=\\"gpt-4o\\", messages=[])"],\n     "outputs": [{"text": "gpt-4o"}], "cell_type": "code"}\n  ],\n  "nbformat": 4\n}\n';
    const r = await migrateSource(nb, 'n.ipynb');
    expect(r.after).toContain('"x = \\"Caf\\u00e9 \\ud83d\\ude00\\"\\n"');
    expect(r.after).toContain('model=\\"flux-auto\\"');
    expect(r.after).toContain('"outputs": [{"text": "gpt-4o"}], "cell_type": "code"}');
    expect(JSON.parse(r.after).cells[0].source.join('')).toBe(
      'x = "Café 😀"\nimport os\nfrom openai import OpenAI\nOpenAI(\n    api_key=os.environ["FLUX_API_KEY"],\n    base_url="https://api.fluxrouter.ai/v1",\n).chat.completions.create(model="flux-auto", messages=[])',
    );
  });

  it('refuses a notebook whose JSON is invalid', async () => {
    await expect(scanNotebook('{"cells": [', 'x.ipynb', OPTIONS)).rejects.toThrow(/not a valid notebook \(invalid JSON/);
  });

  it('leaves notebooks of other languages alone', async () => {
    const nb = JSON.stringify({ metadata: { kernelspec: { language: 'R' } }, cells: [{ cell_type: 'code', source: ['openai <- "gpt-4o"'] }] });
    expect((await migrateSource(nb, 'r.ipynb')).changed).toBe(false);
  });

  it('reads IPython magics as comments, and reports syntax errors with the notebook line', async () => {
    const ok = JSON.stringify({ cells: [{ cell_type: 'code', source: ['!pip install openai\n', 'files = !ls\n', '%%time\n'] }, { cell_type: 'code', source: ['from openai import OpenAI\n', 'OpenAI()'] }] });
    expect((await migrateSource(ok, 'm.ipynb')).changed).toBe(true);
    const bad = JSON.stringify({ cells: [{ cell_type: 'code', source: ['from openai import OpenAI\n', 'def f(:\n'] }] }, null, 1);
    await expect(migrateSource(bad, 'b.ipynb')).rejects.toThrow(/Python syntax error in a code cell \(notebook line 7\)/);
  });
});

describe('env files', () => {
  it('never prints the key value: it is registered as a secret, whatever it looks like', async () => {
    await migrateSource('OPENAI_API_KEY=my-company-token-42\n', 'x.env');
    expect(maskSecrets('-OPENAI_API_KEY=my-company-token-42')).toBe('-OPENAI_API_KEY=...n-42');
  });

  it('reads .env, .env.* and *.env files only', async () => {
    for (const name of ['.env', '.env.local', 'prod.env']) expect((await migrateSource('OPENAI_MODEL=gpt-4o\n', name)).changed, name).toBe(true);
    for (const name of ['.envrc', 'env.txt', 'dotenv']) expect((await migrateSource('OPENAI_MODEL=gpt-4o\n', name)).changed, name).toBe(false);
  });
});
