// Raw HTTP to OpenAI: `fetch("https://api.openai.com/v1/chat/completions", ...)`, axios, got and
// the like. A request to an endpoint Flux serves gets the Flux URL, the Flux key variable in the
// same request, and its `model` migrated; other OpenAI endpoints are warned and left alone.
import { maskSecret } from '../../secrets.js';
import { type JsContext, consumeStrings, find, lineOf, noteSecrets, warn } from './context.js';
import { migrateModelValue } from './openaiSdk.js';
import { envReads, quoteLike, renameKeyReads } from './options.js';
import { define } from './resolve.js';
import { type Node, type Scope, descendants, memberName, propName, stringValue, unwrap } from './scope.js';

const OPENAI_API = 'https://api.openai.com/v1';
const SERVED = /^\/(chat\/completions|responses|models)(\/|\?|$)/;

export function migrateRawHttp(ctx: JsContext): void {
  const flux = ctx.options.baseUrl;
  if (!ctx.text.includes('api.openai.com') && !ctx.text.includes(flux)) return;
  for (const { node, scope } of ctx.index.strings) {
    const url = stringValue(node);
    if (url === undefined || ctx.consumed.has(node)) continue;
    // A request already pointed at Flux (a second run): its key and model are still checked, so
    // the warnings about them do not disappear once the URL is migrated.
    if (url.startsWith(flux + '/') && SERVED.test(url.slice(flux.length))) {
      ctx.consumed.add(node);
      const path = url.slice(flux.length);
      for (const call of requestCalls(ctx, node, scope)) migrateRequest(ctx, call, path, `request to ${path.split('?')[0]} (line ${lineOf(node)})`);
      continue;
    }
    // The bare host (`https://api.openai.com`, `hostname: "api.openai.com"`): requests are built on it.
    if (/^(https?:\/\/)?api\.openai\.com\/?$/.test(url)) {
      ctx.consumed.add(node);
      warn(ctx, 'unresolved-client', node, `OpenAI's API host outside an SDK client, left as is: requests built on it to /v1/chat/completions, /v1/responses or /v1/models can move to ${ctx.options.baseUrl} with your Flux key; others must stay on OpenAI`);
      continue;
    }
    if (!url.startsWith(OPENAI_API)) continue;
    const path = url.slice(OPENAI_API.length);
    if (path !== '' && !path.startsWith('/')) continue;
    ctx.consumed.add(node);
    if (path === '' || path === '/') {
      warn(ctx, 'unresolved-client', node, `OpenAI's API URL outside an SDK client, left as is: requests built on it to chat completions, responses or models can move to ${ctx.options.baseUrl} with your Flux key; others must stay on OpenAI`);
      continue;
    }
    if (!SERVED.test(path)) {
      warn(ctx, 'unsupported-endpoint', node, `request to ${OPENAI_API}${path.split('?')[0]}: Flux does not serve this endpoint, so it was left on OpenAI`);
      continue;
    }
    const why = `request to ${path.split('?')[0]} (line ${lineOf(node)})`;
    const calls = requestCalls(ctx, node, scope);
    if (calls.length === 0) {
      // Only a URL a visible request sends is rewritten (not test data, not a URL passed on elsewhere).
      warn(ctx, 'unresolved-client', node, `OpenAI endpoint URL that no request flux-migrate can see sends, left as is: if a request uses it, point it at ${ctx.options.baseUrl}${path.split('?')[0]} with your Flux key and a Flux model id`);
      continue;
    }
    // The key moves with the URL: a request whose headers are also sent to an endpoint that stays on
    // OpenAI would carry the OpenAI key to Flux, so it stays where it is.
    const shared = calls.flatMap((call) => [...requestParts(call)].filter((p) => p !== call.node && sentToOpenAI(ctx, p)));
    if (shared.length) {
      const name = shared[0].parent?.id?.name ?? 'its headers';
      for (const call of calls) consumeStrings(ctx, call.node);
      warn(ctx, 'unresolved-key', node, `request to ${path.split('?')[0]} left on OpenAI: \`${name}\` (line ${lineOf(shared[0])}) carries its key and is also sent to an endpoint that stays on OpenAI, so moving this request would send an OpenAI key to Flux. Give it its own headers with ${ctx.keyExpr}, then run again`);
      continue;
    }
    find(ctx, 'base-url', node, url, ctx.options.baseUrl + path, [{ start: node.start, end: node.end, text: quoteLike(ctx, node, ctx.options.baseUrl + path) }], why);
    for (const call of calls) migrateRequest(ctx, call, path, why);
  }
}

// The calls that send a URL: the one it is an argument of, or those that use the constant holding it.
function requestCalls(ctx: JsContext, literal: Node, scope: Scope): { node: Node; scope: Scope }[] {
  const parent = literal.parent;
  if ((parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent.arguments.includes(literal)) return isRequest(parent) ? [{ node: parent, scope }] : [];
  if (parent?.type === 'ObjectProperty' && parent.value === literal && ['url', 'baseURL'].includes(propName(parent) ?? '')) {
    const call = parent.parent?.parent;
    if (call?.type === 'CallExpression' && call.arguments.includes(parent.parent)) return [{ node: call, scope }];
  }
  if (parent?.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier') return [];
  const name = parent.id.name;
  return ctx.index.calls
    .filter((site) => isRequest(site.node) && site.node.arguments.some((a: Node) => {
      const arg = unwrap(a);
      if (arg?.type !== 'Identifier' || arg.name !== name) return false;
      const d = define(name, site.scope);
      return d !== undefined && 'binding' in d && d.binding.id === parent.id;
    }))
    .map((site) => ({ node: site.node, scope: site.scope }));
}

// The call and the constants its arguments use: headers and bodies are often built in a constant
// just above the call.
function requestParts(call: { node: Node; scope: Scope }): Set<Node> {
  const parts = new Set<Node>([call.node]);
  for (const arg of call.node.arguments) {
    for (const n of descendants(arg)) {
      if (!isReference(n)) continue;
      const d = define(n.name, call.scope);
      if (d && 'binding' in d && d.binding.init && d.binding.kind === 'const') parts.add(d.binding.init);
    }
  }
  return parts;
}

function migrateRequest(ctx: JsContext, call: { node: Node; scope: Scope }, path: string, why: string): void {
  const parts = requestParts(call);
  const renamed = [...parts].map((p) => renameKeyReads(ctx, p, why) || moveLiteralKeys(ctx, p, call.scope, why)).some(Boolean);
  const sendsFluxKey = [...parts].some((p) => envReads(p).some((r) => r.name === ctx.options.keyEnv));
  if (!renamed && !sendsFluxKey) {
    warn(ctx, 'unresolved-key', call.node, `this request to ${path.split('?')[0]} does not visibly send process.env.OPENAI_API_KEY: make sure its Authorization header carries your Flux key (${ctx.options.keyEnv})`);
  }
  for (const part of parts) {
    for (const n of descendants(part)) {
      if (n.type === 'ObjectProperty' && propName(n) === 'model') {
        migrateModelValue(ctx, n.value, call.scope, why, `POST ${path.split('?')[0]}`);
      }
    }
  }
}

// A literal key in an Authorization header (`"Bearer sk-..."`, or `Bearer ${KEY}` with KEY a
// constant) goes with the URL: replaced by the Flux key variable (`hardcoded-key`), never printed.
function moveLiteralKeys(ctx: JsContext, part: Node, scope: Scope, why: string): boolean {
  let moved = false;
  for (const prop of descendants(part)) {
    if (prop.type !== 'ObjectProperty' || !/^authorization$/i.test(propName(prop) ?? '')) continue;
    noteSecrets(ctx, prop.value);
    const value = unwrap(prop.value)!;
    const literal = stringValue(value);
    if (literal !== undefined) {
      const bearer = /^(Bearer\s+)?/i.exec(literal)![0];
      if (literal.length === bearer.length) continue;
      moved = replaceKey(ctx, value, literal.slice(bearer.length), bearer ? '`' + bearer + '${' + ctx.keyExpr + '}`' : ctx.keyExpr, why) || moved;
      continue;
    }
    // `Bearer ${KEY}` / `"Bearer " + KEY`: the constant's use is replaced, the constant stays.
    for (const n of descendants(value)) {
      if (n.type !== 'Identifier' || !isReference(n)) continue;
      const d = define(n.name, scope);
      const init = d && 'binding' in d && d.binding.kind === 'const' ? d.binding.init : undefined;
      const known = stringValue(unwrap(init));
      if (known === undefined) continue;
      noteSecrets(ctx, init);
      moved = replaceKey(ctx, n, known, ctx.keyExpr, why) || moved;
    }
  }
  return moved;
}

function replaceKey(ctx: JsContext, node: Node, key: string, text: string, why: string): boolean {
  if (ctx.consumed.has(node)) return true;
  ctx.consumed.add(node);
  find(ctx, 'api-key', node, maskSecret(key), ctx.keyExpr, [{ start: node.start, end: node.end, text }], why);
  warn(ctx, 'hardcoded-key', node, `a literal API key (${maskSecret(key)}) was sent with this request: replaced by ${ctx.keyExpr}, so that no OpenAI key goes to Flux; set ${ctx.options.keyEnv} to your Flux key, and revoke the old key if it was ever committed`);
  return true;
}

// Whether a constant (its init node) is used by a request to an OpenAI endpoint Flux does not serve.
function sentToOpenAI(ctx: JsContext, init: Node): boolean {
  const declarator = init.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier') return false;
  const name = declarator.id.name;
  return ctx.index.calls.some((site) => {
    const uses = site.node.arguments.some((a: Node) => [...descendants(a)].some((n) => isReference(n) && n.name === name));
    if (!uses) return false;
    return [...descendants(site.node)].some((n) => {
      const url = stringValue(n) ?? constantUrl(n, site.scope);
      return url !== undefined && url.startsWith(OPENAI_API + '/') && !SERVED.test(url.slice(OPENAI_API.length));
    });
  });
}

function constantUrl(node: Node, scope: Scope): string | undefined {
  if (node.type !== 'Identifier') return undefined;
  const d = define(node.name, scope);
  return d && 'binding' in d && d.binding.kind === 'const' ? stringValue(unwrap(d.binding.init)) : undefined;
}

// An identifier that reads a variable (not a property key or a member name).
function isReference(n: Node): boolean {
  if (n.type !== 'Identifier') return false;
  const p = n.parent;
  if ((p?.type === 'ObjectProperty' || p?.type === 'ObjectMethod') && p.key === n && !p.computed && !p.shorthand) return false;
  if ((p?.type === 'MemberExpression' || p?.type === 'OptionalMemberExpression') && p.property === n && !p.computed) return false;
  return true;
}

// A call that sends an HTTP request (`fetch`, `axios.post`, `got`, `request`, `ky.post`, ...),
// as opposed to one that only handles the URL (`console.log(url)`, `new URL(url)`).
function isRequest(call: Node): boolean {
  const callee = unwrap(call.callee);
  const name = callee?.type === 'Identifier' ? callee.name : callee && memberName(callee);
  return name !== undefined && /fetch|request|^(post|put|patch|get|axios|got|ky|send|call|invoke|ajax|http|https)$/i.test(name);
}
