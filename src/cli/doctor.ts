// `flux-migrate doctor [--json] [paths]`: is this project ready to run on Flux? Four checks, each
// ok or a problem with what to do: the key variable is set; GET {base-url}/models accepts it; every
// Flux model id in the code is in that list; no code or config still sends a client that could move
// to OpenAI (the migration's own check, run with nothing written). Exit 0 all ok, 1 a problem,
// 2 a usage error or no answer from the API within 10 s.
import { readFileSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { builtInModels } from '../catalog/models.js';
import type { FileResult } from '../model.js';
import { discover } from '../pipeline/discover.js';
import { type Io, run } from '../pipeline/run.js';
import { quotePath } from '../report/quote.js';
import { prefilterFor } from '../scan/prefilter.js';
import { registerSecret } from '../secrets.js';
import { checkBaseUrl, checkKeyEnv } from './models.js';

export const DOCTOR_TIMEOUT_MS = 10_000;

export interface DoctorFlags {
  json?: boolean;
  baseUrl: string;
  keyEnv: string;
}

interface Check {
  id: 'key-set' | 'key-accepted' | 'models-served' | 'openai-left';
  ok: boolean;
  message: string;
  fix?: string;
}

type Listed = { ids: Set<string> } | { status: number } | { noAnswer: string } | { bad: string };

async function listModels(url: string, key: string): Promise<Listed> {
  try {
    const response = await fetch(url, { headers: { authorization: `Bearer ${key}`, accept: 'application/json' }, signal: AbortSignal.timeout(DOCTOR_TIMEOUT_MS) });
    if (!response.ok) return { status: response.status };
    const body = (await response.json().catch(() => undefined)) as { data?: { id?: unknown }[] } | undefined;
    const data = body?.data;
    if (!Array.isArray(data) || !data.every((m) => typeof m?.id === 'string')) return { bad: 'answered with JSON that is not a model list ({ "data": [{ "id": ... }] })' };
    return { ids: new Set(data.map((m) => m.id as string)) };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return { noAnswer: `no answer within ${DOCTOR_TIMEOUT_MS / 1000} s` };
    return { noAnswer: `no answer (${e.cause?.code ?? e.message})` };
  }
}

const FLUX_ID = /["'`](flux-(?:auto|fast|standard|reasoning|image|pinned-[A-Za-z0-9._:-]+))["'`]/g;

/** Flux model ids written as strings in the files of the run, with where each first appears. */
async function fluxIdsIn(paths: string[], display: (p: string) => string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const { files } = await discover(paths, []);
  for (const file of files) {
    if (prefilterFor(file)?.name === 'markdown') continue; // docs: whether the app runs on Flux is the code's business
    if (statSync(file).size > 2 * 1024 * 1024) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(FLUX_ID)) {
      if (found.has(m[1])) continue;
      const line = text.slice(0, m.index).split('\n').length;
      found.set(m[1], `${quotePath(display(file))}:${line}`);
    }
  }
  return found;
}

export async function doctor(paths: string[], flags: DoctorFlags, io: Io): Promise<number> {
  checkKeyEnv(flags.keyEnv);
  const baseUrl = checkBaseUrl(flags.baseUrl);
  const url = `${baseUrl}/models`;
  const roots = paths.length ? paths : ['.'];
  const checks: Check[] = [];

  // The migration's check, nothing written (a bad path is a usage error, exit 2, from here).
  let left: FileResult[] = [];
  let unreadable = 0;
  const silent: Io = { out() {}, err() {}, cwd: io.cwd };
  await run(
    { paths: roots, mode: 'check', json: true, format: 'json', policy: { model: 'flux-auto', map: [] }, baseUrl, keyEnv: flags.keyEnv, ignore: [], force: false, color: false, docs: false, onResults: (results, errors) => ((left = results.filter((r) => r.before !== r.after)), (unreadable = errors.length)) },
    silent,
  );
  const inCode = await fluxIdsIn(roots, (p) => relative(io.cwd, p).split(sep).join('/'));

  const key = process.env[flags.keyEnv] || undefined;
  checks.push(key ? { id: 'key-set', ok: true, message: `${flags.keyEnv} is set` } : { id: 'key-set', ok: false, message: `${flags.keyEnv} is not set`, fix: `set ${flags.keyEnv} to your Flux key (FluxRouter dashboard -> API keys) where the app runs` });

  let live: Set<string> | undefined;
  let noAnswer: string | undefined;
  if (!key) {
    checks.push({ id: 'key-accepted', ok: false, message: `GET ${url}: not checked (${flags.keyEnv} is not set)`, fix: `set ${flags.keyEnv}, then run flux-migrate doctor again` });
  } else {
    registerSecret(key);
    const listed = await listModels(url, key);
    if ('ids' in listed) {
      live = listed.ids;
      checks.push({ id: 'key-accepted', ok: true, message: `GET ${url} accepts ${flags.keyEnv} (${live.size} models)` });
    } else if ('status' in listed && (listed.status === 401 || listed.status === 403)) {
      checks.push({ id: 'key-accepted', ok: false, message: `GET ${url}: key rejected (${listed.status})`, fix: `${flags.keyEnv} is not a valid Flux key: create one in the FluxRouter dashboard (API keys) and set ${flags.keyEnv} to it` });
    } else if ('status' in listed) {
      checks.push({ id: 'key-accepted', ok: false, message: `GET ${url} answered ${listed.status}`, fix: `check --base-url (${baseUrl}) and the FluxRouter status page, then try again` });
    } else {
      noAnswer = 'noAnswer' in listed ? listed.noAnswer : listed.bad;
      checks.push({ id: 'key-accepted', ok: false, message: `GET ${url}: ${noAnswer}`, fix: `check the network and --base-url (${baseUrl}), then try again` });
    }
  }

  const known = live ?? new Set(builtInModels().map((m) => m.id));
  const source = live ? 'the live list' : 'the built-in list (the live one could not be read)';
  const missing = [...inCode].filter(([id]) => !known.has(id));
  if (!inCode.size) checks.push({ id: 'models-served', ok: true, message: 'no Flux model id written in the code' });
  else if (!missing.length) checks.push({ id: 'models-served', ok: true, message: `every Flux model id in the code is in ${source}: ${[...inCode.keys()].join(', ')}` });
  else checks.push({ id: 'models-served', ok: false, message: `not in ${source}: ${missing.map(([id, at]) => `${id} (${at})`).join(', ')}`, fix: 'use an id from `flux-migrate models` (flux-auto always works)' });

  if (left.length || unreadable) {
    const names = left.slice(0, 5).map((r) => quotePath(r.display)).join(', ') + (left.length > 5 ? `, and ${left.length - 5} more` : '');
    const message = left.length ? `${left.length === 1 ? '1 file still uses' : `${left.length} files still use`} OpenAI for a client that could move: ${names}` : `${unreadable} file${unreadable === 1 ? '' : 's'} could not be read or parsed`;
    checks.push({ id: 'openai-left', ok: false, message, fix: left.length ? `run \`npx flux-migrate ${roots.join(' ')}\` (add -n to preview)` : 'run `npx flux-migrate --check` to see which, and fix or --ignore them' });
  } else {
    checks.push({ id: 'openai-left', ok: true, message: 'no code or config still uses OpenAI for a client that could move' });
  }

  const ok = checks.every((c) => c.ok);
  if (flags.json) {
    io.out(JSON.stringify({ version: 1, ok, checks }, null, 2) + '\n');
  } else {
    const lines = checks.flatMap((c) => [`${c.ok ? 'ok     ' : 'problem'}  ${c.message}`, ...(c.fix ? [`         -> ${c.fix}`] : [])]);
    io.out(lines.join('\n') + '\n');
    io.err(ok ? 'flux-migrate doctor: ready to run on Flux.\n' : `flux-migrate doctor: ${checks.filter((c) => !c.ok).length} of ${checks.length} checks found a problem.\n`);
  }
  if (noAnswer) {
    io.err(`flux-migrate doctor: the Flux API gave no answer (${noAnswer}); exit 2\n`);
    return 2;
  }
  return ok ? 0 : 1;
}
