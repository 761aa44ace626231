// Hand-written HTTP to OpenAI in Python (requests, httpx, aiohttp, urllib), as JS raw fetch: a
// request to /chat/completions, /responses or /models gets the Flux URL, the Flux key in its
// `Authorization` header and its JSON body's model migrated. The key moves with the URL: a request
// whose key flux-migrate cannot move (or whose URL or key is shared with a request that stays on
// OpenAI) stays where it is, warned. Other OpenAI endpoints are warned and stay.
import { maskSecret } from '../../../secrets.js';
import { type PyContext, consume, consumeStrings, find, ownerOf, warn } from '../context.js';
import { renameEnvName } from '../openaiSdk.js';
import { keyExpr } from '../osenv.js';
import type { Node } from '../parse.js';
import { quoted } from '../style.js';
import { lineOf, stringLiteral } from '../tree.js';
import { bodyDict, migrateBodyModel, resolveArgs } from './httpBodies.js';
import { type KeySource, authorizationOf, keyNode } from './httpKeys.js';
import { type HttpRequest, findRequests } from './httpRequests.js';
import { type HostSpan, OPENAI_API, type ResolvedUrl, openaiPath, resolveUrl, resolveUrls, sessionBase } from './httpUrls.js';

const SERVED = /^\/(chat\/completions|responses|models)(\/|\?|$)/;
const HTTP_MODULES = /^(requests|httpx|aiohttp|urllib3|urllib\.request|urllib)$/;

interface Entry {
  r: HttpRequest;
  url: ResolvedUrl;
  path: string;
  flux: boolean;
  key?: KeySource;
  /** Why it stays on OpenAI, and the warning that says so (none: already said). */
  stays?: { code?: 'unresolved-key' | 'unresolved-client'; why: string };
}

/** URL literals a request sends, by module: the others are reported once the run is scanned. */
const sent = new WeakMap<PyContext, Set<number>>();

export function scanRawHttp(ctx: PyContext): void {
  if (![...ctx.index.imports.values()].some((is) => is.some((i) => HTTP_MODULES.test(i.module)))) return;
  const entries: Entry[] = [];
  for (const r of findRequests(ctx)) {
    // One entry per URL the request can go to: a helper called with several URLs has several.
    for (const url of requestUrls(ctx, r)) {
      const api = openaiPath(url.url, ctx.options.baseUrl);
      if (!api) continue;
      for (const l of url.literals) markSent(ctx, l);
      entries.push({ r, url, path: api.path, flux: api.flux });
    }
  }
  if (!entries.length) return;
  for (const e of entries) decide(ctx, e);
  // What stays keeps its URL and key: a request sharing either with it stays too.
  for (let changed = true; changed;) {
    changed = false;
    const staying = entries.filter((e) => e.stays && !e.flux);
    for (const e of entries) {
      if (e.stays || e.flux) continue;
      const same = staying.find((s) => s.r.call.id === e.r.call.id);
      const host = staying.find((s) => s.url.host && e.url.host && sameSpan(s.url.host, e.url.host));
      const key = staying.find((s) => s.key && e.key && keyNode(s.key) && keyNode(s.key)?.id === keyNode(e.key)?.id);
      const other = same ?? host ?? key;
      if (!other) continue;
      const what = same ? 'this request also sends to' : `its ${host ? 'base URL' : 'key'} is also used by the request at line ${lineOf(other.r.call)}, which sends to`;
      e.stays = { code: same || host ? 'unresolved-client' : 'unresolved-key', why: `${what} ${other.path.split('?')[0] || 'the API root'}, which stays on OpenAI` };
      changed = true;
    }
  }
  for (const e of entries) {
    consumeStrings(ctx, e.r.call);
    e.url.literals.forEach((l) => consume(ctx, l));
    if (e.stays) {
      // Its env read of OPENAI_API_KEY stays, and is reported for the key plan (keyNames.ts); the
      // model of its body stays an OpenAI id, as it should.
      for (const b of e.r.body) for (const { ctx: at, value } of resolveArgs(ctx, b)) consumeStrings(at, bodyDict(at, value));
      if (e.stays.code) warn(ctx, e.stays.code, e.r.call, `this request to ${e.path.split('?')[0] || 'the API root'} stays on OpenAI: ${e.stays.why}; to move it, send it to ${ctx.options.baseUrl}${e.path.split('?')[0]} with your Flux key (${ctx.options.keyEnv}) and a Flux model id`);
      continue;
    }
    migrate(ctx, e);
  }
}

// The URLs a request goes to, with its client's `base_url` for a relative path.
function requestUrls(ctx: PyContext, r: HttpRequest): ResolvedUrl[] {
  if (!r.url) return [];
  const urls = resolveUrls(ctx, r.url);
  const base = r.session && sessionBase(r.session.ctx, r.session.ctor);
  return urls.flatMap((url) => {
    if (/^https?:/.test(url.url)) return [url];
    if (!base) return [];
    return [{ url: `${base.url.replace(/\/+$/, '')}/${url.url.replace(/^\/+/, '')}`, host: base.host, literals: [...base.literals, ...url.literals] }];
  });
}

function decide(ctx: PyContext, e: Entry): void {
  const path = e.path.split('?')[0];
  if (e.flux) return;
  // Also for a request that stays: what it sends stays with it.
  e.key = authorizationOf(ctx, e.r.headers);
  if (!e.url.host) {
    e.stays = { code: 'unresolved-client', why: 'flux-migrate cannot see where its URL is written' };
    return;
  }
  if (path.startsWith('/{…}') || path === '' || path === '/') {
    e.stays = { code: 'unresolved-client', why: 'flux-migrate cannot see which endpoint it calls' };
    return;
  }
  if (!SERVED.test(path)) {
    e.stays = { why: `Flux does not serve ${path}` };
    warn(ctx, 'unsupported-endpoint', e.r.call, `request to https://api.openai.com/v1${path}: Flux does not serve this endpoint, so it was left on OpenAI`);
    return;
  }
  if (!e.url.host.withV1 && !ctx.options.baseUrl.replace(/\/+$/, '').endsWith('/v1')) {
    e.stays = { code: 'unresolved-client', why: `its URL names OpenAI's host without /v1, and the Flux base URL ${ctx.options.baseUrl} does not end in /v1` };
    return;
  }
  const key = (why: string) => ({ code: 'unresolved-key' as const, why });
  if (!e.key) e.stays = key('flux-migrate sees no Authorization header in it, so its key would stay an OpenAI key');
  else if (e.key.kind === 'unresolved') e.stays = key(`its key comes from ${e.key.what}, which flux-migrate cannot move with it`);
  else if (e.key.kind === 'env' && e.key.name !== 'OPENAI_API_KEY' && e.key.name !== ctx.options.keyEnv) e.stays = key(`its key is read from ${e.key.name}, which may hold an OpenAI key`);
}

const hosts = new WeakMap<PyContext, Set<number>>();
const keys = new WeakMap<PyContext, Set<number>>();

function migrate(ctx: PyContext, e: Entry): void {
  const path = e.path.split('?')[0];
  const why = `request to ${path} (line ${lineOf(e.r.call)})`;
  const span = e.url.host;
  if (span && !e.flux) {
    const done = hosts.get(span.ctx) ?? new Set<number>();
    hosts.set(span.ctx, done);
    const covered = span.ctx.out.findings.some((f) => f.edits.some((x) => x.start <= span.start && x.end >= span.end && x.end > x.start));
    if (!done.has(span.start) && !covered) {
      done.add(span.start);
      const text = span.withV1 ? ctx.options.baseUrl.replace(/\/+$/, '') : ctx.options.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
      find(span.ctx, 'base-url', span.literal, e.url.url, e.url.url.replace(span.withV1 ? 'https://api.openai.com/v1' : 'https://api.openai.com', text), [{ start: span.start, end: span.end, text }], why);
    }
  }
  if (e.key && !e.flux) moveKey(ctx, e.key, why);
  migrateBodyModel(ctx, e.r, path, why);
}

function moveKey(ctx: PyContext, key: KeySource, why: string): void {
  const node = keyNode(key);
  if (!node || key.kind === 'unresolved') return;
  const owner = ownerOf(ctx, node);
  const done = keys.get(owner) ?? new Set<number>();
  keys.set(owner, done);
  if (done.has(node.startIndex)) return;
  done.add(node.startIndex);
  owner.movedKey = true;
  if (key.kind === 'env') {
    if (key.name === 'OPENAI_API_KEY') renameEnvName(owner, key.nameNode, why);
    return;
  }
  const expr = keyExpr(owner, key.literal);
  const lit = stringLiteral(key.literal);
  const text = key.whole ? `${quoted('Bearer ', lit.quote)} + ${expr}` : expr;
  find(owner, 'api-key', key.literal, maskSecret(key.key), text, [{ start: key.literal.startIndex, end: key.literal.endIndex, text }], why);
  consume(owner, key.literal);
  warn(owner, 'hardcoded-key', key.literal, `a literal API key (${maskSecret(key.key)}) was replaced by ${expr}: set ${ctx.options.keyEnv} to your Flux key, and revoke the old key if it was ever committed`);
}

function sameSpan(a: HostSpan, b: HostSpan): boolean {
  return a.ctx === b.ctx && a.start === b.start;
}

function markSent(ctx: PyContext, literal: Node): void {
  const owner = ownerOf(ctx, literal);
  const set = sent.get(owner) ?? new Set<number>();
  sent.set(owner, set);
  set.add(literal.startIndex);
}

/**
 * Once the run's modules are scanned: OpenAI endpoint URLs that no request flux-migrate can see
 * sends (a URL passed on, test data) are reported, not rewritten.
 */
export function reportUnsentUrls(ctx: PyContext): void {
  if (!ctx.text.includes('api.openai.com')) return;
  const seen = sent.get(ctx);
  for (const s of ctx.index.strings) {
    if (seen?.has(s.startIndex) || ctx.consumed.has(s.startIndex) || s.parent?.type === 'expression_statement') continue;
    if (ctx.out.findings.some((f) => f.edits.some((x) => x.start < s.endIndex && s.startIndex < x.end))) continue;
    const url = resolveUrl(ctx, s)?.url;
    if (!url || !/^https?:\/\/api\.openai\.com\/v1\//.test(url)) continue; // the bare base URL usually configures a client
    const path = openaiPath(url, ctx.options.baseUrl)!.path.split('?')[0];
    if (path.startsWith('/{…}')) continue;
    if (!SERVED.test(path)) {
      warn(ctx, 'unsupported-endpoint', s, `OpenAI endpoint URL ${OPENAI_API}${path}: Flux does not serve this endpoint, so it was left on OpenAI`);
    } else {
      warn(ctx, 'unresolved-client', s, `OpenAI endpoint URL that no request flux-migrate can see sends, left as is: if a request uses it, point it at ${ctx.options.baseUrl}${path} with your Flux key and a Flux model id`);
    }
  }
}
