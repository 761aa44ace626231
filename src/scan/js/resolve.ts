// Following values inside one file: which module an expression comes from, which literal
// a model value is, and which environment variable an expression reads.
import { ownerOf } from './context.js';
import { isRouteHandler, routeBodies, routeUrl } from './routes.js';
import { type Binding, type FileIndex, type Node, type Scope, memberName, propName, scopeAt, stringValue, unwrap } from './scope.js';

/** Where an expression comes from: a module and the property path taken from it. */
export interface ModuleRef {
  source: string;
  path: string[];
  /** ESM namespace (`import * as`, `await import()`), where `[]` is the namespace, not the default export. */
  esm: boolean;
}

const MAX_DEPTH = 12;

/** A binding whose value is known from its declaration: const, or let/var never reassigned. */
export function stableInit(b: Binding | undefined): Node | undefined {
  if (!b || !b.init) return undefined;
  if (b.kind !== 'const' && b.assigned.length > 0) return undefined;
  if (b.kind !== 'const' && b.kind !== 'let' && b.kind !== 'var') return undefined;
  return b.init;
}

/** What a name stands for, followed through imports of other files of the run. */
export type Definition =
  | { binding: Binding }
  | { value: Node; scope: Scope }
  | { namespace: Scope };

/** The project side of following imports (src/scan/js/project.ts). */
export interface ImportResolver {
  /** What `imported` ('default', '*', or a name) of `source`, imported in the module of `from`, is. */
  importTarget(from: Scope, source: string, imported: string): Definition | undefined;
  /** What a module (given by its root scope) exports under `name`. */
  exported(moduleScope: Scope, name: string): Definition | undefined;
  /** Call sites, in every file of the run, of a function (for values passed as arguments). */
  callersOf(fn: Node): { node: Node; scope: Scope }[];
  /** The modules parsed so far (for calls found by what they send, such as a route's URL). */
  loadedModules?(): { index: FileIndex }[];
}

export function resolverOf(scope: Scope): ImportResolver | undefined {
  return (scope.root().module as { project?: ImportResolver } | undefined)?.project;
}

/** A name's definition: its binding here, or what it imports from another file of the run. */
export function define(name: string, scope: Scope): Definition | undefined {
  const b = scope.lookup(name);
  if (!b) return undefined;
  return followImport(b) ?? { binding: b };
}

function followImport(b: Binding): Definition | undefined {
  const resolver = resolverOf(b.scope);
  if (!resolver) return undefined;
  if (b.kind === 'import') {
    if (b.typeOnly || !b.importSource) return undefined;
    return resolver.importTarget(b.scope, b.importSource, b.imported === 'require' ? 'default' : b.imported!);
  }
  const init = unwrap(stableInit(b));
  const source = init && isRequireCall(init, b.scope);
  if (source && b.path.length <= 1) return resolver.importTarget(b.scope, source, b.path[0] ?? 'default');
  return undefined;
}

/** `ns.name` where `ns` is `import * as ns` of a file of the run. */
export function namespaceMember(node: Node, scope: Scope): Definition | undefined {
  const obj = unwrap(node.object);
  const name = memberName(node);
  if (obj?.type !== 'Identifier' || name === undefined) return undefined;
  const d = define(obj.name, scope);
  return d && 'namespace' in d ? resolverOf(scope)?.exported(d.namespace, name) : undefined;
}

/** The value a definition holds when it is known: a const's init (through destructuring), an exported expression. */
export function definedValue(d: Definition): { value: Node; scope: Scope } | undefined {
  if ('value' in d) return d;
  if ('namespace' in d) return undefined;
  const b = d.binding;
  const init = stableInit(b);
  if (!init) return undefined;
  if (!b.path.length) return { value: init, scope: b.scope };
  const value = propertyValue(init, b.path, b.scope);
  return value ? { value, scope: b.scope } : undefined;
}

export function isRequireCall(node: Node, scope: Scope): string | undefined {
  if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'require') return undefined;
  if (scope.lookup('require')) return undefined;
  return stringValue(node.arguments[0]);
}

function dynamicImportSource(node: Node): string | undefined {
  if (node.type === 'ImportExpression') return stringValue(node.source);
  if (node.type === 'CallExpression' && node.callee.type === 'Import') return stringValue(node.arguments[0]);
  return undefined;
}

export function moduleRef(expr: Node | undefined, scope: Scope, depth = 0): ModuleRef | undefined {
  const node = unwrap(expr);
  if (!node || depth > MAX_DEPTH) return undefined;
  switch (node.type) {
    case 'Identifier': {
      const b = scope.lookup(node.name);
      if (!b) return undefined;
      if (b.kind === 'import') {
        if (b.typeOnly || !b.importSource) return undefined;
        if (b.imported === 'require') return { source: b.importSource, path: [], esm: false };
        return { source: b.importSource, path: b.imported === '*' ? [] : [b.imported!], esm: true };
      }
      const init = stableInit(b);
      if (!init) return undefined;
      const ref = moduleRef(init, b.scope, depth + 1);
      if (!ref || b.path.includes('...')) return undefined;
      return { ...ref, path: [...ref.path, ...b.path] };
    }
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      const name = memberName(node);
      const ref = name === undefined ? undefined : moduleRef(node.object, scope, depth + 1);
      return ref && { ...ref, path: [...ref.path, name!] };
    }
    case 'CallExpression': {
      const source = isRequireCall(node, scope) ?? dynamicImportSource(node);
      if (source === undefined) return undefined;
      return { source, path: [], esm: node.callee.type !== 'Identifier' };
    }
    case 'ImportExpression': {
      const source = dynamicImportSource(node);
      return source === undefined ? undefined : { source, path: [], esm: true };
    }
    case 'AwaitExpression':
      return moduleRef(node.argument, scope, depth + 1);
    default:
      return undefined;
  }
}

/** The export a module reference names: `default` for CommonJS `require(x)` itself. */
export function exportName(ref: ModuleRef): string | undefined {
  if (ref.path.length === 0) return ref.esm ? undefined : 'default';
  if (ref.path.length === 1) return ref.path[0];
  // `require("openai").default.OpenAI` and the like are not written by people.
  return undefined;
}

/** Result of following a value to the literals it can be. */
export interface ValueSources {
  literals: Node[];
  /** What could not be followed, in words, when something could not. */
  unresolved?: string;
  /** What may override the literals at run time (an env var, a parameter). */
  overriddenBy?: string;
  /** A parameter or property some caller leaves out (undefined there), unless a `??` covers it. */
  omitted?: string;
  /** The environment reads the value can come from (`process.env.X`, a helper's read). */
  reads?: Node[];
  /** An environment variable without a fallback: said when nothing else is unresolved. */
  fromEnv?: string;
  /** The environment variable it is read from, when that is all it is. */
  envName?: string;
  /** Literals a guard turns into the SDK's own default (`x === "default" ? undefined : x`). */
  sentinels?: Node[];
}

/** A read of an environment variable, the node that names it (renamed to rename the read), and a default the code gives it. */
export type EnvRead = { name: string; nameNode: Node; fallback?: Node };

// Reads through code of the run (env helpers, validated env objects, ConfigService):
// src/scan/js/envSchemas.ts installs itself here, as it needs the value following this module does.
let indirectReads: ((node: Node) => EnvRead | undefined) | undefined;
export function setIndirectReads(reader: (node: Node) => EnvRead | undefined): void {
  indirectReads = reader;
}

/**
 * An environment read: `process.env.NAME`, `process.env["NAME"]`, Deno's `Deno.env.get("NAME")`,
 * a call of an env helper of the run (`requiredEnv("NAME")`), or `env.NAME` on a validated env.
 */
export function envRead(node: Node | undefined): EnvRead | undefined {
  node = unwrap(node);
  if (!node) return undefined;
  const direct = directEnvRead(node);
  if (direct || !indirectReads) return direct;
  const t = node.type;
  return t === 'CallExpression' || t === 'OptionalCallExpression' || t === 'MemberExpression' || t === 'OptionalMemberExpression' ? indirectReads(node) : undefined;
}

function directEnvRead(node: Node): EnvRead | undefined {
  if (node.type === 'CallExpression' && node.arguments.length === 1 && node.callee.type === 'MemberExpression' && memberName(node.callee) === 'get') {
    const env = unwrap(node.callee.object);
    const root = env && (env.type === 'MemberExpression' ? unwrap(env.object) : undefined);
    const name = stringValue(node.arguments[0]);
    if (env && memberName(env) === 'env' && root?.type === 'Identifier' && root.name === 'Deno' && name) return { name, nameNode: node.arguments[0] };
  }
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return undefined;
  const obj = unwrap(node.object);
  if (!obj || (obj.type !== 'MemberExpression' && obj.type !== 'OptionalMemberExpression') || memberName(obj) !== 'env') return undefined;
  const root = unwrap(obj.object);
  if (root?.type !== 'Identifier' || root.name !== 'process') return undefined;
  const name = memberName(node);
  return name ? { name, nameNode: node.property } : undefined;
}

/** What following a value needs: the file's text, and its index for `this.x` class members. */
export interface ValueEnv {
  text: string;
  index?: FileIndex;
  /** The class whose `this` the value is read in. */
  cls?: Node;
  /** The arguments of the call being followed into a function, by parameter (null: omitted). */
  bound?: Map<Binding, Bound | null>;
}

interface Bound {
  node: Node;
  scope: Scope;
  env: ValueEnv;
}

/** Follows a model value (here or in other files of the run) to the string literals it can hold. */
export function valueSources(expr: Node | undefined, scope: Scope, env: ValueEnv, depth = 0, path: string[] = []): ValueSources {
  const found = follow(expr, scope, env, depth, path);
  // A value some caller leaves out is undefined there: said when nothing else covers it.
  if (!found.literals.length && !found.unresolved && (found.omitted || found.fromEnv)) return { ...found, unresolved: found.fromEnv ?? found.omitted };
  return found;
}

/** The same, where environment reads and parameters callers omit are not counted as unresolved. */
export function followValue(expr: Node | undefined, scope: Scope, env: ValueEnv, depth = 0): ValueSources {
  return follow(expr, scope, env, depth, []);
}

/** The literals `expr.path...` can hold. */
function follow(expr: Node | undefined, scope: Scope, env: ValueEnv, depth: number, path: string[]): ValueSources {
  const text = env.text;
  const node = unwrap(expr);
  if (!node) return { literals: [], unresolved: 'no value' };
  if (depth > MAX_DEPTH) return { literals: [], unresolved: `\`${describe(node, text)}\`` };
  if (stringValue(node) !== undefined) return path.length ? { literals: [], unresolved: `\`${describe(node, text)}.${path.join('.')}\`` } : { literals: [node] };
  const next = (e: Node | undefined, s: Scope, p = path, en = env) => follow(e, s, en, depth + 1, p);
  const shown = () => `\`${describe(node, text)}${path.length ? '.' + path.join('.') : ''}\``;
  switch (node.type) {
    case 'Identifier': {
      const d = define(node.name, scope);
      const b = d && 'binding' in d ? d.binding : undefined;
      if (b && env.bound?.has(b)) {
        const arg = env.bound.get(b);
        if (arg) return follow(arg.node, arg.scope, arg.env, depth + 1, path);
        if (b.fallback) return next(b.fallback, b.scope);
        return { literals: [], omitted: `the parameter \`${node.name}\`, which a caller omits` };
      }
      const known = d && definedValue(d);
      if (known) {
        // `config.model = "gpt-4o"` after `const config = {}`: the assignments win over the literal.
        const assigned = path.length && b?.props ? b.props.filter((a) => a.operator === '=' && memberName(a.left) === path[0]) : [];
        if (assigned.length) return assigned.map((a) => next(a.right, scopeOfNode(a, b!.scope), path.slice(1))).reduce(merge);
        return next(known.value, known.scope);
      }
      if (b?.kind === 'param') return paramSources(b, node.name, env, depth, path);
      if (b?.init && b.path.length === 1 && b.path[0] === '...' && path.length && b.decl.id?.type === 'ObjectPattern' && (b.kind === 'const' || !b.assigned.length)) {
        // `const { messages, ...rest } = config`: `rest.model` is `config.model`.
        const taken = b.decl.id.properties.filter((p: Node) => p.type !== 'RestElement').map((p: Node) => propName(p));
        if (!taken.includes(path[0])) return next(b.init, b.scope, path);
      }
      if (b?.init && b.path.length && !b.path.includes('...') && (b.kind === 'const' || !b.assigned.length)) {
        // `const { model = "gpt-4o" } = options`: the property, or the default where it is unset.
        const from = next(b.init, b.scope, [...b.path, ...path]);
        if (!b.fallback) return from;
        const fallback = next(b.fallback, b.scope);
        return from.literals.length || from.omitted === undefined && !from.unresolved ? merge({ ...from, omitted: undefined }, fallback) : withFallback(fallback, `${describe(b.init, text)} (${b.path.join('.')})`);
      }
      if (b?.kind === 'import') return { literals: [], unresolved: importReason(b, node.name) };
      if (!b && node.name === 'undefined') return { literals: [], omitted: '`undefined`' };
      if (b && (b.kind === 'let' || b.kind === 'var') && !b.path.length && b.assigned.length) {
        // `let model = "gpt-4o"; ... catch { model = "gpt-4o-mini" }`: whatever it is given.
        return [...(b.init ? [b.init] : []), ...b.assigned].map((v) => next(v, b.scope)).reduce(merge);
      }
      if (b && !b.init && (b.kind === 'let' || b.kind === 'var')) return { literals: [], unresolved: `\`${node.name}\`, which is never given a value this run can see` };
      return { literals: [], unresolved: shown() };
    }
    case 'ConditionalExpression': {
      const sentinel = conditionalSentinel(node);
      if (sentinel) {
        // `url === "default" ? undefined : url`: a "default" literal stands for the SDK's default.
        const r = next(sentinel.value, scope);
        const marks = r.literals.filter((l) => stringValue(l) === sentinel.sentinel);
        return { ...r, literals: r.literals.filter((l) => !marks.includes(l)), sentinels: [...r.sentinels ?? [], ...marks] };
      }
      return merge(next(node.consequent, scope), next(node.alternate, scope));
    }
    case 'LogicalExpression': {
      // `process.env.MODEL ?? "gpt-4o"`: the fallback is the literal to migrate; the env var stays.
      if (node.operator === '??' || node.operator === '||') {
        const left = unwrap(node.left);
        const read = !path.length ? envRead(left) : undefined;
        const right = next(node.right, scope);
        if (read) return { ...withFallback(right, `the environment variable ${read.name}`), reads: [left!, ...right.reads ?? []] };
        const l = next(left, scope);
        // `value ?? "https://..."` where `value` holds an environment read (a helper's parameter).
        if (!path.length && l.envName && !l.literals.length && !l.unresolved) return { ...withFallback(right, `the environment variable ${l.envName}`), reads: [...l.reads ?? [], ...right.reads ?? []] };
        // A parameter a caller omits is undefined there: the right-hand side covers it.
        return merge({ ...l, omitted: undefined }, right);
      }
      return { literals: [], unresolved: shown() };
    }
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      const read = envRead(node);
      if (read?.fallback) return { ...withFallback(next(read.fallback, scope), `the environment variable ${read.name}`), reads: [node], envName: read.name };
      if (read) return { literals: [], fromEnv: `the environment variable ${read.name}, which has no fallback`, reads: [node], envName: read.name };
      const name = memberName(node);
      if (node.computed && !path.length && isProcessEnv(unwrap(node.object))) {
        // `process.env[name]` in a helper, with `name` bound to the caller's literal.
        const names = next(node.property, scope, []);
        const only = names.literals.length === 1 && !names.unresolved ? stringValue(names.literals[0]) : undefined;
        if (only) return { literals: [], fromEnv: `the environment variable ${only}, which has no fallback`, envName: only };
      }
      if (name === undefined && !isProcessEnv(unwrap(node.object))) {
        // `MODELS[tier]`: any value of the object or list it picks from.
        const picked = next(node.object, scope, ['*', ...path]);
        if (picked.literals.length || !picked.unresolved) return picked;
      }
      if (name === undefined) return { literals: [], unresolved: shown() };
      const ns = !path.length ? namespaceMember(node, scope) : undefined;
      const known = ns && definedValue(ns);
      if (known) return next(known.value, known.scope);
      return next(node.object, scope, [name, ...path]);
    }
    case 'ThisExpression': {
      // `this.model`: the values the class gives the member (fields, `this.x = ...`, parameter properties).
      const members = path.length ? classMembers(env.cls, env.index, path[0]) : undefined;
      if (!members) return { literals: [], unresolved: shown() };
      return members.map((m) => next(m.value, m.scope, path.slice(1))).reduce(merge);
    }
    case 'ArrayExpression': {
      if (path[0] !== '*') return { literals: [], unresolved: shown() };
      const items = node.elements.filter((e: Node | null) => e && e.type !== 'SpreadElement');
      return items.length ? items.map((e: Node) => next(e, scope, path.slice(1))).reduce(merge) : { literals: [], unresolved: shown() };
    }
    case 'ObjectExpression': {
      if (!path.length) return { literals: [], unresolved: shown() };
      if (path[0] === '*') {
        const values = node.properties.filter((p: Node) => p.type === 'ObjectProperty').map((p: Node) => next(p.value, scope, path.slice(1)));
        const spreads = node.properties.filter((p: Node) => p.type === 'SpreadElement').map((p: Node) => next(p.argument, scope));
        const all = [...values, ...spreads];
        return all.length ? all.reduce(merge) : { literals: [], unresolved: shown() };
      }
      const prop = findProperty(node, path[0]);
      if (prop?.type === 'ObjectProperty') return next(prop.value, scope, path.slice(1));
      const spreads = node.properties.filter((p: Node) => p.type === 'SpreadElement');
      if (!spreads.length) return { literals: [], omitted: `\`${path[0]}\`, which ${describe(node, text, 40)} does not set` };
      return spreads.map((sp: Node) => next(sp.argument, scope)).reduce(merge);
    }
    case 'NewExpression': {
      // An instance: its class's fields (`model = "gpt-4o"`) and `this.model = ...` assignments.
      const cls = path.length ? instanceClass(node, scope) : undefined;
      const members = cls && classMembers(cls.node, ownerOf(cls.node)?.index, path[0]);
      if (!members) return { literals: [], unresolved: shown() };
      const inner = { text, index: ownerOf(cls.node)?.index, cls: cls.node };
      return members.map((m) => next(m.value, m.scope, path.slice(1), inner)).reduce(merge);
    }
    case 'CallExpression':
    case 'OptionalCallExpression': {
      // `value.trim()` is the value.
      const callee = unwrap(node.callee);
      if (callee && (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && memberName(callee) === 'trim' && !node.arguments.length) return next(callee.object, scope);
      // `await req.json()` in a route handler: what the app's own calls of the route send.
      if (callee && (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && memberName(callee) === 'json' && !node.arguments.length) {
        const req = unwrap(callee.object);
        const b = req?.type === 'Identifier' ? scope.lookup(req.name) : undefined;
        const sent = b ? routeSources(b, path, env, depth) : undefined;
        if (sent) return sent;
      }
      return callSources(node, scope, env, depth, path) ?? { literals: [], unresolved: shown() };
    }
    case 'AwaitExpression':
      return next(node.argument, scope);
    default:
      return { literals: [], unresolved: shown() };
  }
}

// A call to a function of the run (`getModel()`, `buildParams(messages)`): what it returns, with
// its parameters bound to this call's arguments.
function callSources(node: Node, scope: Scope, env: ValueEnv, depth: number, path: string[]): ValueSources | undefined {
  const fn = functionTarget(unwrap(node.callee), scope);
  const owner = fn && ownerOf(fn.node);
  const returns = owner?.index.returns.get(fn!.node);
  const fnScope = owner?.index.scopeOf.get(fn!.node);
  if (!fn || !returns?.length || !fnScope) return undefined;
  const bound = new Map<Binding, Bound | null>();
  fn.node.params.forEach((p: Node, i: number) => {
    const id = unwrap(p.type === 'AssignmentPattern' ? p.left : p);
    const b = id?.type === 'Identifier' ? fnScope.bindings.get(id.name) : undefined;
    const arg = node.arguments[i];
    if (b && arg?.type !== 'SpreadElement') bound.set(b, arg ? { node: arg, scope, env } : null);
  });
  const inner: ValueEnv = { text: env.text, index: owner!.index, bound };
  return returns.map((r: Node) => follow(r, fnScope, inner, depth + 1, path)).reduce(merge);
}

/** The function a callee names: a declaration, a function or arrow in a const, here or imported. */
export function functionTarget(callee: Node | undefined, scope: Scope): { node: Node; scope: Scope } | undefined {
  const d = callee?.type === 'Identifier' ? define(callee.name, scope) : callee && namespaceMember(callee, scope);
  if (!d || 'namespace' in d) return undefined;
  const value = 'value' in d ? unwrap(d.value) : d.binding.kind === 'function' ? d.binding.decl : !d.binding.path.length ? unwrap(stableInit(d.binding)) : undefined;
  const fnScope = 'value' in d ? d.scope : d.binding.scope;
  return value && FUNCTION_TYPES.has(value.type) ? { node: value, scope: fnScope } : undefined;
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

// A parameter: its default, or what every call site in the run passes for it (`path`: the
// property read from it, `opts.model`, or where a destructured parameter takes it from).
// The request parameter of a Next.js route handler (routes.ts): what `fetch("/api/x", { body:
// JSON.stringify(X) })` calls in the run send, with `path` read from X.
function routeSources(b: Binding, path: string[], env: ValueEnv, depth: number): ValueSources | undefined {
  const owner = ownerOf(b.id);
  if (b.kind !== 'param' || !owner || b.decl.params?.[0] !== b.id || !isRouteHandler(b.decl, owner.path, owner.index)) return undefined;
  const url = routeUrl(owner.path)!;
  const bodies = routeBodies(url, resolverOf(b.scope)?.loadedModules?.() ?? []);
  if (!bodies.length) return { literals: [], unresolved: `the body of requests to ${url}, which no \`fetch("${url}", ...)\` in this run sends` };
  const sent = bodies.map((x) => follow(x.node, x.site.scope, { text: env.text, index: ownerOf(x.site.node)?.index }, depth + 1, path)).reduce(merge);
  // An HTTP route may be called from outside the run too.
  return sent.literals.length ? withFallback(sent, `requests to ${url} made outside this run`) : sent;
}

function paramSources(b: Binding, name: string, env: ValueEnv, depth: number, path: string[] = []): ValueSources {
  // `req.body.model` in a pages-router API handler.
  if (path[0] === 'body') {
    const sent = routeSources(b, path.slice(1), env, depth);
    if (sent) return sent;
  }
  const fn = b.decl;
  const position: number = fn.params?.findIndex((p: Node) => p.start <= b.id.start && b.id.end <= p.end) ?? -1;
  const callers = position >= 0 ? resolverOf(b.scope)?.callersOf(fn) ?? [] : [];
  const wanted = [...b.path, ...path];
  const fromCallers = callers.map((c) => {
    const arg = c.node.arguments[position];
    if (arg?.type === 'SpreadElement') return { literals: [], unresolved: `a spread argument` };
    if (!arg) return undefined;
    const r = follow(arg, c.scope, { text: env.text, index: ownerOf(c.node)?.index }, depth + 1, wanted);
    // A destructured parameter's default covers a caller that leaves the property out.
    return r.omitted && b.fallback && b.path.length ? { ...r, omitted: undefined } : r;
  });
  let result: ValueSources = { literals: [] };
  for (const r of fromCallers) if (r) result = merge(result, r);
  const omitted = callers.length === 0 || fromCallers.some((r) => r === undefined);
  if (b.fallback && !path.length) {
    // The default is migrated too: it is what any caller that omits the argument gets.
    const fallback = follow(b.fallback, b.scope, env, depth + 1, []);
    return callers.length ? merge(result, fallback) : withFallback(fallback, `the parameter \`${name}\``);
  }
  if (callers.length === 0) {
    // `agent: Agent`, typed by a class of the run: the class's fields.
    const typed = path.length ? typedClass(b) : undefined;
    const members = typed && classMembers(typed.node, ownerOf(typed.node)?.index, path[0]);
    if (members) return members.map((m) => follow(m.value, m.scope, { text: env.text, index: ownerOf(typed!.node)?.index, cls: typed!.node }, depth + 1, path.slice(1))).reduce(merge);
    return { literals: [], unresolved: `the parameter \`${name}\`, which no call in this run passes and which has no default` };
  }
  if (omitted) return { ...result, omitted: result.omitted ?? `the parameter \`${name}\`, which a caller omits` };
  return result;
}

// The values a class gives a member: field initialisers, `this.x = ...` and parameter properties;
// a member the class does not set comes from its parent class.
export function classMembers(cls: Node | undefined, index: FileIndex | undefined, name: string): { value: Node; scope: Scope }[] | undefined {
  for (let i = 0; cls && index && i < MAX_DEPTH; i++) {
    const idx: FileIndex = index;
    const info = idx.classes.get(cls);
    const values = info?.members.get(name);
    if (values?.length) return values.map((value) => ({ value, scope: scopeAt(value, idx, info!.scope) }));
    // `get model() { return "gpt-4o"; }`
    const getter = cls.body.body.find((m: Node) => m.type === 'ClassMethod' && m.kind === 'get' && !m.static && propName(m) === name);
    const returns = getter && idx.returns.get(getter);
    if (returns?.length) return returns.map((value: Node) => ({ value, scope: idx.scopeOf.get(getter)! }));
    const parent: { node: Node; scope: Scope } | undefined = cls.superClass && info ? classOf(unwrap(cls.superClass), info.scope) : undefined;
    cls = parent?.node;
    index = parent && ownerOf(parent.node)?.index;
  }
  return undefined;
}

/**
 * The classes an expression can be an instance of: `new Engine(...)` held in a variable, a field
 * or a parameter's callers' arguments, or a parameter typed by a class of the run (`engine: Engine`).
 */
export function instanceClasses(expr: Node | undefined, scope: Scope, cls: Node | undefined, depth = 0): { node: Node; scope: Scope }[] {
  const node = unwrap(expr);
  if (!node || depth > 6) return [];
  if (node.type === 'NewExpression') {
    const c = instanceClass(node, scope);
    return c ? [c] : [];
  }
  if (node.type === 'AwaitExpression') return instanceClasses(node.argument, scope, cls, depth + 1);
  if (node.type === 'MemberExpression' && unwrap(node.object)?.type === 'ThisExpression' && cls) {
    const name = memberName(node);
    const members = name === undefined ? undefined : classMembers(cls, ownerOf(cls)?.index, name);
    return (members ?? []).flatMap((m) => instanceClasses(m.value, m.scope, cls, depth + 1));
  }
  if (node.type !== 'Identifier') return [];
  const d = define(node.name, scope);
  if (!d || 'namespace' in d) return [];
  if ('value' in d) return instanceClasses(d.value, d.scope, undefined, depth + 1);
  const b = d.binding;
  if (b.path.length) return [];
  const values = [stableInit(b), ...(b.kind === 'let' || b.kind === 'var' ? b.assigned : [])].filter(Boolean) as Node[];
  const found = values.flatMap((v) => instanceClasses(v, b.scope, cls, depth + 1));
  if (b.kind === 'param') {
    const typed = typedClass(b);
    if (typed) found.push(typed);
    const position: number = b.decl.params?.findIndex((p: Node) => p.start <= b.id.start && b.id.end <= p.end) ?? -1;
    if (!typed && position >= 0) for (const c of resolverOf(b.scope)?.callersOf(b.decl) ?? []) found.push(...instanceClasses(c.node.arguments[position], c.scope, undefined, depth + 1));
  }
  return [...new Map(found.map((f) => [f.node, f])).values()];
}

function instanceClass(node: Node, scope: Scope): { node: Node; scope: Scope } | undefined {
  return classOf(unwrap(node.callee), scope);
}

/** The class a name stands for (a declaration, or a class expression in a const), here or imported. */
export function classOf(expr: Node | undefined, scope: Scope): { node: Node; scope: Scope } | undefined {
  const d = expr?.type === 'Identifier' ? define(expr.name, scope) : expr && namespaceMember(expr, scope);
  if (!d || 'namespace' in d) return undefined;
  const value = 'value' in d ? unwrap(d.value) : d.binding.kind === 'class' ? d.binding.decl : !d.binding.path.length ? unwrap(stableInit(d.binding)) : undefined;
  const clsScope = 'value' in d ? d.scope : d.binding.scope;
  return value && (value.type === 'ClassDeclaration' || value.type === 'ClassExpression') ? { node: value, scope: clsScope } : undefined;
}

// `agent: Agent` where Agent is a class of the run.
function typedClass(b: Binding): { node: Node; scope: Scope } | undefined {
  const ann = b.id.typeAnnotation?.typeAnnotation;
  if (ann?.type !== 'TSTypeReference' || ann.typeName?.type !== 'Identifier') return undefined;
  return classOf(ann.typeName, b.scope);
}

function merge(a: ValueSources, b: ValueSources): ValueSources {
  const envName = a.envName ?? b.envName;
  const reads = a.reads || b.reads ? [...a.reads ?? [], ...b.reads ?? []] : undefined;
  const sentinels = a.sentinels || b.sentinels ? [...a.sentinels ?? [], ...b.sentinels ?? []] : undefined;
  return { literals: [...a.literals, ...b.literals], unresolved: a.unresolved ?? b.unresolved, overriddenBy: a.overriddenBy ?? b.overriddenBy, omitted: a.omitted ?? b.omitted, reads, fromEnv: a.fromEnv ?? b.fromEnv, sentinels, envName };
}

// A value used when something else is unset: the literal is migrated, and the source that may
// override it is named so the user can check it.
function withFallback(sources: ValueSources, overriddenBy: string): ValueSources {
  return { ...sources, overriddenBy };
}

/**
 * `x === "default" ? undefined : x` (either way round): the literal that stands for the SDK's own
 * default, when a conditional turns it into undefined and passes every other value on.
 */
export function conditionalSentinel(node: Node): { value: Node; sentinel: string } | undefined {
  const t = unwrap(node.test);
  if (t?.type !== 'BinaryExpression' || !['===', '==', '!==', '!='].includes(t.operator)) return undefined;
  const [a, b] = [unwrap(t.left), unwrap(t.right)];
  const lit = stringValue(b) !== undefined ? b : stringValue(a) !== undefined ? a : undefined;
  const other = lit === b ? a : b;
  if (!lit || !other) return undefined;
  const equal = t.operator.startsWith('=');
  const unset = unwrap(equal ? node.consequent : node.alternate);
  const passed = unwrap(equal ? node.alternate : node.consequent);
  const isUndefined = unset && ((unset.type === 'Identifier' && unset.name === 'undefined') || unset.type === 'NullLiteral' || (unset.type === 'UnaryExpression' && unset.operator === 'void'));
  if (!isUndefined || !passed || describe(passed, '', 400) !== describe(other, '', 400)) return undefined;
  return { value: passed, sentinel: stringValue(lit)! };
}

function isProcessEnv(node: Node | undefined): boolean {
  const root = node && (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') && memberName(node) === 'env' ? unwrap(node.object) : undefined;
  return root?.type === 'Identifier' && root.name === 'process';
}

// Why an imported name has no value to follow: its module is outside the run, or it is in the
// run but does not export the name in a way flux-migrate can read.
function importReason(b: Binding, name: string): string {
  const owner = ownerOf(b.id);
  const file = owner && !b.typeOnly ? (resolverOf(b.scope) as { resolveSpecifier?: (from: string, source: string) => string | undefined } | undefined)?.resolveSpecifier?.(owner.path, b.importSource!) : undefined;
  if (!file) return `\`${name}\`, imported from "${b.importSource}", which this run did not scan`;
  const what = b.imported === 'default' ? 'its default export' : `its export \`${b.imported}\``;
  return `\`${name}\`, imported from "${b.importSource}", where ${what} is not a value flux-migrate can follow`;
}

function scopeOfNode(node: Node, fallback: Scope): Scope {
  const owner = ownerOf(node);
  return owner ? scopeAt(node, owner.index, fallback) : fallback;
}

/** The class whose `this` a node sees (the nearest class around it, not across a `function`). */
export function classAround(node: Node): Node | undefined {
  for (let p: Node | undefined = node.parent; p; p = p.parent) {
    if (p.type === 'ClassDeclaration' || p.type === 'ClassExpression') return p;
    if (p.type === 'FunctionDeclaration' || p.type === 'FunctionExpression') return undefined;
  }
  return undefined;
}

/** Walks object literals (and names bound to them, here or imported) down a property path. */
export function propertyValue(obj: Node | undefined, path: string[], scope: Scope, depth = 0): Node | undefined {
  let cur = unwrap(obj);
  for (const key of path) {
    while (cur?.type === 'Identifier' && depth < MAX_DEPTH) {
      const d = define(cur.name, scope);
      const known = d && definedValue(d);
      if (!known) return undefined;
      cur = unwrap(known.value);
      scope = known.scope;
      depth++;
    }
    if (cur?.type !== 'ObjectExpression') return undefined;
    const prop = findProperty(cur, key);
    if (!prop) return undefined;
    cur = unwrap(prop.type === 'ObjectProperty' ? prop.value : undefined);
  }
  return cur;
}

/** The last property of an object literal with this static name (later ones win). */
export function findProperty(obj: Node, name: string): Node | undefined {
  let found: Node | undefined;
  for (const p of obj.properties) if ((p.type === 'ObjectProperty' || p.type === 'ObjectMethod') && propName(p) === name) found = p;
  return found;
}

/** The source text of a node, shortened for a message. */
export function describe(node: Node, text: string, max = 60): string {
  const own = ownerOf(node)?.text ?? text;
  const src = own.slice(node.start, node.end).replace(/\s+/g, ' ');
  return src.length > max ? src.slice(0, max - 3) + '...' : src;
}

export type { FileIndex };
