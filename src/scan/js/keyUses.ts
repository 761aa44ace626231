// Where a file uses the OpenAI key variable by name, and how: it reads it, tests it (a check
// such as `if (!process.env.OPENAI_API_KEY) throw ...`), or sets it (`process.env.X = "test"`,
// `delete process.env.X`, `vi.stubEnv("X", ...)`, `{ env: { X: ... } }` for a child process or a
// test runner). A set is not a read: it provides the key to whatever reads it.
import type { Edit } from '../../model.js';
import type { JsContext } from './context.js';
import { envRead } from './resolve.js';
import { type Node, descendants, memberName, propName, stringValue, unwrap } from './scope.js';
import { lineIndent } from './style.js';

export const OLD_KEY = 'OPENAI_API_KEY';
const WORD = /(?<![A-Za-z0-9_])OPENAI_API_KEY(?![A-Za-z0-9_])/g;

export interface KeyUse {
  kind: 'read' | 'test' | 'set';
  /** The node holding the name (an identifier, a string literal or an object key). */
  nameNode: Node;
  /** The read, set or property node, for reporting. */
  node: Node;
  /** Sets only: the statement (or object property) a copy naming the Flux key can go beside. */
  holder?: Node;
  /** Tests only: the branches its messages are in (`throw new Error("set OPENAI_API_KEY")`). */
  guarded?: Node[];
  /** Sets only: reads of the same name in the value (`X = process.env.X ?? "test"`), renamed with it. */
  others?: Node[];
}

/** Every use of OPENAI_API_KEY by name in a file, once each. */
export function keyUses(ctx: JsContext): KeyUse[] {
  if (!ctx.text.includes(OLD_KEY)) return [];
  const uses: KeyUse[] = [];
  const seen = new Set<Node>();
  for (const n of descendants(ctx.index.program)) {
    const read = envRead(n);
    if (read?.name === OLD_KEY && !seen.has(read.nameNode)) {
      seen.add(read.nameNode);
      const use = classifyRead(n, read.nameNode);
      for (const other of use.others ?? []) seen.add(other);
      uses.push(use);
      continue;
    }
    const stub = stubEnv(n);
    if (stub) {
      seen.add(stub);
      uses.push({ kind: 'set', nameNode: stub, node: n, holder: statementAround(n) });
      continue;
    }
    if (n.type === 'ObjectProperty' && !n.computed && propName(n) === OLD_KEY && isEnvObject(n.parent)) {
      uses.push({ kind: 'set', nameNode: n.key, node: n, holder: n });
    }
  }
  return uses;
}

function classifyRead(node: Node, nameNode: Node): KeyUse {
  const p = node.parent;
  if (p?.type === 'AssignmentExpression' && p.left === node) {
    const others = [...descendants(p.right)].map((d) => envRead(d)).filter((r) => r?.name === OLD_KEY).map((r) => r!.nameNode);
    return { kind: 'set', nameNode, node, holder: statementAround(p), others };
  }
  if (p?.type === 'UnaryExpression' && p.operator === 'delete') return { kind: 'set', nameNode, node, holder: statementAround(p) };
  const guarded = guardedBy(node);
  return guarded ? { kind: 'test', nameNode, node, guarded } : { kind: 'read', nameNode, node };
}

// `vi.stubEnv("OPENAI_API_KEY", v)` (vitest): the name's string literal.
function stubEnv(node: Node): Node | undefined {
  if (node.type !== 'CallExpression') return undefined;
  const callee = unwrap(node.callee);
  if (!callee || memberName(callee) !== 'stubEnv') return undefined;
  const name = node.arguments[0];
  return stringValue(name) === OLD_KEY ? name : undefined;
}

// An object of environment variables: `process.env = {...}`, `Object.assign(process.env, {...})`,
// or the value of an `env` option (child processes, test runners' `test.env`).
function isEnvObject(obj: Node | undefined): boolean {
  if (obj?.type !== 'ObjectExpression') return false;
  const p = obj.parent;
  if (p?.type === 'ObjectProperty' && p.value === obj && propName(p) === 'env') return true;
  if (p?.type === 'AssignmentExpression' && p.right === obj && isProcessEnv(p.left)) return true;
  if (p?.type === 'CallExpression' && p.arguments.includes(obj) && memberName(unwrap(p.callee) ?? p) === 'assign' && isProcessEnv(p.arguments[0])) return true;
  return false;
}

function isProcessEnv(node: Node | undefined): boolean {
  const n = unwrap(node);
  return !!n && memberName(n) === 'env' && unwrap(n.object)?.type === 'Identifier' && unwrap(n.object)!.name === 'process';
}

/**
 * The branches a check guards, when `node` (a read of the key, or a variable holding it) is the
 * condition: `if (!x) {...} else {...}`, `x ? a : b`, `x || fail(...)`, `assert(x, "message")`,
 * `invariant(x, "message")`. Undefined when it is not a check.
 */
export function guardedBy(node: Node): Node[] | undefined {
  let cur = node;
  let negated = false;
  for (let i = 0; i < 4 && cur.parent; i++) {
    const p: Node = cur.parent;
    if ((p.type === 'IfStatement' || p.type === 'ConditionalExpression') && p.test === cur) return [p.consequent, p.alternate].filter(Boolean);
    if (p.type === 'CallExpression' && p.arguments[0] === cur && isAssert(p.callee)) return p.arguments.slice(1);
    if (p.type === 'LogicalExpression' && p.left === cur && (p.operator === '||' || p.operator === '??') && isFailure(p.right)) return [p.right];
    if (p.type === 'UnaryExpression' && p.operator === '!') negated = true;
    else if (p.type === 'CallExpression' && p.arguments[0] === cur && isPredicate(p.callee)) negated = true; // `isNotEmptyString(x)`
    else if (p.type !== 'LogicalExpression' && p.type !== 'TSNonNullExpression') break;
    cur = p;
  }
  // `const missing = !process.env.OPENAI_API_KEY`: a check, with no message of its own.
  return negated ? [] : undefined;
}

// A helper that tests a value: `isNotEmptyString(x)`, `hasValue(x)`, `Boolean(x)`.
function isPredicate(callee: Node): boolean {
  const c = unwrap(callee);
  const name = c?.type === 'Identifier' ? c.name : c && memberName(c);
  return !!name && /^(is|has)[A-Z_]|^Boolean$/.test(name);
}

function isAssert(callee: Node): boolean {
  const c = unwrap(callee);
  const name = c?.type === 'Identifier' ? c.name : c && memberName(c);
  const obj = c && (c.type === 'MemberExpression' || c.type === 'OptionalMemberExpression') ? unwrap(c.object) : undefined;
  return !!name && (/^(assert|invariant|ensure)/i.test(name) || (name === 'ok' && obj?.type === 'Identifier' && /^assert/i.test(obj.name)));
}

// `x || throwError("...")`, `x ?? (() => { throw ... })()`: the right side only fails.
function isFailure(node: Node): boolean {
  const n = unwrap(node);
  if (!n) return false;
  for (const d of descendants(n)) if (d.type === 'ThrowStatement' || (d.type === 'CallExpression' && /exit|fail|throw|error/i.test(calleeName(d) ?? ''))) return true;
  return false;
}

function calleeName(call: Node): string | undefined {
  const c = unwrap(call.callee);
  return c?.type === 'Identifier' ? c.name : c && memberName(c);
}

/** Edits naming the Flux key in the messages of the branches a check guards (strings and template parts). */
export function messageEdits(ctx: JsContext, guarded: Node[], keyEnv: string, skip: Set<Node>, texts?: string[]): Edit[] {
  const edits: Edit[] = [];
  for (const branch of guarded) {
    for (const n of descendants(branch)) {
      if (skip.has(n)) continue;
      let start: number;
      let end: number;
      if (n.type === 'StringLiteral') [start, end] = [n.start + 1, n.end - 1];
      else if (n.type === 'TemplateElement') [start, end] = [n.start, n.end];
      else continue;
      const raw = ctx.text.slice(start, end);
      const before = edits.length;
      for (const m of raw.matchAll(WORD)) edits.push({ start: start + m.index, end: start + m.index + m[0].length, text: keyEnv });
      if (edits.length > before) texts?.push(raw);
    }
  }
  return edits;
}

/** The statement a node is the expression of, when it is one (for a copy beside it). */
function statementAround(node: Node): Node | undefined {
  const p = node.parent;
  return p?.type === 'ExpressionStatement' && p.expression === node ? p : undefined;
}

/**
 * The edit that adds a copy of a set beside it, naming the Flux key: the statement on the next
 * line with the same indentation, or the property after it in its object.
 */
export function besideEdit(ctx: JsContext, use: KeyUse, keyEnv: string): Edit | undefined {
  const holder = use.holder;
  const renamed = copyOf(ctx, use, keyEnv);
  if (!holder || !renamed || renamed.includes('\n')) return undefined; // a copy of a multi-line statement would be hard to read
  const obj = holder.type === 'ObjectProperty' ? holder.parent : undefined;
  if (obj) {
    const multiline = ctx.text.slice(obj.start, obj.end).includes('\n');
    const sep = multiline ? `,${ctx.style.eol}${lineIndent(ctx.text, holder.start)}` : ', ';
    return { start: holder.end, end: holder.end, text: sep + renamed };
  }
  return { start: holder.end, end: holder.end, text: ctx.style.eol + lineIndent(ctx.text, holder.start) + renamed };
}

/** The set's statement or property with the Flux key's name in it. */
function copyOf(ctx: JsContext, use: KeyUse, keyEnv: string): string | undefined {
  const holder = use.holder;
  if (!holder) return undefined;
  let text = '';
  let at = holder.start;
  for (const n of [use.nameNode, ...(use.others ?? [])].sort((a, b) => a.start - b.start)) {
    text += ctx.text.slice(at, n.start) + renameIn(ctx.text.slice(n.start, n.end), keyEnv);
    at = n.end;
  }
  return text + ctx.text.slice(at, holder.end);
}

/** Whether the block or object around a set already has its copy naming the Flux key (a second run). */
export function hasCopy(ctx: JsContext, use: KeyUse, keyEnv: string): boolean {
  const copy = copyOf(ctx, use, keyEnv);
  const around = use.holder?.parent;
  return !!copy && !!around && ctx.text.slice(around.start, around.end).includes(copy);
}

/** The text of a name node with OPENAI_API_KEY renamed (`OPENAI_API_KEY`, `"OPENAI_API_KEY"`, `'...'`). */
export function renameIn(text: string, keyEnv: string): string {
  return text.replace(WORD, keyEnv);
}
