// `flux-migrate models [--json]`: the Flux model ids, live from GET {base-url}/models when the key
// is set, else the catalog's built-in list. Also checks pinned ids against the live list.
import { builtInModels, isPinnedId } from '../catalog/models.js';
import { UserError } from '../errors.js';
import type { Io } from '../pipeline/run.js';
import { registerSecret } from '../secrets.js';

export interface ModelsFlags {
  json?: boolean;
  baseUrl: string;
  keyEnv: string;
}

export interface FluxModel {
  id: string;
  description?: string;
  owned_by?: string;
}

export type ModelList = { source: 'live'; url: string; models: FluxModel[] } | { source: 'built-in'; url: string; models: FluxModel[]; reason: string };

/** How long `models` waits for the API, and how long a migration waits to check pinned ids. */
export const LIST_TIMEOUT_MS = 5000;
export const CHECK_TIMEOUT_MS = 3000;

export function checkKeyEnv(keyEnv: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(keyEnv)) throw new UserError(`--key-env ${keyEnv}: not an environment variable name (letters, digits and _)`);
}

/** The base URL without trailing slashes, or a usage error. */
export function checkBaseUrl(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
  } catch {
    throw new UserError(`--base-url ${baseUrl}: not an http(s) URL`);
  }
  return baseUrl.replace(/\/+$/, '');
}

// Text from the server reaches the terminal: no control characters (escape sequences).
const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();

/** GET {baseUrl}/models; never throws: a failure gives the built-in list and a one-line reason. */
export async function loadModels(baseUrl: string, key: string | undefined, keyEnv: string, timeoutMs = LIST_TIMEOUT_MS): Promise<ModelList> {
  const url = `${baseUrl}/models`;
  const fallback = (reason: string): ModelList => ({ source: 'built-in', url, models: builtInModels(), reason });
  if (!key) return fallback(`${keyEnv} is not set`);
  registerSecret(key);
  let response: Response;
  let body: unknown;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${key}`, accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    if (response.status === 401 || response.status === 403) return fallback(`GET ${url} answered ${response.status}: ${keyEnv} was not accepted as a Flux key`);
    if (!response.ok) return fallback(`GET ${url} answered ${response.status} ${clean(response.statusText)}`.trim());
    const text = await response.text();
    try {
      body = JSON.parse(text);
    } catch {
      return fallback(`GET ${url} answered with a body that is not JSON`);
    }
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return fallback(`GET ${url} did not answer within ${timeoutMs / 1000}s`);
    return fallback(`GET ${url} failed: ${clean(e.cause?.code ?? e.cause?.message ?? e.message)}`);
  }
  const data = Array.isArray(body) ? body : (body as { data?: unknown })?.data;
  if (!Array.isArray(data) || !data.every((m) => typeof m?.id === 'string' && m.id)) {
    return fallback(`GET ${url} answered with JSON that is not a model list ({ "data": [{ "id": ... }] })`);
  }
  const models = data.map((m: Record<string, unknown>) => ({
    id: clean(m.id as string),
    ...(typeof m.description === 'string' && { description: clean(m.description) }),
    ...(typeof m.owned_by === 'string' && { owned_by: clean(m.owned_by) }),
  }));
  return { source: 'live', url, models };
}

export async function models(flags: ModelsFlags, io: Io): Promise<number> {
  checkKeyEnv(flags.keyEnv);
  const baseUrl = checkBaseUrl(flags.baseUrl);
  const key = process.env[flags.keyEnv] || undefined;
  const list = await loadModels(baseUrl, key, flags.keyEnv);
  if (list.source === 'built-in') {
    const hint = key ? '' : ` (set ${flags.keyEnv} to your Flux key to list the live ids, flux-pinned-* included)`;
    io.err(`flux-migrate: ${list.reason}; showing the built-in list${hint}\n`);
  }
  if (flags.json) {
    const reason = list.source === 'built-in' ? { reason: list.reason } : {};
    io.out(JSON.stringify({ version: 1, source: list.source, url: list.url, ...reason, models: list.models }, null, 2) + '\n');
    return 0;
  }
  io.out(table(list.models));
  if (list.source === 'live') io.err(`flux-migrate: ${list.models.length} model${list.models.length === 1 ? '' : 's'} from GET ${list.url}\n`);
  return 0;
}

function table(models: FluxModel[]): string {
  const rows = [['ID', 'OWNER', 'DESCRIPTION'], ...models.map((m) => [m.id, m.owned_by ?? '', m.description ?? ''])];
  const hasOwner = models.some((m) => m.owned_by);
  const cols = hasOwner ? [0, 1, 2] : [0, 2];
  const width = cols.map((c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => cols.map((c, i) => (i === cols.length - 1 ? r[c] : r[c].padEnd(width[i]))).join('  ').trimEnd()).join('\n') + '\n';
}

/**
 * With the key set, checks pinned ids against the live list: an id that is not there is a usage
 * error; a list that cannot be fetched is a one-line note, and the migration goes on.
 */
export async function checkPinnedLive(ids: string[], baseUrl: string, keyEnv: string, io: Io): Promise<void> {
  const pinned = [...new Set(ids.filter(isPinnedId))];
  const key = process.env[keyEnv];
  if (!pinned.length || !key) return;
  const live = await liveIds(baseUrl, key, keyEnv);
  if (!live.ids) {
    io.err(`flux-migrate: could not check ${pinned.join(', ')} against the live model list (${live.reason}); going on without it\n`);
    return;
  }
  const missing = pinned.filter((id) => !live.ids!.has(id));
  if (missing.length) throw new UserError(`${missing.join(', ')}: not in the live model list (GET ${baseUrl}/models); valid ids: ${[...live.ids].join(', ')}`);
}

/** The live ids, or why they could not be fetched (quickly: a migration waits for them). */
export async function liveIds(baseUrl: string, key: string, keyEnv: string): Promise<{ ids?: Set<string>; reason?: string }> {
  const list = await loadModels(baseUrl, key, keyEnv, CHECK_TIMEOUT_MS);
  return list.source === 'live' ? { ids: new Set(list.models.map((m) => m.id)) } : { reason: list.reason };
}
