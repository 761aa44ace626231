// Adversarial input, as a hostile or unlucky user would give it (issue 16): symlinks given as
// roots (into the tree, out of it, to `/`, loops), BOMs, read-only files as root, Python that
// CPython rejects, very deep and very long expressions, secrets in every value position and output
// channel, a save racing the write, and stdout closed early. Every case runs the built CLI on a
// temp tree; expected outputs are written out by hand.
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, isRoot, removeDir, runCli, snapshot, startCli, tempDir, waitForFile } from './helpers/cli.js';

const JS = 'import OpenAI from "openai";\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nexport const ask = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\n';
const JS_AFTER = 'import OpenAI from "openai";\nconst client = new OpenAI({ apiKey: process.env.FLUX_API_KEY, baseURL: "https://api.fluxrouter.ai/v1" });\nexport const ask = () => client.chat.completions.create({ model: "flux-auto", messages: [] });\n';

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

function write(path: string, text: string | Buffer = JS): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** CPython's verdict, the oracle for "does this parse" (python3 is on the test machine, not needed by the tool). */
function cpythonAccepts(path: string): boolean {
  return spawnSync('python3', ['-c', 'import ast,sys; ast.parse(open(sys.argv[1],"rb").read())', path]).status === 0;
}

describe('adversarial input', () => {
  const base = tempDir('flux-adversarial-');
  afterAll(() => removeDir(base));

  it('refuses a symlink given as a root (out of the tree, into it, to /), and names a loop as a loop', () => {
    const dir = join(base, 'links');
    write(join(dir, 'shared', 'lib', 'client.ts'));
    write(join(dir, 'app', 'src', 'main.ts'));
    symlinkSync('../shared/lib', join(dir, 'app', 'vendor-lib'));
    symlinkSync('src', join(dir, 'app', 'src-link'));
    symlinkSync('/', join(dir, 'app', 'disk'));
    symlinkSync('loop-b', join(dir, 'app', 'loop-a'));
    symlinkSync('loop-a', join(dir, 'app', 'loop-b'));
    const before = snapshot(dir);
    const app = join(dir, 'app');

    const out = runCli(['--yes', 'vendor-lib'], { cwd: app });
    expect(out.code, out.stderr).toBe(2);
    expect(out.stderr).toMatch(/vendor-lib: error is a symbolic link \(to .*shared\/lib\)/);
    const inner = runCli(['--yes', 'src-link/main.ts'], { cwd: app });
    expect(inner.code, inner.stderr).toBe(2);
    expect(inner.stderr).toMatch(/src-link\/main\.ts: error .*symbolic link/);
    const disk = runCli(['--dry-run', '--json', 'disk'], { cwd: app });
    expect(disk.code).toBe(2);
    const report = JSON.parse(disk.stdout);
    expect(report.summary.scanned, 'nothing behind a link to / is scanned').toBe(0);
    expect(report.errors[0].path).toBe('disk');
    expect(snapshot(dir), 'nothing behind any link was written').toEqual(before);

    const loop = runCli(['--dry-run', 'loop-a'], { cwd: app });
    expect(loop.code).toBe(2);
    expect(loop.stderr).toMatch(/loop-a: .*symbolic link loop/);
    expect(loop.stderr).not.toMatch(/no such file/);

    // The real folder, named as itself, is migrated as usual.
    const real = runCli(['--yes', 'src'], { cwd: app });
    expect(real.code, real.stderr).toBe(0);
    expect(readFileSync(join(app, 'src', 'main.ts'), 'utf8')).toBe(JS_AFTER);
  });

  it('moves a literal OpenAI key with the URL of a raw request, and never prints it', () => {
    const dir = join(base, 'raw-key');
    const file = write(join(dir, 'raw.ts'), [
      'const KEY = "fk-rawliteral-QWERTYUIOP1234";',
      'export const a = () => fetch("https://api.openai.com/v1/chat/completions", {',
      '  headers: { Authorization: `Bearer ${KEY}` },',
      '  body: JSON.stringify({ model: "gpt-4o" }),',
      '});',
      'export const b = () => fetch("https://api.openai.com/v1/responses", {',
      '  headers: { Authorization: "Bearer sk-proj-direct0literal0key9876" },',
      '  body: JSON.stringify({ model: "gpt-4o" }),',
      '});',
      '',
    ].join('\n'));
    const dry = runCli(['--dry-run', '--json', '.'], { cwd: dir });
    expect(dry.code, dry.stderr).toBe(0);
    const warnings = JSON.parse(dry.stdout).files[0].warnings.map((w: { line: number; code: string }) => `${w.line} ${w.code}`);
    expect(warnings).toContain('3 hardcoded-key');
    expect(warnings).toContain('7 hardcoded-key');
    const r = runCli(['--yes', '.'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    for (const out of [dry.stdout, dry.stderr, r.stdout, r.stderr]) {
      expect(out).not.toContain('QWERTYUIOP1234"');
      expect(out).not.toContain('fk-rawliteral');
      expect(out).not.toContain('direct0literal0key');
    }
    expect(readFileSync(file, 'utf8')).toBe([
      'const KEY = "fk-rawliteral-QWERTYUIOP1234";',
      'export const a = () => fetch("https://api.fluxrouter.ai/v1/chat/completions", {',
      '  headers: { Authorization: `Bearer ${process.env.FLUX_API_KEY}` },',
      '  body: JSON.stringify({ model: "flux-auto" }),',
      '});',
      'export const b = () => fetch("https://api.fluxrouter.ai/v1/responses", {',
      '  headers: { Authorization: `Bearer ${process.env.FLUX_API_KEY}` },',
      '  body: JSON.stringify({ model: "flux-auto" }),',
      '});',
      '',
    ].join('\n'));
  });

  it('keeps a Python BOM first when `import os` is added', () => {
    const dir = join(base, 'bom');
    const file = write(join(dir, 'app.py'), '\uFEFFfrom openai import OpenAI\nclient = OpenAI()\n');
    const r = runCli(['--yes', '.'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('\uFEFFimport os\nfrom openai import OpenAI\nclient = OpenAI(\n    api_key=os.environ["FLUX_API_KEY"],\n    base_url="https://api.fluxrouter.ai/v1",\n)\n');
    expect(cpythonAccepts(file)).toBe(true);
  });

  it('masks a literal in a key position whatever its shape, in the diff, the warnings and the JSON report', () => {
    const dir = join(base, 'masks');
    write(join(dir, 'a.ts'), 'import OpenAI from "openai";\nconst c = new OpenAI({ apiKey: process.env.X || "orlit-9f8e7d6c5b4a3210" });\nconst d = new OpenAI({ apiKey: "concat-part-one-" + "concat-part-two-zz" });\n');
    write(join(dir, 'b.py'), 'import os\nfrom openai import OpenAI\nclient = OpenAI(api_key=os.environ.get("OPENAI_API_KEY", "pydefault-1a2b3c4d5e6f"))\n');
    write(join(dir, 'broken.ipynb'), '{"cells": [{"cell_type": "code", "source": ["import openai\\n", "key = \\"nbsecret-abcdefgh12345678\\"\\n"]}], \u0001 oops');
    const secrets = ['orlit-9f8e7d6c5b4a3210', 'concat-part-one-', 'concat-part-two-zz', 'pydefault-1a2b3c4d5e6f', 'nbsecret-abcdefgh'];
    for (const args of [['--dry-run', '.'], ['--dry-run', '--json', '.'], ['--check', '.']]) {
      const r = runCli(args, { cwd: dir });
      expect(r.stdout + r.stderr, args.join(' ')).toMatch(/a\.ts/);
      expect(r.stderr + r.stdout).toMatch(/broken\.ipynb/);
      for (const s of secrets) expect(r.stdout + r.stderr, `${args.join(' ')} prints ${s}`).not.toContain(s);
    }
  });

  it('keeps the comments inside an empty options object or call', () => {
    const dir = join(base, 'comments');
    const js = write(join(dir, 'a.ts'), 'import OpenAI from "openai";\nconst c = new OpenAI({\n  // NOTE keep me\n});\n');
    const py = write(join(dir, 'b.py'), 'import os\nimport openai\nclient = openai.OpenAI(\n    # TODO: keep\n)\n');
    const r = runCli(['--yes', '.'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(js, 'utf8')).toBe('import OpenAI from "openai";\nconst c = new OpenAI({\n  // NOTE keep me\n  apiKey: process.env.FLUX_API_KEY,\n  baseURL: "https://api.fluxrouter.ai/v1",\n});\n');
    expect(readFileSync(py, 'utf8')).toBe('import os\nimport openai\nclient = openai.OpenAI(\n    # TODO: keep\n    api_key=os.environ["FLUX_API_KEY"],\n    base_url="https://api.fluxrouter.ai/v1",\n)\n');
  });

  it('does not overwrite a save that lands between the temp file and the rename, and says so', async () => {
    const dir = join(base, 'race');
    const file = write(join(dir, 'a.ts'));
    const marker = join(base, 'race-paused');
    // The test-only hook stops the write after its temp file is complete, before the rename.
    const { child, done } = startCli(['--yes', '.'], { cwd: dir, env: { FLUX_MIGRATE_TEST_PAUSE_WRITE: `1:${marker}` } });
    await waitForFile(marker, done);
    appendFileSync(file, '// saved by the user\n');
    child.kill('SIGINT'); // resumes the paused write
    const r = await done;
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/a\.ts: error could not be written: changed on disk while flux-migrate ran/);
    expect(readFileSync(file, 'utf8')).toBe(JS + '// saved by the user\n');
    expect(r.stderr).toMatch(/0 files changed/);
  });

  it('does not write a read-only file, also when run as root; the summary counts only files written', () => {
    const dir = join(base, 'read-only');
    const ro = write(join(dir, 'ro.ts'));
    const ok = write(join(dir, 'ok.ts'));
    chmodSync(ro, 0o444);
    const r = runCli(['--yes', '.'], { cwd: dir });
    console.log(`adversarial: read-only check ran as ${isRoot() ? 'root' : 'an ordinary user'}`);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/ro\.ts: error could not be written: is read-only/);
    expect(readFileSync(ro, 'utf8')).toBe(JS);
    expect(readFileSync(ok, 'utf8')).toBe(JS_AFTER);
    expect(r.stderr).toMatch(/2 files scanned, 1 file changed .*1 error/);
  });

  it('does not edit Python that CPython rejects (exit 2, file named), and edits what it accepts', () => {
    const dir = join(base, 'python-syntax');
    const head = 'from openai import OpenAI\nclient = OpenAI()\n';
    const bad: Record<string, string> = {
      'dedent.py': head + 'if x:\n        a = 1\n    b = 2\n',
      'tabs.py': head + 'if x:\n\ta = 1\n        b = 2\n',
      'indent.py': head + '    x = 1\n',
      'print2.py': head + 'print "hello"\n',
      'kwarg.py': head + 'f(a=1, 2)\n',
      'kwargs.py': head + 'f(**k, 2)\n',
      'exec2.py': head + 'exec "x = 1"\n',
    };
    const good: Record<string, string> = {
      'ok-tabs.py': head + 'if x:\n\ta = 1\n\tif y:\n\t\tb = (1,\n  2)\n',
      'ok-strings.py': head + 's = """\n  not indentation\n\tat all\n"""\nif x:\n    y = [\n1]\n    z = f(*a, b, c=1, *d, **e)\n',
      'ok-print.py': head + 'print("hello")\nprint = 1\n',
    };
    for (const [name, text] of Object.entries({ ...bad, ...good })) write(join(dir, name), text);
    for (const name of Object.keys(bad)) expect(cpythonAccepts(join(dir, name)), `CPython rejects ${name}`).toBe(false);
    for (const name of Object.keys(good)) expect(cpythonAccepts(join(dir, name)), `CPython accepts ${name}`).toBe(true);
    const r = runCli(['--yes', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    for (const [name, text] of Object.entries(bad)) {
      expect(r.stderr, name).toMatch(new RegExp(`\\n  ${name.replace('.', '\\.')}: error does not parse`));
      expect(readFileSync(join(dir, name), 'utf8'), `${name} is left as is`).toBe(text);
    }
    for (const name of Object.keys(good)) {
      expect(readFileSync(join(dir, name), 'utf8'), name).toMatch(/base_url="https:\/\/api\.fluxrouter\.ai\/v1"/);
      expect(cpythonAccepts(join(dir, name))).toBe(true);
    }
  });

  it('migrates valid code with a 2,000-term sum and a 400-deep object', () => {
    const dir = join(base, 'deep');
    let deep = '1';
    for (let i = 0; i < 400; i++) deep = `{ a: ${deep} }`;
    const sum = write(join(dir, 'sum.ts'), JS + `export const n = ${Array(2000).fill('1').join(' + ')};\n`);
    const nested = write(join(dir, 'nested.ts'), JS + `export const o = ${deep};\n`);
    const r = runCli(['--yes', '.'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(sum, 'utf8')).toBe(JS_AFTER + `export const n = ${Array(2000).fill('1').join(' + ')};\n`);
    expect(readFileSync(nested, 'utf8')).toBe(JS_AFTER + `export const o = ${deep};\n`);
  });

  it('quotes odd file names the way git does, in the diff, the warnings and the patch, and migrates them', () => {
    const dir = join(base, 'odd-names');
    const names = ['new\nline.ts', 'esc\u001b[31mred.ts', 'quote"and\\back.ts', 'tab\there.ts', 'ünï cödé.ts', '-dash.ts'];
    for (const name of names) write(join(dir, name), JS.replace('process.env.OPENAI_API_KEY', 'process.env.MY_KEY'));
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'odd');
    const patch = runCli(['--format', 'patch', '--dry-run', '--', '.'], { cwd: dir });
    const text = runCli(['--dry-run', '--', '.'], { cwd: dir });
    for (const out of [patch.stdout, text.stdout, text.stderr]) {
      expect(out, 'no raw escape character reaches the terminal').not.toContain('\u001b');
    }
    expect(text.stdout).toContain('diff --git "a/new\\nline.ts" "b/new\\nline.ts"');
    expect(text.stdout).toContain('diff --git "a/esc\\033[31mred.ts" "b/esc\\033[31mred.ts"');
    expect(text.stdout).toContain('diff --git "a/quote\\"and\\\\back.ts" "b/quote\\"and\\\\back.ts"');
    expect(text.stderr).toContain('"new\\nline.ts":2'); // among the places of the one unresolved-key warning
    expect(text.stderr).toMatch(/ {2}unresolved-key {2}/);
    // git reads the names back: the patch applies, and is exactly what a writing run writes.
    writeFileSync(join(base, 'odd.patch'), patch.stdout);
    const applied = spawnSync('git', ['apply', '--check', join(base, 'odd.patch')], { cwd: dir, encoding: 'utf8' });
    expect(applied.status, applied.stderr).toBe(0);
    const r = runCli(['--yes', '--', '.'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    for (const name of names) expect(readFileSync(join(dir, name), 'utf8'), JSON.stringify(name)).toContain('baseURL: "https://api.fluxrouter.ai/v1"');
    expect(spawnSync('git', ['apply', '-R', '--check', join(base, 'odd.patch')], { cwd: dir, encoding: 'utf8' }).status, 'the patch is what the run wrote').toBe(0);
  });

  it('keeps a BOM first in every file kind it edits', () => {
    const dir = join(base, 'bom-kinds');
    const BOM = '\uFEFF';
    write(join(dir, 'a.ts'), BOM + JS);
    write(join(dir, 'b.mjs'), BOM + JS);
    write(join(dir, 'c.py'), BOM + '"""Doc."""\nfrom openai import OpenAI\nclient = OpenAI()\n');
    const notebook = { cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: ['from openai import OpenAI\n', 'client = OpenAI(api_key="sk-proj-bomnotebook0000000000")'] }], metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5 };
    write(join(dir, 'd.ipynb'), BOM + JSON.stringify(notebook, null, 1) + '\n');
    write(join(dir, '.env'), BOM + 'OPENAI_API_KEY=bom-env-secret-value-123\nOPENAI_MODEL=gpt-4o\n');
    const r = runCli(['--yes', '.'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('bomnotebook0000');
    expect(r.stdout + r.stderr).not.toContain('bom-env-secret');
    expect(readFileSync(join(dir, 'a.ts'), 'utf8')).toBe(BOM + JS_AFTER);
    expect(readFileSync(join(dir, 'b.mjs'), 'utf8')).toBe(BOM + JS_AFTER);
    expect(readFileSync(join(dir, 'c.py'), 'utf8')).toBe(BOM + '"""Doc."""\nimport os\nfrom openai import OpenAI\nclient = OpenAI(\n    api_key=os.environ["FLUX_API_KEY"],\n    base_url="https://api.fluxrouter.ai/v1",\n)\n');
    expect(cpythonAccepts(join(dir, 'c.py'))).toBe(true);
    const nb = readFileSync(join(dir, 'd.ipynb'), 'utf8');
    expect(nb.startsWith(BOM + '{')).toBe(true);
    expect(JSON.parse(nb.slice(1)).cells[0].source.join('')).toBe('import os\nfrom openai import OpenAI\nclient = OpenAI(api_key=os.environ["FLUX_API_KEY"], base_url="https://api.fluxrouter.ai/v1")');
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe(BOM + 'FLUX_API_KEY=bom-env-secret-value-123\nOPENAI_MODEL=flux-auto\n');
    const again = runCli(['--check', '.'], { cwd: dir });
    expect(again.code, `a second run changes nothing: ${again.stdout}`).toBe(0);
  });

  it('stops quietly with exit 0 when stdout is closed early', () => {
    const dir = join(base, 'pipe');
    for (let i = 0; i < 400; i++) write(join(dir, `f${String(i).padStart(3, '0')}.ts`)); // more diff than a pipe holds
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" -n . | head -1; echo "status=\${PIPESTATUS[0]}" >&2`], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
    expect(r.stdout).toBe('diff --git a/f000.ts b/f000.ts\n');
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
    expect(r.stderr).toMatch(/status=0\n$/);
  });
});
