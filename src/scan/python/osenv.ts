// The environment in Python: reads (`os.environ["X"]`, `os.environ.get("X", d)`, `os.getenv("X")`,
// `environ[...]` after `from os import environ`), places that set or test a variable by name, and
// the expression that reads the Flux key, adding `import os` where the file has no usable `os`.
import type { PyContext } from './context.js';
import { isEnviron, isGetenv, osEnvAccess } from './envBase.js';
import { envName, helperEnvAccess } from './envHelpers.js';
import { scopeOf } from './module.js';
import { readUse } from './readUse.js';
import type { Node } from './parse.js';
import { quoted } from './style.js';
import { dotted, named, unwrap } from './tree.js';

export { isEnviron, readUse };

export interface EnvRead {
  name: string;
  /** The string literal that names the variable (in the read, or in the constant it holds). */
  nameNode: Node;
  /** The default of `.get(name, default)` / `getenv(name, default)`. */
  fallback?: Node;
}

/**
 * An environment read: `os.environ["X"]`, `os.environ.get("X"[, d])`, `os.getenv("X"[, d])`, or a
 * helper's (`get_env("X")`, `config.get("X")`); the name written inline or held in a constant.
 */
export function envRead(ctx: PyContext, node: Node | null | undefined): EnvRead | undefined {
  const n = unwrap(node);
  if (!n || (n.type !== 'call' && n.type !== 'subscript')) return undefined;
  const access = osEnvAccess(ctx, n) ?? (n.type === 'call' ? helperEnvAccess(ctx, n) : undefined);
  const name = access && envName(ctx, access.nameArg);
  return name && { ...name, fallback: access!.fallback };
}

/**
 * How a string names an environment variable: `set` (`os.environ["X"] = ...`, `setdefault`,
 * `putenv`, a notebook helper like `_set_env("X")`), `test` (`"X" in os.environ`, or a read that
 * only checks the variable is set, see `readUse`) or `read` (any other read), or undefined.
 */
export function envNameUse(ctx: PyContext, str: Node): 'set' | 'test' | 'read' | undefined {
  const parent = str.parent;
  if (!parent) return undefined;
  if (parent.type === 'subscript' && isEnviron(ctx, parent.childForFieldName('value'))) {
    return parent.childForFieldName('subscript')?.id === str.id ? subscriptUse(parent, ctx) : undefined;
  }
  if (parent.type === 'comparison_operator') return environTest(ctx, parent)?.id === str.id ? 'test' : undefined;
  const call = parent.type === 'argument_list' ? parent.parent : parent.type === 'keyword_argument' ? parent.parent?.parent : undefined;
  if (call?.type !== 'call') return undefined;
  const use = callUse(ctx, call);
  if (!use || unwrap(use.nameArg)?.id !== str.id) return undefined;
  return use.use;
}

/** `os.environ[x]`: set when assigned to, else a read (or a test). */
export function subscriptUse(subscript: Node, ctx?: PyContext): 'set' | 'test' | 'read' {
  const assign = subscript.parent;
  return assign?.type === 'assignment' && assign.childForFieldName('left')?.id === subscript.id ? 'set' : readUse(subscript, ctx);
}

/** `x in os.environ` / `x not in os.environ`: the name tested. */
export function environTest(ctx: PyContext, comparison: Node): Node | undefined {
  const [left, right] = named(comparison);
  if (!left || !right) return undefined;
  const between = comparison.text.slice(left.endIndex - comparison.startIndex, right.startIndex - comparison.startIndex);
  return isEnviron(ctx, right) && /\bin\b/.test(between) ? unwrap(left) : undefined;
}

/** A call that reads, sets or tests a variable, and the argument that names it. */
export function callUse(ctx: PyContext, call: Node): { nameArg: Node; use: 'set' | 'test' | 'read' } | undefined {
  const fn = call.childForFieldName('function');
  const kind = isGetenv(ctx, fn);
  const first = named(call.childForFieldName('arguments') ?? call)[0];
  const name = dotted(fn)?.split('.').pop() ?? '';
  if (first && (kind === 'set' || /^_?set_?env(iron)?(_var)?$/i.test(name))) return { nameArg: first, use: 'set' };
  const access = kind === 'get' ? osEnvAccess(ctx, call) : kind ? undefined : helperEnvAccess(ctx, call);
  return access && { nameArg: access.nameArg, use: readUse(call, ctx) };
}

/** Whether an import statement is usable at a position: module level, and before it unless `at` runs later (in a function). */
function usableAt(imp: Node, at: Node, moduleLevelAt?: number): boolean {
  if (scopeOf(imp) !== 0) return false;
  if (moduleLevelAt !== undefined) return imp.startIndex <= moduleLevelAt;
  return imp.startIndex < at.startIndex || scopeOf(at) !== 0;
}

/**
 * The expression reading the Flux key at a place: `os.environ["FLUX_API_KEY"]`, using what the
 * file imports (`moduleLevelAt`: the code is added at module level at this offset).
 */
export function keyExpr(ctx: PyContext, at: Node, moduleLevelAt?: number): string {
  const name = quoted(ctx.options.keyEnv, ctx.style.quote);
  for (const [local, imports] of ctx.index.imports) {
    for (const i of imports) {
      if (i.module !== 'os' || !usableAt(i.node, at, moduleLevelAt)) continue;
      if (!i.name) return `${local}.environ[${name}]`;
      if (i.name === 'environ') return `${local}[${name}]`;
    }
  }
  ctx.osImport ??= importOsEdit(ctx);
  return `os.environ[${name}]`;
}

// `import os` goes with the other imports (after the docstring and `from __future__`), in
// alphabetical place among plain `import x` lines when there are some.
function importOsEdit(ctx: PyContext) {
  const { text, style } = ctx;
  const body = named(ctx.index.root);
  let i = 0;
  if (body[0]?.type === 'expression_statement' && named(body[0])[0]?.type === 'string') i = 1;
  let afterFuture: Node | undefined;
  while (body[i]?.type === 'future_import_statement') afterFuture = body[i++];
  const isImport = (n: Node | undefined) => n?.type === 'import_statement' || n?.type === 'import_from_statement';
  const first = body.slice(i).findIndex(isImport);
  if (first >= 0) {
    const run: Node[] = [];
    for (let j = i + first; isImport(body[j]); j++) run.push(body[j]);
    const plain = run.filter((n) => n.type === 'import_statement');
    const later = plain.find((n) => (named(n)[0]?.text ?? '') > 'os');
    if (later) return { start: lineStart(text, later.startIndex), end: lineStart(text, later.startIndex), text: `import os${style.eol}` };
    const anchor = plain.length ? plain[plain.length - 1] : undefined;
    if (anchor) return { start: lineEnd(text, anchor.endIndex), end: lineEnd(text, anchor.endIndex), text: `${style.eol}import os` };
    return { start: lineStart(text, run[0].startIndex), end: lineStart(text, run[0].startIndex), text: `import os${style.eol}` };
  }
  const prev = afterFuture ?? (i === 1 ? body[0] : undefined);
  if (prev) return { start: lineEnd(text, prev.endIndex), end: lineEnd(text, prev.endIndex), text: `${style.eol}${style.eol}import os` };
  const at = body[0] ? lineStart(text, body[0].startIndex) : 0;
  return { start: at, end: at, text: `import os${style.eol}${style.eol}` };
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const m = /^[^\r\n]*/.exec(text.slice(offset))!;
  return offset + m[0].length;
}
