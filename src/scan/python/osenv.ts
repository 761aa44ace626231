// The environment in Python: reads (`os.environ["X"]`, `os.environ.get("X", d)`, `os.getenv("X")`,
// `environ[...]` after `from os import environ`), places that set or test a variable by name, and
// the expression that reads the Flux key, adding `import os` where the file has no usable `os`.
import type { PyContext } from './context.js';
import { scopeOf } from './module.js';
import type { Node } from './parse.js';
import { quoted } from './style.js';
import { dotted, keywordArg, named, stringValue, unwrap } from './tree.js';

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

function isGetenv(ctx: PyContext, fn: Node | null): 'get' | 'set' | 'pop' | undefined {
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

export interface EnvRead {
  name: string;
  nameNode: Node;
  /** The default of `.get(name, default)` / `getenv(name, default)`. */
  fallback?: Node;
}

/** An environment read: `os.environ["X"]`, `os.environ.get("X"[, d])`, `os.getenv("X"[, d])`. */
export function envRead(ctx: PyContext, node: Node | null | undefined): EnvRead | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'subscript' && isEnviron(ctx, n.childForFieldName('value'))) {
    const key = n.childForFieldName('subscript');
    const name = stringValue(key);
    return name === undefined ? undefined : { name, nameNode: unwrap(key)! };
  }
  if (n.type === 'call' && isGetenv(ctx, n.childForFieldName('function')) === 'get') {
    const args = named(n.childForFieldName('arguments')!);
    const name = stringValue(args[0]);
    if (name === undefined) return undefined;
    const fallback = args[1] && args[1].type !== 'keyword_argument' ? args[1] : keywordArg(n.childForFieldName('arguments'), ['default'])?.childForFieldName('value') ?? undefined;
    return { name, nameNode: unwrap(args[0])!, fallback };
  }
  return undefined;
}

/**
 * How a string names an environment variable: `set` (`os.environ["X"] = ...`, `setdefault`,
 * `putenv`, a notebook helper like `_set_env("X")`), `test` (`"X" in os.environ`, or a read in an
 * `if` / `assert` / `while` condition) or `read` (any other read), or undefined.
 */
export function envNameUse(ctx: PyContext, str: Node): 'set' | 'test' | 'read' | undefined {
  const parent = str.parent;
  if (!parent) return undefined;
  let use: 'set' | 'read' | undefined;
  let expr: Node = parent;
  if (parent.type === 'subscript' && isEnviron(ctx, parent.childForFieldName('value'))) {
    const assign = parent.parent;
    use = assign?.type === 'assignment' && assign.childForFieldName('left')?.id === parent.id ? 'set' : 'read';
  } else if (parent.type === 'comparison_operator') {
    const [left, right] = named(parent);
    const between = parent.text.slice(left.endIndex - parent.startIndex, right.startIndex - parent.startIndex);
    return left?.id === str.id && isEnviron(ctx, right) && /\bin\b/.test(between) ? 'test' : undefined;
  } else if (parent.type === 'argument_list' && named(parent)[0]?.id === str.id) {
    const call = parent.parent!;
    const fn = call.childForFieldName('function');
    const kind = isGetenv(ctx, fn);
    const name = dotted(fn)?.split('.').pop() ?? '';
    if (kind === 'set' || /^_?set_?env(iron)?(_var)?$/i.test(name)) return 'set';
    if (!kind) return undefined;
    use = 'read';
    expr = call;
  } else {
    return undefined;
  }
  if (use === 'set') return 'set';
  // A read inside a condition checks that the variable is set.
  for (let cur: Node | null = expr; cur && cur.type !== 'block' && cur.type !== 'module'; cur = cur.parent) {
    const up = cur.parent;
    if (!up) break;
    if ((up.type === 'if_statement' || up.type === 'elif_clause' || up.type === 'while_statement') && up.childForFieldName('condition')?.id === cur.id) return 'test';
    if (up.type === 'assert_statement' && named(up)[0]?.id === cur.id) return 'test';
  }
  return 'read';
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
