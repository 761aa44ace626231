// Following values inside one file: which module an expression comes from, which literal
// a model value is, and which environment variable an expression reads.
import { ownerOf } from './context.js';
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
}

/** An environment read: `process.env.NAME`, `process.env["NAME"]` or Deno's `Deno.env.get("NAME")`. */
export function envRead(node: Node | undefined): { name: string; nameNode: Node } | undefined {
  node = unwrap(node);
  if (node?.type === 'CallExpression' && node.arguments.length === 1 && node.callee.type === 'MemberExpression' && memberName(node.callee) === 'get') {
    const env = unwrap(node.callee.object);
    const root = env && (env.type === 'MemberExpression' ? unwrap(env.object) : undefined);
    const name = stringValue(node.arguments[0]);
    if (env && memberName(env) === 'env' && root?.type === 'Identifier' && root.name === 'Deno' && name) return { name, nameNode: node.arguments[0] };
  }
  if (!node || (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression')) return undefined;
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
}

/** Follows a model value (same file) to the string literals it can hold. */
export function valueSources(expr: Node | undefined, scope: Scope, env: ValueEnv, depth = 0): ValueSources {
  const text = env.text;
  const node = unwrap(expr);
  if (!node) return { literals: [], unresolved: 'no value' };
  if (depth > MAX_DEPTH) return { literals: [], unresolved: describe(node, text) };
  if (stringValue(node) !== undefined) return { literals: [node] };
  switch (node.type) {
    case 'Identifier': {
      const d = define(node.name, scope);
      const known = d && definedValue(d);
      if (known) return valueSources(known.value, known.scope, env, depth + 1);
      const b = d && 'binding' in d ? d.binding : undefined;
      if (b?.kind === 'param') return paramSources(b, node.name, env, depth);
      if (b?.fallback && b.init) return withFallback(valueSources(b.fallback, b.scope, env, depth + 1), `${describe(b.init, text)} (${b.path.join('.')})`);
      if (b?.kind === 'import') return { literals: [], unresolved: `\`${node.name}\`, imported from "${b.importSource}", which this run did not scan` };
      return { literals: [], unresolved: `\`${node.name}\`` };
    }
    case 'ConditionalExpression':
      return merge(valueSources(node.consequent, scope, env, depth + 1), valueSources(node.alternate, scope, env, depth + 1));
    case 'LogicalExpression': {
      // `process.env.MODEL ?? "gpt-4o"`: the fallback is the literal to migrate; the env var stays.
      if (node.operator === '??' || node.operator === '||') {
        const left = unwrap(node.left);
        const read = envRead(left);
        const right = valueSources(node.right, scope, env, depth + 1);
        if (read) return withFallback(right, `the environment variable ${read.name}`);
        return merge(valueSources(left, scope, env, depth + 1), right);
      }
      return { literals: [], unresolved: describe(node, text) };
    }
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      const read = envRead(node);
      if (read) return { literals: [], unresolved: `the environment variable ${read.name}, which has no fallback` };
      const members = thisMember(node, env);
      if (members) return members.map((m) => valueSources(m.value, m.scope, env, depth + 1)).reduce(merge);
      const target = memberTarget(node, scope, depth);
      if (target) return valueSources(target.node, target.scope, env, depth + 1);
      return { literals: [], unresolved: `\`${describe(node, text)}\`` };
    }
    default:
      return { literals: [], unresolved: `\`${describe(node, text)}\`` };
  }
}

// A parameter: its default, or what every call site in the run passes for it.
function paramSources(b: Binding, name: string, env: ValueEnv, depth: number): ValueSources {
  const fn = b.decl;
  const position = fn.params?.findIndex((p: Node) => p === b.id || p.left === b.id || p.parameter === b.id || p.parameter?.left === b.id);
  const callers = position >= 0 && !b.path.length ? resolverOf(b.scope)?.callersOf(fn) ?? [] : [];
  const fromCallers = callers.map((c) => {
    const arg = c.node.arguments[position];
    if (arg?.type === 'SpreadElement') return { literals: [], unresolved: `a spread argument` };
    return arg ? valueSources(arg, c.scope, env, depth + 1) : undefined;
  });
  let result: ValueSources = { literals: [] };
  for (const r of fromCallers) if (r) result = merge(result, r);
  const omitted = callers.length === 0 || fromCallers.some((r) => r === undefined);
  if (b.fallback) {
    // The default is migrated too: it is what any caller that omits the argument gets.
    const fallback = valueSources(b.fallback, b.scope, env, depth + 1);
    return callers.length ? merge(result, fallback) : withFallback(fallback, `the parameter \`${name}\``);
  }
  if (callers.length === 0) return { literals: [], unresolved: `the parameter \`${name}\`, which has no default` };
  if (omitted) return { ...result, unresolved: result.unresolved ?? `the parameter \`${name}\`, which a caller omits` };
  return result;
}

// `this.model`: the values the class gives the member (field initialisers, `this.x = ...`, parameter properties).
function thisMember(node: Node, env: ValueEnv): { value: Node; scope: Scope }[] | undefined {
  if (unwrap(node.object)?.type !== 'ThisExpression' || !env.cls || !env.index) return undefined;
  const name = memberName(node);
  const info = env.index.classes.get(env.cls);
  const values = name === undefined ? undefined : info?.members.get(name);
  if (!values?.length) return undefined;
  return values.map((value) => ({ value, scope: scopeAt(value, env.index!, info!.scope) }));
}


function merge(a: ValueSources, b: ValueSources): ValueSources {
  return { literals: [...a.literals, ...b.literals], unresolved: a.unresolved ?? b.unresolved, overriddenBy: a.overriddenBy ?? b.overriddenBy };
}

// A value used when something else is unset: the literal is migrated, and the source that may
// override it is named so the user can check it.
function withFallback(sources: ValueSources, overriddenBy: string): ValueSources {
  return { ...sources, overriddenBy };
}

/** `config.openai.model` where `config` is an object literal (here or imported): the property's value. */
export function memberTarget(node: Node, scope: Scope, depth = 0): { node: Node; scope: Scope } | undefined {
  const path: string[] = [];
  let cur: Node | undefined = node;
  while (cur && (cur.type === 'MemberExpression' || cur.type === 'OptionalMemberExpression')) {
    const name = memberName(cur);
    if (name === undefined) return undefined;
    path.unshift(name);
    cur = unwrap(cur.object);
  }
  if (cur?.type !== 'Identifier' || depth > MAX_DEPTH) return undefined;
  let d = define(cur.name, scope);
  if (d && 'namespace' in d) d = resolverOf(scope)?.exported(d.namespace, path.shift()!);
  const known = d && definedValue(d);
  if (!known) return undefined;
  const value = propertyValue(known.value, path, known.scope);
  return value ? { node: value, scope: known.scope } : undefined;
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
