// The interactive model choice, driven like a user would: the BUILT CLI (npm run build first) in a
// real pseudo-terminal (node-pty), typing keys and reading the screen (ANSI stripped), on temp
// copies of fixtures/projects/prompt-app (gpt-4o twice, o3-mini once). No network: no Flux key.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from './helpers/cli.js';
import { KEY, Terminal, killTerminals } from './helpers/pty.js';

const ROOT = join(import.meta.dirname, '..');
const APP = join(ROOT, 'fixtures', 'projects', 'prompt-app');
const FILES = ['src/chat.ts', 'src/summarize.ts'];

const dirs: string[] = [];
afterEach(() => {
  killTerminals();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function app(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flux-prompt-'));
  cpSync(APP, dir, { recursive: true });
  dirs.push(dir);
  return dir;
}

const read = (dir: string) => Object.fromEntries(FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
const models = (dir: string) => FILES.flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/model: "([^"]+)"/g)].map((m) => m[1]));

const GPT4O = 'Flux model for gpt-4o (used 2 times: src/chat.ts:9, src/summarize.ts:7)?';
const O3MINI = 'Flux model for o3-mini (used once: src/summarize.ts:15)?';

describe('prompts in a terminal', () => {
  it('asks once per id, most frequent first, with uses, places, the suggested tier and flux-auto pre-selected; a tier is chosen', async () => {
    const dir = app();
    const t = new Terminal(dir, ['.']);
    const first = await t.waitFor('navigate');
    expect(first).toContain('2 OpenAI model ids to replace. Enter takes flux-auto; Ctrl-C or Esc cancels and writes nothing.');
    expect(first).toContain(GPT4O);
    expect(first).not.toContain('o3-mini (used');
    // flux-auto first and pre-selected, the suggested tier next, then the rest, keep, and typing an id.
    const list = first.slice(first.indexOf(GPT4O) + GPT4O.length).trim().split('\n').slice(0, 6).map((l) => l.trimEnd());
    expect(list).toEqual([
      '❯ flux-auto (recommended)',
      '  flux-standard (suggested tier)',
      '  flux-fast',
      '  flux-reasoning',
      '  keep unchanged',
      '  type a flux-pinned-* id',
    ]);
    expect(first).toContain('Flux routes each request to a sensible model for the prompt');
    // gpt-4o is a chat id: the image tier does not fit its endpoint and is not offered.
    expect(first).not.toContain('flux-image');

    t.type(KEY.down);
    expect(await t.waitFor('tier alias: the general-purpose tier')).toContain('❯ flux-standard (suggested tier)');
    t.type(KEY.enter);
    const second = await t.waitFor(O3MINI);
    expect(second).toContain(`✔ ${GPT4O} flux-standard`);
    expect(second).toContain('flux-reasoning (suggested tier)');
    t.type(KEY.enter);
    const end = await t.waitFor('Next steps:');
    expect(end).toContain(`✔ ${O3MINI} flux-auto`);
    expect(end).toContain('to make the same choice without prompts (in CI), pass:\n  --map gpt-4o=flux-standard --map o3-mini=flux-auto\n');
    expect(end).toContain('2 files changed (7 edits)');
    expect(await t.done()).toBe(0);
    expect(models(dir)).toEqual(['flux-standard', 'flux-standard', 'flux-auto']);

    // The printed --map flags reproduce the same files without prompts.
    const again = app();
    execFileSync(process.execPath, [BIN, '--yes', '--map', 'gpt-4o=flux-standard', '--map', 'o3-mini=flux-auto', '.'], { cwd: again, stdio: 'pipe', env: { ...process.env, CI: '1' } });
    expect(read(again)).toEqual(read(dir));
  });

  it('keep unchanged leaves the id in the code and prints it as keep', async () => {
    const dir = app();
    const t = new Terminal(dir, ['.']);
    await t.waitFor(GPT4O);
    t.type(KEY.down, KEY.down, KEY.down, KEY.down);
    expect(await t.waitFor('leave gpt-4o in the code')).toContain('❯ keep unchanged');
    t.type(KEY.enter);
    await t.waitFor(O3MINI);
    t.type(KEY.down, KEY.enter);
    const end = await t.waitFor('Next steps:');
    expect(end).toContain(`✔ ${O3MINI} flux-reasoning`);
    expect(end).toContain('--map gpt-4o=keep --map o3-mini=flux-reasoning\n');
    expect(await t.done()).toBe(0);
    expect(models(dir)).toEqual(['gpt-4o', 'gpt-4o', 'flux-reasoning']);
    // The client still moves to Flux: only the model stays.
    expect(read(dir)['src/chat.ts']).toContain('apiKey: process.env.FLUX_API_KEY,');
  });

  it('a typed flux-pinned-* id is used', async () => {
    const dir = app();
    const t = new Terminal(dir, ['.']);
    await t.waitFor(GPT4O);
    t.type(KEY.up);
    expect(await t.waitFor('pin the same backing model every time')).toContain('❯ type a flux-pinned-* id');
    t.type(KEY.enter);
    await t.waitFor('Flux model id for gpt-4o (flux-pinned-<name>):');
    t.type('flux-pinned-gpt-4o-2024-08-06', KEY.enter);
    await t.waitFor(O3MINI);
    t.type(KEY.enter);
    const end = await t.waitFor('Next steps:');
    expect(end).toContain('--map gpt-4o=flux-pinned-gpt-4o-2024-08-06 --map o3-mini=flux-auto\n');
    expect(await t.done()).toBe(0);
    expect(models(dir)).toEqual(['flux-pinned-gpt-4o-2024-08-06', 'flux-pinned-gpt-4o-2024-08-06', 'flux-auto']);
  });

  it('an invalid id is refused with the reason and can be fixed; a pasted API key is never shown', async () => {
    const dir = app();
    const t = new Terminal(dir, ['.']);
    await t.waitFor(GPT4O);
    t.type(KEY.enter);
    await t.waitFor(O3MINI);
    t.type(KEY.up, KEY.enter);
    await t.waitFor('Flux model id for o3-mini');
    t.type('o3-mini-pinned', KEY.enter);
    await t.waitFor('o3-mini-pinned is an OpenAI model id, not a Flux one: use flux-auto, flux-fast, flux-standard, flux-reasoning, flux-image, or flux-pinned-<name>');
    t.type(KEY.ctrlU, 'flux-pinned-O3', KEY.enter);
    await t.waitFor('Flux model ids are lowercase: flux-pinned-o3');
    const secret = 'sk-proj-' + 'Zq8Xw2Lk5Vn9Bm4Hc7Jd3Pf6Rt1Gy0Ua2Se5Io8';
    t.type(KEY.ctrlU, secret, KEY.enter);
    await t.waitFor('is not a Flux model id');
    expect(t.screen).toContain('sk-...5Io8');
    t.type(KEY.ctrlU, 'flux-pinned-o3-mini', KEY.enter);
    const end = await t.waitFor('Next steps:');
    expect(end).toContain('--map gpt-4o=flux-auto --map o3-mini=flux-pinned-o3-mini\n');
    expect(await t.done()).toBe(0);
    expect(models(dir)).toEqual(['flux-auto', 'flux-auto', 'flux-pinned-o3-mini']);
    expect(t.screen).not.toContain(secret);
    expect(t.screen).not.toContain(secret.slice(8, 30));
  });

  it('Ctrl-C at a later prompt: nothing is written, a clear message, exit 130', async () => {
    const dir = app();
    const before = read(dir);
    const t = new Terminal(dir, ['.']);
    await t.waitFor(GPT4O);
    t.type(KEY.down, KEY.enter);
    await t.waitFor(O3MINI);
    t.type(KEY.ctrlC);
    expect(await t.waitFor('cancelled')).toContain('flux-migrate: cancelled: no model chosen, no file written');
    expect(await t.done()).toBe(130);
    expect(read(dir)).toEqual(before);
    expect(t.screen).not.toContain('diff --git');
  });

  it('Esc while typing an id: nothing is written, exit 130', async () => {
    const dir = app();
    const before = read(dir);
    const t = new Terminal(dir, ['.']);
    await t.waitFor(GPT4O);
    t.type(KEY.up, KEY.enter);
    await t.waitFor('Flux model id for gpt-4o');
    t.type('flux-pin', KEY.esc);
    await t.waitFor('flux-migrate: cancelled: no model chosen, no file written');
    expect(await t.done()).toBe(130);
    expect(read(dir)).toEqual(before);
  });

  it('with the Flux key, a typed pinned id is checked against the live list (a local server)', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: [{ id: 'flux-auto' }, { id: 'flux-pinned-gpt-4o-2024-08-06' }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
      const dir = app();
      const t = new Terminal(dir, ['--base-url', base, '.'], { FLUX_API_KEY: 'flux-local-test-key' });
      await t.waitFor(GPT4O);
      t.type(KEY.up, KEY.enter);
      await t.waitFor('Flux model id for gpt-4o');
      t.type('flux-pinned-nope', KEY.enter);
      await t.waitFor('flux-pinned-nope is not in the live model list; pinned ids there: flux-pinned-gpt-4o-2024-08-06');
      t.type(KEY.ctrlU, 'flux-pinned-gpt-4o-2024-08-06', KEY.enter);
      await t.waitFor(O3MINI);
      t.type(KEY.enter);
      await t.waitFor('Next steps:');
      expect(await t.done()).toBe(0);
      expect(models(dir)).toEqual(['flux-pinned-gpt-4o-2024-08-06', 'flux-pinned-gpt-4o-2024-08-06', 'flux-auto']);
      // Fetched once, with the key; the key itself never reaches the screen.
      expect(seen).toEqual(['/v1/models Bearer flux-local-test-key']);
      expect(t.screen).not.toContain('flux-local-test-key');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it.each([
    ['--yes', ['--yes', '.'], {}, ['flux-auto', 'flux-auto', 'flux-auto']],
    ['--model tiers', ['--model', 'tiers', '.'], {}, ['flux-standard', 'flux-standard', 'flux-reasoning']],
    ['CI=true', ['.'], { CI: 'true' }, ['flux-auto', 'flux-auto', 'flux-auto']],
  ])('no prompt at a terminal with %s', async (_, args, env, expected) => {
    const dir = app();
    const t = new Terminal(dir, args, env);
    expect(await t.done()).toBe(0);
    expect(t.screen).not.toContain('Flux model for');
    expect(models(dir)).toEqual(expected);
  });

  it('--map decides an id without asking; the rest are asked', async () => {
    const dir = app();
    const t = new Terminal(dir, ['--map', 'gpt-4o*=flux-fast', '.']);
    const first = await t.waitFor(O3MINI);
    expect(first).toContain('1 OpenAI model id to replace');
    expect(first).not.toContain('Flux model for gpt-4o');
    t.type(KEY.enter);
    expect(await t.waitFor('Next steps:')).toContain('--map gpt-4o=flux-fast --map o3-mini=flux-auto\n');
    expect(await t.done()).toBe(0);
    expect(models(dir)).toEqual(['flux-fast', 'flux-fast', 'flux-auto']);
  });
});
