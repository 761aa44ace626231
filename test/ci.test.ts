// The team workflow around CI (CONTRACT.md, "Output formats, config and CI"), through the built CLI
// on temp git repositories: the config file, --max-warnings, --changed, --verify, doctor against a
// real HTTP server on loopback, and the ready integrations (action.yml, .pre-commit-hooks.yaml).
// Bad input exits 2 with a clear message and writes nothing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, git, removeDir, runCli, snapshot, startCli, tempDir } from './helpers/cli.js';

const CLIENT = 'import OpenAI from "openai";\nexport const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n';
const CHAT = 'import { client } from "./client";\nexport const ask = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\nexport const plan = () => client.responses.create({ model: "o3-mini", input: "x" });\n';
const MIGRATED_CLIENT = 'import OpenAI from "openai";\nexport const client = new OpenAI({ apiKey: process.env.FLUX_API_KEY, baseURL: "https://api.fluxrouter.ai/v1" });\n';
const MIGRATED_CHAT = 'import { client } from "./client";\nexport const ask = () => client.chat.completions.create({ model: "flux-auto", messages: [] });\nexport const plan = () => client.responses.create({ model: "flux-auto", input: "x" });\n';

const dirs: string[] = [];
afterAll(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});

/** A committed git repository holding `files`. */
function repo(files: Record<string, string>): string {
  const dir = tempDir('flux-ci-');
  dirs.push(dir);
  put(dir, files);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'initial');
  return dir;
}

function put(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

const models = (text: string) => [...text.matchAll(/model: "([^"]+)"/g)].map((m) => m[1]);

describe('config file', () => {
  it('is looked up from the current folder to the repository root; flags override it', () => {
    const dir = repo({
      'flux-migrate.config.json': JSON.stringify({ model: 'flux-fast', map: { 'o3-mini': 'flux-reasoning' }, ignore: ['legacy/**'] }),
      'app/src/client.ts': CLIENT,
      'app/src/chat.ts': CHAT,
      'app/legacy/old.ts': CLIENT,
    });
    const r = runCli(['--dry-run', '--json', '.'], { cwd: join(dir, 'app') });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.files.map((f: { path: string }) => f.path)).toEqual(['src/chat.ts', 'src/client.ts']); // legacy/ ignored
    const chat = report.files[0].edits.map((e: { before: string; after: string }) => `${e.before}->${e.after}`);
    expect(chat).toEqual(['gpt-4o->flux-fast', 'o3-mini->flux-reasoning']);
    // A typed flag wins over the file; a typed --map wins over the file's entry for the same id.
    const typed = JSON.parse(runCli(['--dry-run', '--json', '--model', 'flux-standard', '--map', 'o3-mini=flux-auto', '.'], { cwd: join(dir, 'app') }).stdout);
    expect(typed.files[0].edits.map((e: { after: string }) => e.after)).toEqual(['flux-standard', 'flux-auto']);
  });

  it('reads a "flux-migrate" key in package.json, and --config picks a file', () => {
    const dir = repo({ 'package.json': JSON.stringify({ name: 'x', 'flux-migrate': { paths: ['src'], model: 'tiers' } }), 'src/client.ts': CLIENT, 'src/chat.ts': CHAT, 'other/client.ts': CLIENT });
    const r = runCli(['--yes'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(models(readFileSync(join(dir, 'src/chat.ts'), 'utf8'))).toEqual(['flux-standard', 'flux-reasoning']);
    expect(readFileSync(join(dir, 'other/client.ts'), 'utf8'), 'paths from the file: only src').toBe(CLIENT);
    put(dir, { 'ci/flux.json': JSON.stringify({ paths: ['../other'], keyEnv: 'MY_FLUX_KEY' }) });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'more');
    const picked = runCli(['--yes', '--config', 'ci/flux.json'], { cwd: dir });
    expect(picked.code, picked.stderr).toBe(0);
    expect(readFileSync(join(dir, 'other/client.ts'), 'utf8')).toContain('process.env.MY_FLUX_KEY');
  });

  it('an invalid file exits 2, naming the file and the key, and writes nothing', () => {
    const cases: [string, string, RegExp][] = [
      ['flux-migrate.config.json', JSON.stringify({ modle: 'flux-fast' }), /flux-migrate\.config\.json: "modle" is not a key flux-migrate reads \(keys: paths, ignore, map, model, baseUrl, keyEnv, docs, maxWarnings\)/],
      ['.flux-migraterc', JSON.stringify({ maxWarnings: 'ten' }), /\.flux-migraterc: "maxWarnings" must be a whole number/],
      ['.flux-migraterc.json', '{ "model": "flux-fast", }', /\.flux-migraterc\.json: not valid JSON/],
      ['flux-migrate.config.json', JSON.stringify({ model: 'gpt-4o' }), /flux-migrate\.config\.json: "model" /],
      ['flux-migrate.config.json', JSON.stringify({ map: { 'gpt-4o': 'flux-nonsense' } }), /flux-migrate\.config\.json: "map" /],
    ];
    for (const [name, text, message] of cases) {
      const dir = repo({ [name]: text, 'src/client.ts': CLIENT });
      const before = snapshot(dir);
      const r = runCli(['--yes', '.'], { cwd: dir });
      expect(r.code, `${name}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(snapshot(dir)).toEqual(before);
    }
    const none = runCli(['--yes', '--config', 'nope.json', '.'], { cwd: repo({ 'src/client.ts': CLIENT }) });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--config nope.json: no such file');
  });
});

describe('--max-warnings', () => {
  const EMBED = MIGRATED_CLIENT.replace('export const client', 'const client') + 'export const vec = () => client.embeddings.create({ model: "text-embedding-3-small", input: "x" });\n';

  it('with --check, exits 1 past the limit, 0 within it; from the config file too', () => {
    const dir = repo({ 'src/a.ts': EMBED });
    expect(runCli(['--check', '.'], { cwd: dir }).code, 'warnings alone pass --check').toBe(0);
    const over = runCli(['--check', '--max-warnings', '0', '.'], { cwd: dir });
    expect(over.code).toBe(1);
    // Two warnings: the client stays on OpenAI, and its embeddings call says so where it is made.
    expect(over.stderr).toContain('Check failed: 2 warnings, more than --max-warnings 0 allows.');
    expect(runCli(['--check', '--max-warnings', '1', '.'], { cwd: dir }).code).toBe(1);
    expect(runCli(['--check', '--max-warnings', '2', '.'], { cwd: dir }).code).toBe(0);
    put(dir, { '.flux-migraterc': JSON.stringify({ maxWarnings: 0 }) });
    expect(runCli(['--check', '.'], { cwd: dir }).code).toBe(1);
    expect(runCli(['--check', '--max-warnings', '-1', '.'], { cwd: dir }).code, 'a typed flag wins, -1 is no limit').toBe(0);
  });

  it('a value that is not a whole number exits 2', () => {
    const r = runCli(['--check', '--max-warnings', 'lots', '.'], { cwd: repo({ 'src/a.ts': EMBED }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-warnings lots: not a whole number');
  });
});

describe('--changed <ref>', () => {
  it('reports only the files changed since the ref (committed or not), following values through the others', () => {
    const dir = repo({ 'src/client.ts': MIGRATED_CLIENT, 'src/chat.ts': MIGRATED_CHAT, 'src/old.ts': CLIENT });
    git(dir, 'tag', 'base');
    // A committed change and an uncommitted new file, both using the (unchanged) shared client.
    put(dir, { 'src/chat.ts': MIGRATED_CHAT + 'export const img = () => client.images.generate({ prompt: "x" });\n' });
    git(dir, 'commit', '-qam', 'images');
    put(dir, { 'src/new.ts': 'import { client } from "./client";\nexport const n = () => client.chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n' });
    const r = runCli(['--check', '--json', '--changed', 'base', '.'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.files.map((f: { path: string }) => f.path)).toEqual(['src/chat.ts', 'src/new.ts']); // not src/old.ts
    expect(report.files[0].warnings.map((w: { line: number; code: string }) => `${w.line} ${w.code}`)).toEqual(['4 unsupported-endpoint']);
    expect(report.files[1].edits.map((e: { before: string }) => e.before)).toEqual(['gpt-4o-mini']);
    // Writing with --changed writes only those files.
    const w = runCli(['--yes', '--force', '--changed', 'base', '.'], { cwd: dir });
    expect(w.code, w.stderr).toBe(0);
    expect(readFileSync(join(dir, 'src/old.ts'), 'utf8')).toBe(CLIENT);
    expect(readFileSync(join(dir, 'src/new.ts'), 'utf8')).toContain('model: "flux-auto"');
  });

  it('a ref that does not exist, or no git repository: exit 2, nothing written', () => {
    const dir = repo({ 'src/client.ts': CLIENT });
    const before = snapshot(dir);
    const r = runCli(['--yes', '--changed', 'no-such-branch', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--changed no-such-branch: not a commit, branch or tag in this repository');
    expect(snapshot(dir)).toEqual(before);
    const outside = tempDir('flux-ci-nogit-');
    dirs.push(outside);
    put(outside, { 'a.ts': CLIENT });
    const o = runCli(['--yes', '--changed', 'HEAD', '.'], { cwd: outside });
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/--changed HEAD: .* is not in a git repository/);
    expect(readFileSync(join(outside, 'a.ts'), 'utf8')).toBe(CLIENT);
  });
});

describe('--verify', () => {
  const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022', skipLibCheck: true }, include: ['src'] });
  // The model type lives in a declaration file, which flux-migrate never edits: flux-auto is not in it.
  const TYPED = {
    'tsconfig.json': TSCONFIG,
    'src/openai.d.ts': 'declare module "openai" {\n  export default class OpenAI {\n    constructor(options?: { apiKey?: string; baseURL?: string });\n    chat: { completions: { create(body: { model: import("./models").ChatModel; messages: unknown[] }): Promise<unknown> } };\n  }\n}\n',
    'src/models.d.ts': 'export type ChatModel = "gpt-4o" | "gpt-4o-mini";\n',
    'src/app.ts': 'import OpenAI from "openai";\nimport type { ChatModel } from "./models";\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nconst model: ChatModel = "gpt-4o";\nexport const ask = () => client.chat.completions.create({ model, messages: [] });\n',
    'src/env.d.ts': 'declare const process: { env: Record<string, string | undefined> };\n',
  };

  it('a type check that newly fails: nothing is written, the file and the error are named, exit 2', () => {
    const dir = repo(TYPED);
    const before = snapshot(dir);
    const r = runCli(['--yes', '--verify', '.'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--verify: a check fails after the migration, so nothing was written:\n {2}src\/app\.ts: type check \(tsconfig\.json\) fails after the run: line 4: TS2322 Type '"flux-auto"' is not assignable to type 'ChatModel'/);
    expect(snapshot(dir)).toEqual(before);
    // Without --verify the same run writes (the check is what stops it).
    expect(runCli(['--yes', '.'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'src/app.ts'), 'utf8')).toContain('"flux-auto"');
  });

  it('checks that already failed before the run do not count; a clean migration writes', () => {
    const dir = repo({ ...TYPED, 'src/models.d.ts': 'export type ChatModel = string;\n', 'src/broken.ts': 'const x: number = "not a number";\nexport default x;\n', 'src/other.py': 'import os\nfrom openai import OpenAI\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n' });
    const r = runCli(['--yes', '--verify', '.'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'src/app.ts'), 'utf8')).toContain('"flux-auto"');
    expect(readFileSync(join(dir, 'src/other.py'), 'utf8')).toContain('base_url="https://api.fluxrouter.ai/v1"');
  });
});

describe('doctor', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  /** A Flux-like API on loopback: GET /v1/models for the key `good`. */
  async function api(handler?: (res: import('node:http').ServerResponse) => void): Promise<string> {
    server = createServer((req, res) => {
      if (handler) return handler(res);
      if (req.headers.authorization !== 'Bearer good-flux-key-123456') return void res.writeHead(401).end('{"error":"bad key"}');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: [{ id: 'flux-auto' }, { id: 'flux-fast' }, { id: 'flux-pinned-alpha' }] }));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`;
  }

  async function doctor(dir: string, args: string[], key?: string) {
    return startCli(['doctor', ...args], { cwd: dir, env: { FLUX_API_KEY: key } }).done;
  }

  it('all ok on a migrated project with an accepted key: exit 0; --json is one object', async () => {
    const url = await api();
    const dir = repo({ 'src/client.ts': MIGRATED_CLIENT.replace('https://api.fluxrouter.ai/v1', url), 'src/chat.ts': MIGRATED_CHAT });
    const r = await doctor(dir, ['--base-url', url], 'good-flux-key-123456');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`ok       GET ${url}/models accepts FLUX_API_KEY (3 models)`);
    expect(r.stdout).toContain('ok       every Flux model id in the code is in the live list: flux-auto');
    expect(r.stderr).toContain('flux-migrate doctor: ready to run on Flux.');
    expect(r.stdout + r.stderr).not.toContain('good-flux-key');
    const json = JSON.parse((await doctor(dir, ['--json', '--base-url', url], 'good-flux-key-123456')).stdout);
    expect(json.ok).toBe(true);
    expect(json.checks.map((c: { id: string; ok: boolean }) => `${c.id}:${c.ok}`)).toEqual(['key-set:true', 'key-accepted:true', 'models-served:true', 'openai-left:true']);
  });

  it('names each problem with what to do: no key, a rejected key, an id not served, OpenAI left (exit 1)', async () => {
    const url = await api();
    const dir = repo({ 'src/client.ts': CLIENT, 'src/chat.ts': MIGRATED_CHAT.replace('"flux-auto", input', '"flux-pinned-beta", input') });
    const unset = await doctor(dir, ['--base-url', url]);
    expect(unset.code).toBe(1);
    expect(unset.stdout).toContain('problem  FLUX_API_KEY is not set\n         -> set FLUX_API_KEY to your Flux key');
    const rejected = await doctor(dir, ['--base-url', url], 'wrong-key-7890123');
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toContain(`problem  GET ${url}/models: key rejected (401)`);
    expect(rejected.stdout + rejected.stderr).not.toContain('wrong-key-7890123');
    const good = await doctor(dir, ['--base-url', url], 'good-flux-key-123456');
    expect(good.code).toBe(1);
    expect(good.stdout).toContain('problem  not in the live list: flux-pinned-beta (src/chat.ts:3)');
    expect(good.stdout).toContain('problem  1 file still uses OpenAI for a client that could move: src/client.ts');
    expect(good.stderr).toContain('flux-migrate doctor: 2 of 4 checks found a problem.');
  });

  it('no answer from the API (refused, or silent for 10 s): exit 2', async () => {
    const dir = repo({ 'src/client.ts': MIGRATED_CLIENT });
    const closed = await api();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const refused = await doctor(dir, ['--base-url', closed], 'good-flux-key-123456');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/the Flux API gave no answer \(no answer \(ECONNREFUSED\)\); exit 2/);
    const silent = await api(() => undefined); // accepts the request, never answers
    const hung = await doctor(dir, ['--base-url', silent], 'good-flux-key-123456');
    expect(hung.code).toBe(2);
    expect(hung.stderr).toContain('no answer within 10 s');
  }, 60_000);

  it('a bad --base-url or --key-env is a usage error (exit 2)', () => {
    const dir = repo({ 'src/client.ts': MIGRATED_CLIENT });
    expect(runCli(['doctor', '--base-url', 'not a url'], { cwd: dir }).code).toBe(2);
    expect(runCli(['doctor', '--key-env', 'bad name'], { cwd: dir }).code).toBe(2);
  });
});

describe('ready integrations', () => {
  it('action.yml: a composite action whose check step runs flux-migrate --check --format github with its inputs', () => {
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(['paths', 'max-warnings', 'args', 'node-version']);
    const check = action.runs.steps.find((s: { name?: string }) => s.name === 'flux-migrate --check --format github');
    expect(check.shell).toBe('bash');
    // Run the step's own script here, as the runner would, on a repository that still needs migrating.
    const dir = repo({ 'app/src/client.ts': CLIENT, 'app/src/chat.ts': CHAT, 'app/legacy/x.ts': CLIENT });
    const env = { ...process.env, CI: 'true', NO_COLOR: '1', FLUX_MIGRATE_BIN: BIN, INPUT_PATHS: 'app/src', INPUT_MAX_WARNINGS: '', INPUT_ARGS: '--ignore legacy/**' };
    const r = spawnSync('bash', ['-c', check.run], { cwd: dir, env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^::error file=app\/src\/client\.ts,line=2,/m);
    expect(r.stdout).not.toContain('legacy');
    const limited = spawnSync('bash', ['-c', check.run], { cwd: dir, env: { ...env, INPUT_PATHS: '.', INPUT_ARGS: '' }, encoding: 'utf8' });
    expect(limited.stdout).toMatch(/^::error file=app\/legacy\/x\.ts/m);
  });

  it('.pre-commit-hooks.yaml: a node hook whose entry refuses a commit that brings an OpenAI client', () => {
    const [hook] = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
    expect(hook).toMatchObject({ id: 'flux-migrate', language: 'node', pass_filenames: false });
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin['flux-migrate']).toBe('bin/flux-migrate.js');
    const [command, ...args] = hook.entry.split(' ');
    expect(command).toBe('flux-migrate');
    const dir = repo({ 'src/client.ts': MIGRATED_CLIENT, 'src/chat.ts': MIGRATED_CHAT });
    const clean = runCli(args, { cwd: dir });
    expect(clean.code, clean.stderr).toBe(0);
    put(dir, { 'src/new.ts': CLIENT.replace('export const client', 'export const second') });
    git(dir, 'add', '-A'); // staged, as pre-commit runs it
    const dirty = runCli(args, { cwd: dir });
    expect(dirty.code).toBe(1);
    expect(dirty.stdout).toContain('diff --git a/src/new.ts b/src/new.ts');
  });
});
