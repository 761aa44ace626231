// Which expressions hold an OpenAI client, and which SDK calls are made on one: `new OpenAI()`
// however it was imported, variables, `this.client` fields, factory functions, clients imported
// from other files of the run or passed as arguments, and property chains like
// `const chat = client.chat.completions`.
import { type Endpoint, classifyEndpoint } from '../../catalog/endpoints.js';
import { type JsContext, moduleOf } from './context.js';
import { type Definition, define, exportName, moduleRef, namespaceMember, resolverOf } from './resolve.js';
import { type Node, type Scope, type Site, memberName, scopeAt, unwrap } from './scope.js';

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
}

/** A call on something that could not be traced to a client, but looks like an SDK model call. */
export interface UntracedCall {
  site: Site;
  receiver: string;
  name: string;
}

const OPENAI_MODULE = /^openai(\/index(\.m?js)?)?$/;
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

/** Attaches each SDK call of a file to the client it is made on; returns the ones it could not trace. */
export function attachCalls(ctx: JsContext): UntracedCall[] {
  const untraced: UntracedCall[] = [];
  if (!/\.(chat|responses|embeddings|images|audio|files|models|batches|moderations|beta|fineTuning|fine_tuning|completions|uploads|vectorStores|realtime)\b|\.(create|list|retrieve)[A-Z]/.test(ctx.text)) return untraced;
  for (const site of ctx.index.calls) {
    const callee = unwrap(site.node.callee);
    if (!callee || (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression')) continue;
    const chain = chainOf(callee, site.scope, site.cls);
    if (chain && chain.path.length) {
      chain.client.calls.push({ site, path: chain.path, endpoint: classifyEndpoint(chain.path) });
      continue;
    }
    const shape = modelCallShape(callee, ctx.text);
    if (shape) untraced.push({ site, ...shape });
  }
  return untraced;
}

export function clientOf(expr: Node | undefined, scope: Scope, cls: Node | undefined, depth = 0): Client | undefined {
  const node = unwrap(expr);
  if (!node || depth > MAX_DEPTH) return undefined;
  switch (node.type) {
    case 'NewExpression': {
      const direct = moduleOf(scope).clients.get(node);
      if (direct) return direct;
      // v3: `new OpenAIApi(configuration)` is the client its Configuration describes.
      const ref = moduleRef(node.callee, scope);
      if (ref && OPENAI_MODULE.test(ref.source) && exportName(ref) === 'OpenAIApi') return clientOf(node.arguments[0], scope, cls, depth + 1);
      // `new Client()` of a subclass whose constructor calls `super(options)`.
      const callee = unwrap(node.callee);
      const d = callee?.type === 'Identifier' ? define(callee.name, scope) : undefined;
      return d && 'binding' in d && d.binding.kind === 'class' ? moduleOf(d.binding.scope).clients.get(d.binding.decl) : undefined;
    }
    case 'ThisExpression':
      // Inside a subclass of OpenAI, `this` is the client.
      return cls ? moduleOf(scope).clients.get(cls) : undefined;
    case 'Identifier': {
      const d = define(node.name, scope);
      return d && clientOfDefinition(d, cls, depth + 1);
    }
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      const ns = namespaceMember(node, scope);
      if (ns) return clientOfDefinition(ns, undefined, depth + 1);
      if (node.object.type !== 'ThisExpression' || !cls) return undefined;
      const name = node.property.type === 'PrivateName' ? '#' + node.property.id.name : memberName(node);
      const info = name === undefined ? undefined : moduleOf(scope).index.classes.get(cls);
      for (const v of info?.members.get(name!) ?? []) {
        const c = clientOf(v, scopeAt(v, moduleOf(scope).index, info!.scope), cls, depth + 1);
        if (c) return c;
      }
      return undefined;
    }
    case 'LogicalExpression':
    case 'ConditionalExpression':
      return clientOf(node.type === 'LogicalExpression' ? node.right : node.consequent, scope, cls, depth + 1)
        ?? clientOf(node.type === 'LogicalExpression' ? node.left : node.alternate, scope, cls, depth + 1);
    case 'AssignmentExpression':
      return clientOf(node.right, scope, cls, depth + 1);
    case 'AwaitExpression':
      return clientOf(node.argument, scope, cls, depth + 1);
    case 'CallExpression': {
      // A factory: `getClient()`, here or imported.
      const callee = unwrap(node.callee);
      const d = callee?.type === 'Identifier' ? define(callee.name, scope) : callee && namespaceMember(callee, scope);
      const fn = d && functionOf(d);
      return fn && returnedClient(fn.node, fn.scope, depth + 1);
    }
    default:
      return undefined;
  }
}

function clientOfDefinition(d: Definition, cls: Node | undefined, depth: number): Client | undefined {
  if ('namespace' in d) return undefined;
  if ('value' in d) return clientOf(d.value, d.scope, undefined, depth + 1);
  const b = d.binding;
  if (b.path.length) return undefined;
  for (const v of [b.init, ...b.assigned, b.fallback]) {
    const c = v && clientOf(v, b.scope, cls, depth + 1);
    if (c) return c;
  }
  if (b.kind === 'function') return returnedClient(b.decl, b.scope, depth + 1);
  if (b.kind === 'param') {
    // A client passed as an argument: what every caller in the run passes.
    const position = b.decl.params?.findIndex((p: Node) => p === b.id || p.left === b.id || p.parameter === b.id || p.parameter?.left === b.id);
    if (position === undefined || position < 0) return undefined;
    for (const caller of resolverOf(b.scope)?.callersOf(b.decl) ?? []) {
      const c = clientOf(caller.node.arguments[position], caller.scope, undefined, depth + 1);
      if (c) return c;
    }
  }
  return undefined;
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

// A factory function: the client one of its `return`s gives.
function returnedClient(fn: Node, scope: Scope, depth: number): Client | undefined {
  const index = moduleOf(scope).index;
  const fnScope = index.scopeOf.get(fn);
  for (const r of index.returns.get(fn) ?? []) {
    const c = fnScope && clientOf(r, fnScope, undefined, depth + 1);
    if (c) return c;
  }
  return undefined;
}

function chainOf(expr: Node | undefined, scope: Scope, cls: Node | undefined, depth = 0): { client: Client; path: string[] } | undefined {
  const node = unwrap(expr);
  if (!node || depth > MAX_DEPTH) return undefined;
  const client = clientOf(node, scope, cls, depth);
  if (client) return { client, path: [] };
  if (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') {
    const name = memberName(node);
    const inner = name === undefined ? undefined : chainOf(node.object, scope, cls, depth + 1);
    return inner && { client: inner.client, path: [...inner.path, name!] };
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
