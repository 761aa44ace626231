// Which expressions hold an OpenAI client, and which SDK calls are made on one, in one file:
// `new OpenAI()` however it was imported, variables, `this.client` fields, same-file factory
// functions, and property chains like `const chat = client.chat.completions`.
import { type Endpoint, classifyEndpoint } from '../../catalog/endpoints.js';
import { exportName, moduleRef, stableInit } from './resolve.js';
import { type FileIndex, type Node, type Scope, type Site, memberName, unwrap } from './scope.js';

export type ClientClass = 'openai' | 'azure';

export interface Call {
  site: Site;
  path: string[];
  endpoint: Endpoint;
}

export interface Client {
  site: Site;
  cls: ClientClass;
  calls: Call[];
  /** Exported from this module, so it may have callers elsewhere. */
  exported: boolean;
}

/** A call on something that could not be traced to a client, but looks like an SDK model call. */
export interface UntracedCall {
  site: Site;
  receiver: string;
  name: string;
}

const OPENAI_MODULE = /^openai(\/index(\.m?js)?)?$/;
const MAX_DEPTH = 12;

export function clientClass(callee: Node, scope: Scope): ClientClass | undefined {
  const ref = moduleRef(callee, scope);
  if (!ref || !OPENAI_MODULE.test(ref.source)) return undefined;
  const name = exportName(ref);
  if (name === 'default' || name === 'OpenAI') return 'openai';
  if (name === 'AzureOpenAI') return 'azure';
  return undefined;
}

export function findClients(index: FileIndex, text: string): { clients: Client[]; untraced: UntracedCall[] } {
  const byNode = new Map<Node, Client>();
  for (const site of index.news) {
    const cls = clientClass(site.node.callee, site.scope);
    if (cls) byNode.set(site.node, { site, cls, calls: [], exported: false });
  }
  for (const b of index.scope.bindings.values()) {
    const init = unwrap(stableInit(b));
    if (b.exported && init && byNode.has(init)) byNode.get(init)!.exported = true;
  }
  const def = unwrap(index.exports.get('default'));
  if (def && byNode.has(def)) byNode.get(def)!.exported = true;

  const untraced: UntracedCall[] = [];
  if (byNode.size === 0 && !/\.(chat\.completions|responses)\./.test(text)) return { clients: [], untraced };

  const clientOf = (expr: Node | undefined, scope: Scope, cls: Node | undefined, depth = 0): Client | undefined => {
    const node = unwrap(expr);
    if (!node || depth > MAX_DEPTH) return undefined;
    switch (node.type) {
      case 'NewExpression':
        return byNode.get(node);
      case 'Identifier': {
        const b = scope.lookup(node.name);
        if (!b || b.path.length) return undefined;
        for (const v of [b.init, ...b.assigned, b.fallback]) {
          const c = v && clientOf(v, b.scope, cls, depth + 1);
          if (c) return c;
        }
        if (b.kind === 'function') return returnedClient(b.decl, depth);
        return undefined;
      }
      case 'MemberExpression':
      case 'OptionalMemberExpression': {
        if (node.object.type !== 'ThisExpression' || !cls) return undefined;
        const name = node.property.type === 'PrivateName' ? '#' + node.property.id.name : memberName(node);
        const info = name === undefined ? undefined : index.classes.get(cls);
        for (const v of info?.members.get(name!) ?? []) {
          const c = clientOf(v, info!.scope, cls, depth + 1);
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
        const callee = unwrap(node.callee);
        if (callee?.type !== 'Identifier') return undefined;
        const b = scope.lookup(callee.name);
        if (b?.kind === 'function') return returnedClient(b.decl, depth);
        const init = unwrap(stableInit(b));
        if (init && (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression')) return returnedClient(init, depth);
        return undefined;
      }
      default:
        return undefined;
    }
  };

  // A factory function in this file: the client one of its `return`s gives.
  const returnedClient = (fn: Node, depth: number): Client | undefined => {
    const scope = index.scopeOf.get(fn);
    for (const r of index.returns.get(fn) ?? []) {
      const c = scope && clientOf(r, scope, undefined, depth + 1);
      if (c) return c;
    }
    return undefined;
  };

  const chainOf = (expr: Node | undefined, scope: Scope, cls: Node | undefined, depth = 0): { client: Client; path: string[] } | undefined => {
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
      const b = scope.lookup(node.name);
      const init = stableInit(b);
      if (b && init && !b.path.length) return chainOf(init, b.scope, cls, depth + 1);
    }
    return undefined;
  };

  for (const site of index.calls) {
    const callee = unwrap(site.node.callee);
    if (!callee || (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression')) continue;
    const chain = chainOf(callee, site.scope, site.cls);
    if (chain && chain.path.length) {
      chain.client.calls.push({ site, path: chain.path, endpoint: classifyEndpoint(chain.path) });
      continue;
    }
    const untracedCall = modelCallShape(callee, text);
    if (untracedCall) untraced.push({ site, ...untracedCall });
  }
  return { clients: [...byNode.values()], untraced };
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
    for (let n = 3; n <= 4; n++) {
      if (names.length !== n) continue;
      const endpoint = classifyEndpoint(names);
      if (endpoint.kind === 'model-call' && cur) return { receiver: text.slice(cur.start, cur.end), name: endpoint.name };
    }
  }
  return undefined;
}
