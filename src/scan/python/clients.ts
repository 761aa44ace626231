// Which expressions hold an OpenAI client, and which SDK calls are made on one: `OpenAI(...)`
// however imported (`from openai import OpenAI as C`, `openai.OpenAI`), LangChain's `ChatOpenAI`,
// followed through the run's modules: variables (every client a variable is given in branches),
// `self.x` attributes and properties, instances, factories and methods, parameters and what their
// callers pass, wrappers, dict entries, `with ... as client`, property chains
// (`chat = client.chat.completions`) and bound create methods.
import { type Endpoint, classifyEndpoint } from '../../catalog/endpoints.js';
import { type PyContext, ownerOf } from './context.js';
import { dictValues, dictView } from './dicts.js';
import { INSTRUCTOR_METHOD, isInstructorCall, wrappedArgument } from './wrappers.js';
import { lookup } from './module.js';
import { functionsNamed, importedName, instanceClass, methodsOf, moduleOf, starImported } from './names.js';
import type { Node } from './parse.js';
import { attributeChain, describe, named, stringValue, unwrap } from './tree.js';

export { wrappedArgument };

export type ClientKind =
  | { kind: 'openai' }
  | { kind: 'langchain'; oldSpelling: boolean }
  | { kind: 'azure' }
  | { kind: 'unsupported'; what: string };

export interface Call {
  node: Node;
  path: string[];
  endpoint: Endpoint;
  /** The module the call is made in, when not the client's. */
  ctx?: PyContext;
}

export interface Client {
  node: Node;
  cls: ClientKind;
  name: string;
  calls: Call[];
}

export interface UntracedCall {
  node: Node;
  receiver: string;
  name: string;
}

const LANGCHAIN_CHAT = /^(langchain_openai(\.chat_models(\.base)?)?|langchain(_community)?\.chat_models(\.openai)?)$/;
const LANGCHAIN_EMBEDDINGS = /^(langchain_openai(\.embeddings(\.base)?)?|langchain(_community)?\.embeddings(\.openai)?)$/;
const LANGCHAIN_LLMS = /^(langchain_openai(\.llms(\.base)?)?|langchain(_community)?\.llms(\.openai)?)$/;

// Langfuse's drop-in `langfuse.openai` module has the openai SDK's classes and module client.
const OPENAI_MODULES = new Set(['openai', 'langfuse.openai']);

function classify(module: string, name: string): ClientKind | undefined {
  if (OPENAI_MODULES.has(module)) {
    if (name === 'OpenAI' || name === 'AsyncOpenAI' || name === 'Client' || name === 'AsyncClient') return { kind: 'openai' };
    if (name === 'AzureOpenAI' || name === 'AsyncAzureOpenAI') return { kind: 'azure' };
    return undefined;
  }
  if (name === 'ChatOpenAI' && LANGCHAIN_CHAT.test(module)) return { kind: 'langchain', oldSpelling: !module.startsWith('langchain_openai') };
  if (name === 'AzureChatOpenAI' && LANGCHAIN_CHAT.test(module)) return { kind: 'azure' };
  if ((name === 'OpenAIEmbeddings' || name === 'AzureOpenAIEmbeddings') && LANGCHAIN_EMBEDDINGS.test(module)) return name.startsWith('Azure') ? { kind: 'azure' } : { kind: 'unsupported', what: 'embeddings' };
  if (name === 'OpenAI' && LANGCHAIN_LLMS.test(module)) return { kind: 'unsupported', what: 'legacy completions' };
  return undefined;
}

/** The client class a callee names, through imports in this file. */
export function clientClass(ctx: PyContext, callee: Node | null): ClientKind | undefined {
  const n = unwrap(callee);
  if (!n) return undefined;
  if (n.type === 'identifier') {
    for (const i of ctx.index.imports.get(n.text) ?? []) if (i.name) return classify(i.module, i.name);
    return undefined;
  }
  if (n.type === 'attribute') {
    const obj = unwrap(n.childForFieldName('object'));
    const name = n.childForFieldName('attribute')!.text;
    const text = obj?.text ?? '';
    // `openai.OpenAI`, `import langchain_openai as lc` + `lc.ChatOpenAI`
    const base = text.split('.')[0];
    for (const i of ctx.index.imports.get(base) ?? []) {
      if (i.name && !(i.module === 'langfuse.openai' && i.name === 'openai')) continue;
      const module = i.name ? 'openai' : i.module === base ? text : text.replace(base, i.module);
      return classify(module, name);
    }
  }
  return undefined;
}

/** Whether an expression is the `openai` module itself (`import openai`, `import openai as oa`). */
export function isOpenAIModule(ctx: PyContext, node: Node | null | undefined): boolean {
  const n = unwrap(node);
  return n?.type === 'identifier' && (ctx.index.imports.get(n.text) ?? []).some((i) => i.module === 'openai' && !i.name);
}

const MAX_DEPTH = 12;
const PASS_THROUGH = /^(with_options|with_raw_response|with_streaming_response)$/;

/** The clients built in a module (`OpenAI(...)`, `ChatOpenAI(...)`), by call node; kept on the context. */
export function collectClients(ctx: PyContext): Map<number, Client> {
  const byNode = new Map<number, Client>();
  for (const call of ctx.index.calls) {
    const cls = clientClass(ctx, call.childForFieldName('function'));
    if (!cls) continue;
    // `trim_messages(..., token_counter=ChatOpenAI(model="gpt-4o"))`: LangChain counts tokens with
    // it locally (by the model's tokenizer); it makes no request, so it is not migrated.
    if (call.parent?.type === 'keyword_argument' && call.parent.childForFieldName('name')?.text === 'token_counter') {
      for (const s of ctx.index.strings) if (s.startIndex >= call.startIndex && s.endIndex <= call.endIndex) ctx.consumed.add(s.startIndex);
      continue;
    }
    byNode.set(call.id, { node: call, cls, name: describe(call.childForFieldName('function')!), calls: [] });
  }
  ctx.clients = byNode;
  return byNode;
}

/** The client an expression holds (the first, when it may hold several), through the run's modules. */
export function clientOf(at: PyContext, expr: Node | null | undefined, depth = 0): Client | undefined {
  return clientsOf(at, expr, depth)[0];
}

// A variable assigned different clients in branches holds all of them, up to this many.
const MAX_CLIENTS = 8;
const memos = new WeakMap<object, Map<string, Client[]>>();

// The SDK's resources: a call chain naming none of them is not an SDK call (`convo.messages.append`).
const SDK_ROOTS = /^(chat|responses|embeddings|images|audio|files|beta|moderations|batches|fine_tuning|fineTuning|models|vector_stores|vectorStores|completions|uploads|realtime|containers|evals|graders|videos|conversations)$/;

// Whether an attribute callee may be an SDK call: it names a resource, or starts from a variable
// that holds one (`chat = client.chat.completions` ... `chat.create(...)`).
function mayBeSdkCall(ctx: PyContext, fn: Node): boolean {
  const { base, names } = attributeChain(fn);
  if (names.some((n) => SDK_ROOTS.test(n))) return true;
  if (names.length === 1 && INSTRUCTOR_METHOD.test(names[0])) return true; // instructor's `client.create(...)`
  if (base.type !== 'identifier') return false;
  const found = lookup(ctx.index, base.text, base);
  const value = found?.kind === 'assigned' && found.values.length === 1 ? unwrap(found.values[0].value) : undefined;
  return value?.type === 'attribute' && attributeChain(value).names.some((n) => SDK_ROOTS.test(n));
}

/** Every client an expression may hold, followed through this module and the modules it imports. */
export function clientsOf(at: PyContext, expr: Node | null | undefined, depth = 0, out?: Client[], seen = new Set<string>()): Client[] {
  const node = unwrap(expr);
  if (!out) {
    // The same expression (`self.client`) is asked about at every call made on it: once is enough.
    if (!node) return [];
    const owner = ownerOf(at, node);
    const memo = memos.get(owner.project ?? owner) ?? new Map<string, Client[]>();
    memos.set(owner.project ?? owner, memo);
    const key = `${owner.path}:${node.id}:${depth}`;
    const known = memo.get(key);
    if (known) return known;
    const found = clientsOf(owner, node, depth, [], seen);
    memo.set(key, found);
    return found;
  }
  if (!node || depth > MAX_DEPTH || out.length >= MAX_CLIENTS) return out;
  const ctx = ownerOf(at, node);
  const key = `${ctx.path}:${node.id}`;
  if (seen.has(key)) return out;
  seen.add(key);
  const all = (c: PyContext, values: Node[]) => {
    for (const v of values) clientsOf(c, v, depth + 1, out, seen);
    return out;
  };
  switch (node.type) {
    case 'call': {
      const direct = ctx.clients?.get(node.id);
      if (direct) {
        if (!out.includes(direct)) out.push(direct);
        return out;
      }
      const wrapped = wrappedArgument(ctx, node);
      if (wrapped) return all(ctx, [wrapped]);
      // A factory: `def get_client(): return OpenAI()`, here or imported; a method (`self._make()`).
      for (const f of functionsNamed(ctx, node.childForFieldName('function'))) all(f.ctx, f.ctx.index.returns.get(f.def.id) ?? []);
      return out;
    }
    case 'identifier': {
      const found = lookup(ctx.index, node.text, node);
      if (found?.kind === 'assigned') return all(ctx, found.values.map((v) => v.value));
      if (found?.kind === 'param') {
        // Reassigned in the body, and passed by the callers (`Engine(client)`, `ask(client, q)`).
        all(ctx, found.values.map((v) => v.value));
        for (const a of ctx.project?.arguments(ctx, found.fn, node.text) ?? []) all(a.ctx, [a.value]);
        return out;
      }
      const def = found?.kind === 'import' ? importedName(ctx, found.imports) : found ? undefined : starImported(ctx, node.text);
      return def ? all(def.ctx, (def.ctx.index.assigns.get(def.name) ?? []).filter((a) => a.scope === 0).map((a) => a.value)) : out;
    }
    case 'attribute': {
      const obj = unwrap(node.childForFieldName('object'))!;
      const name = node.childForFieldName('attribute')!.text;
      const module = moduleOf(ctx, obj); // `clients.openai_client`
      if (module) return all(module, (module.index.assigns.get(name) ?? []).filter((a) => a.scope === 0).map((a) => a.value));
      // `self.client`, `self.oai` (a property), `engine.client` (an instance of a class of the run).
      const inst = instanceClass(ctx, obj);
      if (!inst) return out;
      const own = (inst.ctx.index.assigns.get(`self.${name}`) ?? []).filter((a) => a.node.startIndex > inst.node.startIndex && a.node.endIndex <= inst.node.endIndex);
      all(inst.ctx, [...own.map((a) => a.value), ...inst.args(name)]);
      for (const m of methodsOf(inst.ctx, inst.node, name)) {
        if (m.def.parent?.type !== 'decorated_definition' || !named(m.def.parent).some((d) => d.type === 'decorator' && /property/.test(d.text))) continue;
        all(m.ctx, m.ctx.index.returns.get(m.def.id) ?? []);
      }
      return out;
    }
    case 'subscript': {
      // `CLIENTS["openai"]`
      const key = stringValue(node.childForFieldName('subscript'));
      const view = key === undefined ? undefined : dictView(ctx, node.childForFieldName('value'));
      return view ? all(view.ctx, dictValues(view, key!).values) : out;
    }
    case 'await':
      return all(ctx, [node.namedChildren[0]!]);
    case 'boolean_operator':
      return all(ctx, [node.childForFieldName('right')!, node.childForFieldName('left')!]);
    case 'conditional_expression': {
      const [a, , b] = named(node);
      return all(ctx, [a, b]);
    }
    default:
      return out;
  }
}

// The SDK path of a call: `.with_raw_response.create` is `create`; instructor's
// `chat.completions.create_with_completion` / `create_partial` / `create_iterable` are `create`.
function callPath(names: string[]): string[] {
  const path = names.filter((n) => !PASS_THROUGH.test(n));
  const last = path.length - 1;
  if (last >= 2 && path[last - 1] === 'completions' && INSTRUCTOR_METHOD.test(path[last])) return [...path.slice(0, last), 'create'];
  return path;
}

/** Attaches every SDK call of a module to the client it is made on (in any module); the calls it cannot trace. */
export function attachCalls(ctx: PyContext): UntracedCall[] {
  const untraced: UntracedCall[] = [];
  if (!ctx.clients?.size && !/\.(chat\.completions|responses)\.|\b(embeddings|images|audio|files|beta|moderations|batches|fine_tuning|vector_stores)\.|\.create_(with_completion|partial|iterable)\b/.test(ctx.text)) return untraced;

  // The client a call chain starts from, tried at each level (`self.client.chat.completions`).
  const chainOf = (expr: Node, depth = 0): { clients: Client[]; path: string[]; base?: Node } | undefined => {
    const names: string[] = [];
    for (let cur: Node | undefined = unwrap(expr); cur && depth <= MAX_DEPTH; depth++) {
      const clients = clientsOf(ctx, cur);
      if (clients.length) return { clients, path: names, base: cur };
      if (cur.type === 'attribute') {
        names.unshift(cur.childForFieldName('attribute')!.text);
        cur = unwrap(cur.childForFieldName('object'));
      } else if (cur.type === 'call' && unwrap(cur.childForFieldName('function'))?.type === 'attribute') {
        // `client.with_options(timeout=5).chat...` is the same client.
        const fn = unwrap(cur.childForFieldName('function'))!;
        if (!PASS_THROUGH.test(fn.childForFieldName('attribute')!.text)) return undefined;
        cur = unwrap(fn.childForFieldName('object'));
      } else if (cur.type === 'identifier') {
        // `chat = client.chat.completions` then `chat.create(...)`.
        const found = lookup(ctx.index, cur.text, cur);
        if (found?.kind !== 'assigned' || found.values.length !== 1 || unwrap(found.values[0].value)?.type !== 'attribute') return undefined;
        const inner = chainOf(found.values[0].value, depth + 1);
        return inner && { clients: inner.clients, path: [...inner.path, ...names] };
      } else {
        return undefined;
      }
    }
    return undefined;
  };

  for (const call of ctx.index.calls) {
    const fn = unwrap(call.childForFieldName('function'));
    if (fn?.type === 'identifier') {
      // `completion = client.chat.completions.create` ... `completion(model=...)`
      const found = lookup(ctx.index, fn.text, fn);
      const bound = found?.kind === 'assigned' ? found.values.map((v) => unwrap(v.value)).filter((v): v is Node => v?.type === 'attribute' && mayBeSdkCall(ctx, v)) : [];
      for (const b of bound) {
        const chain = chainOf(b);
        if (chain && chain.path.length >= 2) for (const c of chain.clients) c.calls.push({ node: call, path: callPath(chain.path), endpoint: classifyEndpoint(callPath(chain.path)), ctx });
      }
      continue;
    }
    if (fn?.type !== 'attribute' || !mayBeSdkCall(ctx, fn)) continue;
    const chain = chainOf(fn);
    if (chain && chain.path.length) {
      // Instructor's `client.create(...)`, `client.create_with_completion(...)` are chat completions.
      const path = chain.base && isInstructorCall(ctx, chain.base, chain.path) ? ['chat', 'completions', 'create'] : callPath(chain.path);
      for (const c of chain.clients) c.calls.push({ node: call, path, endpoint: classifyEndpoint(path), ctx });
      continue;
    }
    const { base, names } = attributeChain(fn);
    if (isOpenAIModule(ctx, base)) continue; // the module-level client: see legacy.ts
    for (const n of [3, 4]) {
      if (names.length < n) continue;
      const tail = names.slice(-n);
      const endpoint = classifyEndpoint(tail);
      if (endpoint.kind === 'model-call') {
        untraced.push({ node: call, receiver: fn.text.slice(0, fn.text.length - tail.join('.').length - 1), name: endpoint.name });
        break;
      }
    }
  }
  return untraced;
}
