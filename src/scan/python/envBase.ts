// The `os` module's environment: which expressions are `os.environ` (or an imported `environ`), which
// calls get, set or pop a variable, and the reads that name one with a string.
import type { PyContext } from './context.js';
import type { Node } from './parse.js';
import { dotted, keywordArg, named, unwrap } from './tree.js';

/** `os` (or its alias) names the os module; `environ` / `getenv` were imported from it. */
function osRole(ctx: PyContext, name: string): 'os' | 'environ' | 'getenv' | undefined {
  for (const i of ctx.index.imports.get(name) ?? []) {
    if (i.module === 'os' && !i.name) return 'os';
    if (i.module === 'os' && i.name === 'environ') return 'environ';
    if (i.module === 'os' && i.name === 'getenv') return 'getenv';
  }
  return undefined;
}

/** Whether an expression is `os.environ` (or an imported `environ`). */
export function isEnviron(ctx: PyContext, node: Node | null | undefined): boolean {
  const d = dotted(node);
  if (!d) return false;
  const parts = d.split('.');
  if (parts.length === 1) return osRole(ctx, parts[0]) === 'environ';
  return parts.length === 2 && parts[1] === 'environ' && osRole(ctx, parts[0]) === 'os';
}

export function isGetenv(ctx: PyContext, fn: Node | null): 'get' | 'set' | 'pop' | undefined {
  const d = dotted(fn);
  if (!d) return undefined;
  const parts = d.split('.');
  if (parts.length === 1 && osRole(ctx, parts[0]) === 'getenv') return 'get';
  if (parts.length === 2 && osRole(ctx, parts[0]) === 'os' && parts[1] === 'getenv') return 'get';
  if (parts.length === 2 && osRole(ctx, parts[0]) === 'os' && parts[1] === 'putenv') return 'set';
  const fnNode = unwrap(fn)!;
  if (fnNode.type === 'attribute' && isEnviron(ctx, fnNode.childForFieldName('object'))) {
    const method = fnNode.childForFieldName('attribute')!.text;
    if (method === 'get') return 'get';
    if (method === 'setdefault') return 'set';
    if (method === 'pop') return 'pop';
  }
  return undefined;
}

/** An env read found by its shape, before its name is known: the expression naming the variable. */
export interface EnvAccess {
  nameArg: Node;
  /** The default of `.get(name, default)` / `getenv(name, default)`. */
  fallback?: Node;
}

/** A read through `os`: `os.environ[x]`, `os.environ.get(x[, d])`, `os.getenv(x[, d])`. */
export function osEnvAccess(ctx: PyContext, node: Node | null | undefined): EnvAccess | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'subscript' && isEnviron(ctx, n.childForFieldName('value'))) {
    const key = unwrap(n.childForFieldName('subscript'));
    return key && { nameArg: key };
  }
  if (n.type === 'call' && isGetenv(ctx, n.childForFieldName('function')) === 'get') {
    const args = named(n.childForFieldName('arguments')!);
    const first = unwrap(args[0]);
    if (!first || first.type === 'keyword_argument' || first.type === 'list_splat' || first.type === 'dictionary_splat') return undefined;
    const fallback = args[1] && args[1].type !== 'keyword_argument' ? args[1] : keywordArg(n.childForFieldName('arguments'), ['default'])?.childForFieldName('value') ?? undefined;
    return { nameArg: first, fallback };
  }
  return undefined;
}
