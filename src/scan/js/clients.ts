// Which expressions hold an OpenAI client, and which SDK calls are made on one: `new OpenAI()`
// however it was imported, variables, `this.client` fields, factory functions, clients imported
// from other files of the run or passed as arguments, and property chains like
// `const chat = client.chat.completions`.
import { type Endpoint, classifyEndpoint } from '../../catalog/endpoints.js';
import { type JsContext, moduleOf, warn } from './context.js';
import { type Definition, classMembers, define, exportName, instanceClasses, moduleRef, namespaceMember, resolverOf } from './resolve.js';
import { type Node, type Scope, type Site, memberName, scopeAt, unwrap } from './scope.js';
import { instructedClient } from './frameworks/instructor.js';

/** `openai-v3`: the options of a v3 `new Configuration(...)`, which `new OpenAIApi(config)` uses. */
export type ClientClass = 'openai' | 'azure' | 'openai-v3';

export interface Call {
  site: Site;
  path: string[];
  endpoint: Endpoint;
}

export interface Client {
  site: Site;
  cls: ClientClass;
  calls: Call[];
  /** Decided: moved to Flux (true) or left as it is (false). */
  moved?: boolean;
}

/** A call on something that could not be traced to a client, but looks like an SDK model call. */
export interface UntracedCall {
  site: Site;
  receiver: string;
  name: string;
}

// `openai`, its index subpaths, and Deno's `npm:openai@4`, `jsr:@openai/openai`, `https://esm.sh/openai`.
const OPENAI_MODULE = /^(?:npm:|jsr:@openai\/|https:\/\/esm\.sh\/)?openai(?:@[\w.^~-]+)?(?:\/index(?:\.m?js)?)?$/;
// openai-edge (dan-kwiat/openai-edge) is the v3 SDK's API over fetch, "a drop-in replacement":
// `new OpenAIApi(new Configuration({ apiKey, basePath }))`, the same methods, BASE_PATH
// https://api.openai.com/v1. It has no default export and no v4 client.
const V3_MODULE = /^openai-edge(?:@[\w.^~-]+)?$/;
const MAX_DEPTH = 12;

export function clientClass(callee: Node, scope: Scope, depth = 0): ClientClass | undefined {
  const ref = moduleRef(callee, scope);
  if (!ref && unwrap(callee)?.type === 'Identifier' && depth < MAX_DEPTH) {
    // `class Client extends OpenAI {}` without a constructor: `new Client(opts)` passes opts straight on.
    const d = define(unwrap(callee)!.name, scope);
    const b = d && 'binding' in d && d.binding.kind === 'class' ? d.binding : undefined;
    if (b?.decl.superClass && !constructorOf(b.decl)) return clientClass(b.decl.superClass, b.scope, depth + 1);
    return undefined;
  }
  if (ref && V3_MODULE.test(ref.source)) return exportName(ref) === 'Configuration' ? 'openai-v3' : undefined;
  if (!ref || !OPENAI_MODULE.test(ref.source)) return undefined;
  const name = exportName(ref);
  if (name === 'default' || name === 'OpenAI') return 'openai';
  if (name === 'AzureOpenAI') return 'azure';
  if (name === 'Configuration') return 'openai-v3';
  return undefined;
}

function constructorOf(cls: Node): Node | undefined {
  return cls.body.body.find((m: Node) => m.type === 'ClassMethod' && m.kind === 'constructor');
}

/**
 * The OpenAI clients of a file: `new OpenAI(...)` expressions, and the `super(...)` call of each
 * subclass of OpenAI with a constructor (its options decide the client), keyed by the class.
 */
export function collectClients(ctx: JsContext): void {
  for (const site of ctx.index.news) {
    const cls = clientClass(site.node.callee, site.scope);
    if (cls) ctx.clients.set(site.node, { site, cls, calls: [] });
  }
  for (const [node, info] of ctx.index.classes) {
    const kind = node.superClass && constructorOf(node) ? clientClass(node.superClass, info.scope) : undefined;
    const sup = kind && ctx.index.calls.find((s) => s.cls === node && s.node.callee.type === 'Super');
    if (kind && sup) ctx.clients.set(node, { site: sup, cls: kind, calls: [] });
  }
}

// WebSocket transports of the SDK, which Flux does not serve (it serves HTTP chat completions,
// responses and models): `new ResponsesWS(client)`, `new OpenAIRealtimeWS({ model }, client)`.
const WEBSOCKETS: Record<string, string> = {
  ResponsesWS: 'responses over WebSocket',
  OpenAIRealtimeWS: 'realtime',
  OpenAIRealtimeWebSocket: 'realtime',
};

/** Attaches each SDK call of a file to the client it is made on; returns the ones it could not trace. */
export function attachCalls(ctx: JsContext): UntracedCall[] {
  const untraced: UntracedCall[] = [];
  for (const site of ctx.index.news) {
    const ref = moduleRef(site.node.callee, site.scope);
    const name = ref && ref.source.startsWith('openai/') ? exportName(ref) : undefined;
    if (!name || !WEBSOCKETS[name]) continue;
    const clients = union(site.node.arguments.map((a: Node) => clientsOf(a, site.scope, site.cls)));
    for (const client of clients) client.calls.push({ site, path: [name], endpoint: { kind: 'unsupported', name: WEBSOCKETS[name] } });
    if (!clients.length) warn(ctx, 'unsupported-endpoint', site.node, `${name} (${WEBSOCKETS[name]}) is not served by Flux: it stays on OpenAI and keeps reading OPENAI_API_KEY`);
  }
  if (!/\.(chat|responses|embeddings|images|audio|files|models|batches|moderations|beta|fineTuning|fine_tuning|completions|uploads|vectorStores|realtime)\b|\.(create|list|retrieve)[A-Z]/.test(ctx.text)) return untraced;
  for (const site of ctx.index.calls) {
    const callee = unwrap(site.node.callee);
    if (!callee || (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression')) continue;
    const chain = chainOf(callee, site.scope, site.cls);
    if (chain && chain.path.length) {
      for (const client of chain.clients) client.calls.push({ site, path: chain.path, endpoint: classifyEndpoint(chain.path) });
      continue;
    }
    const shape = modelCallShape(callee, ctx.text);
    if (shape) untraced.push({ site, ...shape });
  }
  return untraced;
}

/**
 * Every client an expression can hold (a variable assigned in if/else branches holds either),
 * or none.
 */
export function clientsOf(expr: Node | undefined, scope: Scope, cls: Node | undefined, depth = 0): Client[] {
  const node = unwrap(expr);
  if (!node || depth > MAX_DEPTH) return [];
  switch (node.type) {
    case 'NewExpression': {
      const direct = moduleOf(scope).clients.get(node);
      if (direct) return [direct];
      // v3: `new OpenAIApi(configuration)` is the client its Configuration describes.
      const ref = moduleRef(node.callee, scope);
      if (ref && (OPENAI_MODULE.test(ref.source) || V3_MODULE.test(ref.source)) && exportName(ref) === 'OpenAIApi') return clientsOf(node.arguments[0], scope, cls, depth + 1);
      // `new Client()` of a subclass whose constructor calls `super(options)`.
      const callee = unwrap(node.callee);
      const d = callee?.type === 'Identifier' ? define(callee.name, scope) : undefined;
      const sub = d && 'binding' in d && d.binding.kind === 'class' ? moduleOf(d.binding.scope).clients.get(d.binding.decl) : undefined;
      return sub ? [sub] : [];
    }
    case 'ThisExpression': {
      // Inside a subclass of OpenAI, `this` is the client.
      const own = cls && moduleOf(scope).clients.get(cls);
      return own ? [own] : [];
    }
    case 'Identifier': {
      const d = define(node.name, scope);
      return d ? clientsOfDefinition(d, cls, depth + 1) : [];
    }
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      const ns = namespaceMember(node, scope);
      if (ns) return clientsOfDefinition(ns, undefined, depth + 1);
      if (node.object.type !== 'ThisExpression' || !cls) {
        // `engine.client`, where `engine` is an instance of a class of the run.
        const name = memberName(node);
        if (name === undefined) return [];
        return union(instanceClasses(node.object, scope, cls, depth + 1).flatMap((c) => (classMembers(c.node, moduleOf(c.scope).index, name) ?? []).map((m) => clientsOf(m.value, m.scope, c.node, depth + 1))));
      }
      const name = node.property.type === 'PrivateName' ? '#' + node.property.id.name : memberName(node);
      const info = name === undefined ? undefined : moduleOf(scope).index.classes.get(cls);
      return union((info?.members.get(name!) ?? []).map((v) => clientsOf(v, scopeAt(v, moduleOf(scope).index, info!.scope), cls, depth + 1)));
    }
    case 'LogicalExpression':
      return union([clientsOf(node.left, scope, cls, depth + 1), clientsOf(node.right, scope, cls, depth + 1)]);
    case 'ConditionalExpression':
      return union([clientsOf(node.consequent, scope, cls, depth + 1), clientsOf(node.alternate, scope, cls, depth + 1)]);
    case 'AssignmentExpression':
      return clientsOf(node.right, scope, cls, depth + 1);
    case 'AwaitExpression':
      return clientsOf(node.argument, scope, cls, depth + 1);
    case 'CallExpression': {
      // A wrapper that hands calls on to the client it is given: `Instructor({ client })`.
      const wrapped = instructedClient(node, scope);
      if (wrapped) return clientsOf(wrapped, scope, cls, depth + 1);
      // A factory: `getClient()`, here or imported.
      const callee = unwrap(node.callee);
      const d = callee?.type === 'Identifier' ? define(callee.name, scope) : callee && namespaceMember(callee, scope);
      const fn = d && functionOf(d);
      return fn ? returnedClients(fn.node, fn.scope, depth + 1) : [];
    }
    default:
      return [];
  }
}

function union(lists: Client[][]): Client[] {
  return [...new Set(lists.flat())];
}

function clientsOfDefinition(d: Definition, cls: Node | undefined, depth: number): Client[] {
  if ('namespace' in d) return [];
  if ('value' in d) return clientsOf(d.value, d.scope, undefined, depth + 1);
  const b = d.binding;
  if (b.path.length) return [];
  const found = union([b.init, ...b.assigned, b.fallback].map((v) => (v ? clientsOf(v, b.scope, cls, depth + 1) : [])));
  if (b.kind === 'function') found.push(...returnedClients(b.decl, b.scope, depth + 1));
  if (b.kind === 'param') {
    // A client passed as an argument: what every caller in the run passes.
    const position = b.decl.params?.findIndex((p: Node) => p === b.id || p.left === b.id || p.parameter === b.id || p.parameter?.left === b.id);
    if (position !== undefined && position >= 0) {
      for (const caller of resolverOf(b.scope)?.callersOf(b.decl) ?? []) found.push(...clientsOf(caller.node.arguments[position], caller.scope, undefined, depth + 1));
    }
  }
  return union([found]);
}

function functionOf(d: Definition): { node: Node; scope: Scope } | undefined {
  if ('namespace' in d) return undefined;
  if ('value' in d) return isFunction(d.value) ? { node: unwrap(d.value)!, scope: d.scope } : undefined;
  const b = d.binding;
  if (b.kind === 'function') return { node: b.decl, scope: b.scope };
  const init = unwrap(b.init);
  if (init && isFunction(init) && !b.path.length && (b.kind === 'const' || !b.assigned.length)) return { node: init, scope: b.scope };
  return undefined;
}

function isFunction(node: Node | undefined): boolean {
  const n = unwrap(node);
  return n?.type === 'ArrowFunctionExpression' || n?.type === 'FunctionExpression' || n?.type === 'FunctionDeclaration';
}

// A factory function: the clients its `return`s give.
function returnedClients(fn: Node, scope: Scope, depth: number): Client[] {
  const index = moduleOf(scope).index;
  const fnScope = index.scopeOf.get(fn);
  return fnScope ? union((index.returns.get(fn) ?? []).map((r) => clientsOf(r, fnScope, undefined, depth + 1))) : [];
}

function chainOf(expr: Node | undefined, scope: Scope, cls: Node | undefined, depth = 0): { clients: Client[]; path: string[] } | undefined {
  const node = unwrap(expr);
  if (!node || depth > MAX_DEPTH) return undefined;
  const clients = clientsOf(node, scope, cls, depth);
  if (clients.length) return { clients, path: [] };
  if (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') {
    const name = memberName(node);
    const inner = name === undefined ? undefined : chainOf(node.object, scope, cls, depth + 1);
    return inner && { clients: inner.clients, path: [...inner.path, name!] };
  }
  if (node.type === 'Identifier') {
    const d = define(node.name, scope);
    if (d && 'binding' in d && !d.binding.path.length && d.binding.init && (d.binding.kind === 'const' || !d.binding.assigned.length)) {
      return chainOf(d.binding.init, d.binding.scope, cls, depth + 1);
    }
  }
  return undefined;
}

// `x.chat.completions.create(...)` on something not traced to a client.
function modelCallShape(callee: Node, text: string): { receiver: string; name: string } | undefined {
  const names: string[] = [];
  let cur: Node | undefined = callee;
  while (cur && (cur.type === 'MemberExpression' || cur.type === 'OptionalMemberExpression')) {
    const name = memberName(cur);
    if (name === undefined) break;
    names.unshift(name);
    cur = unwrap(cur.object);
    if (names.length >= 3 && names.length <= 4 && cur) {
      const endpoint = classifyEndpoint(names);
      if (endpoint.kind === 'model-call') return { receiver: text.slice(cur.start, cur.end), name: endpoint.name };
    }
  }
  return undefined;
}
