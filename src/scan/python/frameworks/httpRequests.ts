// Hand-written HTTP requests in Python, recognised by the library they are made with (never by a
// variable's name): `requests.post(...)`, `httpx.post(...)`, and the methods of sessions and
// clients built from those libraries (`requests.Session()`, `httpx.Client(base_url=...)`,
// `httpx.AsyncClient()`, `aiohttp.ClientSession()`, `urllib3.PoolManager()`), followed through
// variables, `with ... as s`, `self.s` and parameters whose callers pass one; plus
// `urllib.request.Request(url, data, headers)`.
import type { PyContext } from '../context.js';
import { lookup } from '../module.js';
import type { Node } from '../parse.js';
import { keywordArg, named, unwrap } from '../tree.js';
import { libraryName } from '../libraryNames.js';

export interface HttpRequest {
  call: Node;
  /** The context the call is in. */
  ctx: PyContext;
  method: string;
  url?: Node;
  /** Header expressions of the request, then of its session. */
  headers: Node[];
  /** The JSON body (`json=`, `data=`, `body=`). */
  body: Node[];
  /** The session or client the request is made on (`httpx.Client(base_url=...)`). */
  session?: { ctor: Node; ctx: PyContext };
}

const MODULES = /^(requests|httpx|aiohttp|urllib3)$/;
const SESSIONS = new Set(['Session', 'session', 'Client', 'AsyncClient', 'ClientSession', 'PoolManager']);
const METHODS = /^(get|post|put|patch|delete|head|options|request|stream|send)$/;
// Methods that take the HTTP method first and the URL second.
const METHOD_FIRST = /^(request|stream)$/;
const MAX_DEPTH = 6;

export function findRequests(ctx: PyContext): HttpRequest[] {
  const out: HttpRequest[] = [];
  const updates = sessionHeaders(ctx);
  for (const call of ctx.index.calls) {
    const fn = unwrap(call.childForFieldName('function'));
    const lib = libraryName(ctx, fn, MODULES);
    if (lib && METHODS.test(lib.name)) {
      out.push(request(ctx, call, lib.name));
      continue;
    }
    if (libraryName(ctx, fn, /^urllib\.request$/)?.name === 'Request') {
      const args = positional(call);
      out.push({ call, ctx, method: 'Request', url: arg(call, 'url') ?? args[0], headers: [arg(call, 'headers') ?? args[2]].filter(isNode), body: [arg(call, 'data') ?? args[1]].filter(isNode) });
      continue;
    }
    if (fn?.type !== 'attribute') continue;
    const method = fn.childForFieldName('attribute')!.text;
    if (!METHODS.test(method)) continue;
    const session = sessionOf(ctx, fn.childForFieldName('object'), 0);
    if (!session) continue;
    const r = request(ctx, call, method);
    r.session = session;
    const headers = keywordArg(session.ctor.childForFieldName('arguments'), ['headers'])?.childForFieldName('value');
    if (headers) r.headers.push(headers);
    r.headers.push(...(updates.get(session.ctor.id) ?? []));
    out.push(r);
  }
  return out;
}

// `session.headers.update({...})`: headers every request of that session sends, by its constructor.
function sessionHeaders(ctx: PyContext): Map<number, Node[]> {
  const out = new Map<number, Node[]>();
  for (const call of ctx.index.calls) {
    const fn = unwrap(call.childForFieldName('function'));
    const target = fn?.type === 'attribute' && fn.childForFieldName('attribute')!.text === 'update' ? unwrap(fn.childForFieldName('object')) : undefined;
    if (target?.type !== 'attribute' || target.childForFieldName('attribute')!.text !== 'headers') continue;
    const session = sessionOf(ctx, target.childForFieldName('object'), 0);
    const dict = named(call.childForFieldName('arguments')!)[0];
    if (session && dict) out.set(session.ctor.id, [...(out.get(session.ctor.id) ?? []), dict]);
  }
  return out;
}

function request(ctx: PyContext, call: Node, method: string): HttpRequest {
  const args = positional(call);
  const url = arg(call, 'url') ?? args[METHOD_FIRST.test(method) ? 1 : 0];
  const body = ['json', 'data', 'body', 'content'].map((k) => arg(call, k)).filter(isNode);
  return { call, ctx, method, url, headers: [arg(call, 'headers')].filter(isNode), body };
}

/** The constructor of the session or client an expression holds, if it is one of those libraries'. */
export function sessionOf(ctx: PyContext, expr: Node | null | undefined, depth: number): { ctor: Node; ctx: PyContext } | undefined {
  const node = unwrap(expr);
  if (!node || depth > MAX_DEPTH) return undefined;
  if (node.type === 'call') {
    const lib = libraryName(ctx, node.childForFieldName('function'), MODULES);
    if (lib) return SESSIONS.has(lib.name) ? { ctor: node, ctx } : undefined;
    // A factory in this module: `def make_session(): ...; return session`.
    const fn = unwrap(node.childForFieldName('function'));
    const defs = fn?.type === 'identifier' ? ctx.index.functions.get(fn.text) ?? [] : [];
    for (const d of defs) {
      for (const r of ctx.index.returns.get(d.id) ?? []) {
        const s = sessionOf(ctx, r, depth + 1);
        if (s) return s;
      }
    }
    return undefined;
  }
  if (node.type === 'await') return sessionOf(ctx, node.namedChildren[0], depth + 1);
  if (node.type === 'attribute' && /^(self|cls)$/.test(node.childForFieldName('object')!.text)) {
    for (const a of ctx.index.assigns.get(`self.${node.childForFieldName('attribute')!.text}`) ?? []) {
      const s = sessionOf(ctx, a.value, depth + 1);
      if (s) return s;
    }
    return undefined;
  }
  if (node.type !== 'identifier') return undefined;
  const found = lookup(ctx.index, node.text, node);
  if (found?.kind === 'assigned' || found?.kind === 'param') {
    for (const v of found.values) {
      const s = sessionOf(ctx, v.value, depth + 1);
      if (s) return s;
    }
  }
  if (found?.kind === 'param') {
    for (const a of ctx.project?.arguments(ctx, found.fn, node.text) ?? []) {
      const s = sessionOf(a.ctx, a.value, depth + 1);
      if (s) return s;
    }
  }
  return undefined;
}

function arg(call: Node, name: string): Node | undefined {
  return keywordArg(call.childForFieldName('arguments'), [name])?.childForFieldName('value') ?? undefined;
}

function positional(call: Node): Node[] {
  return named(call.childForFieldName('arguments')!).filter((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat');
}

function isNode(n: Node | null | undefined): n is Node {
  return !!n;
}
