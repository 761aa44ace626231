// `flux-migrate models` and the live check of pinned ids, against a real HTTP server this test
// starts on 127.0.0.1 (--base-url points at it). Never the internet. Runs the built CLI (npm run build).
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModels } from '../src/cli/models.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'flux-migrate.js');
const APP = join(ROOT, 'fixtures', 'projects', 'prompt-app');
const KEY = 'sk-flux-' + 'Q7x2Lm9Pz4Rt8Vb3Nc6Kd1Wf5Hg0Js2Ya7Ue4Io';

// Each path of the server is one behaviour; every request is recorded.
const LIVE = {
  object: 'list',
  data: [
    { id: 'flux-auto', object: 'model', owned_by: 'fluxrouter', description: 'Routes each request' },
    { id: 'flux-fast', object: 'model', owned_by: 'fluxrouter' },
    { id: 'flux-pinned-gpt-4o-2024-08-06', object: 'model', owned_by: 'openai', description: `pinned \u001b[31mred\u001b[0m, key ${KEY}` },
  ],
};
const requests: { url: string; authorization?: string }[] = [];
const held: (() => void)[] = [];
const release = () => held.splice(0).forEach((answer) => answer());
let server: Server;
let base: string;
let closedPort: number;

function handle(req: IncomingMessage, res: ServerResponse): void {
  requests.push({ url: req.url!, authorization: req.headers.authorization });
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  if (req.url === '/ok/v1/models') return json(200, LIVE);
  if (req.url === '/denied/v1/models') return json(401, { error: { message: 'Invalid API key' } });
  if (req.url === '/broken/v1/models') return json(500, 'oops');
  if (req.url === '/html/v1/models') return json(200, '<html>not json</html>');
  if (req.url === '/shape/v1/models') return json(200, { data: [{ name: 'flux-auto' }] });
  // Answers only when the test releases it: a timeout is then the only way out, whatever the machine's speed.
  if (req.url === '/slow/v1/models') return void held.push(() => json(200, LIVE));
  json(404, { error: 'not found' });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port nothing listens on: one the system just gave out and took back.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(() => {
  release();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

// The CLI runs as a child process (asynchronously: the server lives in this process).
function cli(args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
  delete childEnv.FLUX_API_KEY;
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  else childEnv[k] = v;
  return new Promise((resolve) => {
    execFile('node', [BIN, ...args], { env: childEnv, cwd, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('flux-migrate models', () => {
  it('with the key: GET {base-url}/models with a Bearer header, a table of id, owner and description', async () => {
    requests.length = 0;
    const r = await cli(['models', '--base-url', `${base}/ok/v1/`], { FLUX_API_KEY: KEY });
    expect(r.code).toBe(0);
    expect(requests).toEqual([{ url: '/ok/v1/models', authorization: `Bearer ${KEY}` }]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+OWNER\s+DESCRIPTION$/);
    expect(lines[1]).toMatch(/^flux-auto\s+fluxrouter\s+Routes each request$/);
    expect(lines[2]).toMatch(/^flux-fast\s+fluxrouter$/);
    expect(lines[3]).toMatch(/^flux-pinned-gpt-4o-2024-08-06\s+openai\s+pinned\s+\[31mred\s+\[0m, key sk-\.\.\.e4Io$/);
    expect(r.stdout + r.stderr).not.toContain(KEY);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stderr).toContain(`3 models from GET ${base}/ok/v1/models`);
  });

  it('--json: the live list as one object', async () => {
    const r = await cli(['models', '--json', '--base-url', `${base}/ok/v1`], { FLUX_API_KEY: KEY });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ version: 1, source: 'live', url: `${base}/ok/v1/models` });
    expect(report.models.map((m: { id: string }) => m.id)).toEqual(['flux-auto', 'flux-fast', 'flux-pinned-gpt-4o-2024-08-06']);
    expect(report.models[1]).toEqual({ id: 'flux-fast', owned_by: 'fluxrouter' });
  });

  it('flags before the command name work too (flux-migrate --json --key-env X models)', async () => {
    const r = await cli(['--json', '--key-env', 'MY_FLUX', '--base-url', `${base}/ok/v1`, 'models'], { MY_FLUX: 'plain-secret-value-42' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).source).toBe('live');
    expect(requests.at(-1)!.authorization).toBe('Bearer plain-secret-value-42');
  });

  it('without the key: no request, a one-line reason on stderr, the built-in list, exit 0', async () => {
    requests.length = 0;
    const r = await cli(['models', '--base-url', `${base}/ok/v1`]);
    expect(r.code).toBe(0);
    expect(requests).toEqual([]);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^flux-migrate: FLUX_API_KEY is not set; showing the built-in list \(set FLUX_API_KEY/)]);
    expect(r.stdout).toMatch(/^ID\s+DESCRIPTION\nflux-auto\s+Flux routes each request/);
    for (const id of ['flux-auto', 'flux-fast', 'flux-standard', 'flux-reasoning', 'flux-image']) expect(r.stdout).toContain(id);
    const json = await cli(['models', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ source: 'built-in', reason: 'FLUX_API_KEY is not set', models: [{ id: 'flux-auto' }, {}, {}, {}, {}] });
  });

  it.each([
    ['401', 'denied', /answered 401: FLUX_API_KEY was not accepted as a Flux key; showing the built-in list$/],
    ['500', 'broken', /answered 500 Internal Server Error; showing the built-in list$/],
    ['a body that is not JSON', 'html', /answered with a body that is not JSON; showing the built-in list$/],
    ['JSON that is not a model list', 'shape', /answered with JSON that is not a model list .*; showing the built-in list$/],
    ['a closed port', 'closed', /failed: ECONNREFUSED; showing the built-in list$/],
  ])('%s: one line on stderr, the built-in list, exit 0', async (_, path, reason) => {
    const url = path === 'closed' ? `http://127.0.0.1:${closedPort}/v1` : `${base}/${path}/v1`;
    const r = await cli(['models', '--base-url', url], { FLUX_API_KEY: KEY });
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(reason);
    expect(r.stdout).toMatch(/^ID\s+DESCRIPTION\nflux-auto/);
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });

  it('a server slower than the timeout: the request is abandoned, the built-in list comes back', async () => {
    // The server never answers until released: the call can only return through its timeout.
    const list = await loadModels(`${base}/slow/v1`, KEY, 'FLUX_API_KEY', 300);
    expect(held.length, 'the request reached the server and is still unanswered').toBe(1);
    release();
    expect(list).toMatchObject({ source: 'built-in', reason: `GET ${base}/slow/v1/models did not answer within 0.3s` });
    expect(list.models[0].id).toBe('flux-auto');
    // The same server within the timeout: the live list.
    const live = loadModels(`${base}/slow/v1`, KEY, 'FLUX_API_KEY', 60_000);
    while (held.length === 0) await new Promise((r) => setImmediate(r));
    release();
    expect(await live).toMatchObject({ source: 'live' });
  });

  it('bad usage exits 2', async () => {
    expect((await cli(['models', '--base-url', 'ftp://x'])).code).toBe(2);
    expect((await cli(['models', '--key-env', 'NOT-A-NAME'])).code).toBe(2);
    expect((await cli(['models', '--bogus'])).code).toBe(2);
  });

  it('an invalid --model or --map exits 2 with the valid ids, before any request', async () => {
    requests.length = 0;
    const list = 'flux-auto, flux-fast, flux-standard, flux-reasoning, flux-image, or flux-pinned-<name>';
    for (const args of [['--model', 'flux-turbo'], ['--model', 'gpt-4o'], ['--map', 'gpt-4o=flux'], ['--map', 'gpt-4o=Flux-Fast']]) {
      const r = await cli(['-n', '--base-url', `${base}/ok/v1`, ...args, APP], { FLUX_API_KEY: KEY });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(list);
      expect(r.stdout).toBe('');
    }
    const r = await cli(['-n', '--map', 'gtp-4o=flux-fast', APP]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('gtp-4o is not an OpenAI chat model id');
    expect(requests).toEqual([]);
  });
});

describe('pinned ids during a migration', () => {
  const app = () => {
    const dir = mkdtempSync(join(tmpdir(), 'flux-models-'));
    cpSync(APP, dir, { recursive: true });
    return dir;
  };

  it('with the key, a pinned id missing from the live list exits 2 with the valid ids; nothing is written', async () => {
    const dir = app();
    try {
      const before = readFileSync(join(dir, 'src', 'chat.ts'), 'utf8');
      const r = await cli(['--yes', '--base-url', `${base}/ok/v1`, '--map', 'gpt-4o=flux-pinned-nope', '.'], { FLUX_API_KEY: KEY }, dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`flux-pinned-nope: not in the live model list (GET ${base}/ok/v1/models); valid ids: flux-auto, flux-fast, flux-pinned-gpt-4o-2024-08-06`);
      expect(readFileSync(join(dir, 'src', 'chat.ts'), 'utf8')).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with the key, a pinned id in the live list is used', async () => {
    const dir = app();
    try {
      const r = await cli(['--yes', '-n', '--base-url', `${base}/ok/v1`, '--model', 'flux-pinned-gpt-4o-2024-08-06', '.'], { FLUX_API_KEY: KEY }, dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('+    model: "flux-pinned-gpt-4o-2024-08-06",');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without the key there is no request; when the list cannot be fetched, a note and the migration goes on', async () => {
    const dir = app();
    try {
      requests.length = 0;
      const offline = await cli(['--yes', '-n', '--base-url', `${base}/ok/v1`, '--map', 'gpt-4o=flux-pinned-nope', '.'], {}, dir);
      expect(offline.code).toBe(0);
      expect(requests).toEqual([]);
      const denied = await cli(['--yes', '-n', '--base-url', `${base}/denied/v1`, '--map', 'gpt-4o=flux-pinned-nope', '.'], { FLUX_API_KEY: KEY }, dir);
      expect(denied.code).toBe(0);
      expect(denied.stderr).toContain('could not check flux-pinned-nope against the live model list (GET');
      expect(denied.stdout).toContain('+    model: "flux-pinned-nope",');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
