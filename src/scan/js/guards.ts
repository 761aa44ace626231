// Options built step by step (`options.baseURL = config.baseURL` after the object literal): which
// of those assignments can run, whether they always run, and sentinel values such as `"default"`
// that a guard keeps from reaching the client (so the SDK's own default applies).
import { ownerOf } from './context.js';
import { describe, followValue } from './resolve.js';
import { type Node, type Scope, memberName, scopeAt, stringValue, unwrap } from './scope.js';

/** An object literal the options are written in, and the properties assigned on its variable afterwards. */
export interface Written {
  obj: Node;
  props?: Node[];
}

/**
 * The assignments `name.prop = value` made after the options were written, on their own
 * variable or on one spread into them (`const options = {...}; options.prop = v; new C({ ...options })`),
 * each with the object literal it finishes.
 */
export function assignedProps(written: Written[], prop: string): { holder: Node; assign: Node }[] {
  return written.flatMap((w) => (w.props ?? []).filter((a) => a.operator === '=' && memberName(a.left) === prop).map((assign) => ({ holder: w.obj, assign })));
}

/**
 * Whether an assignment runs whenever the object it finishes is written: a statement of the
 * block that declares the object. One under an `if`, in a branch or in a callback may not run,
 * and then the object's own value applies.
 */
export function alwaysRuns(assign: Node, holder: Node): boolean {
  const decl = holder.parent;
  let statement = decl?.type === 'VariableDeclarator' ? decl.parent : undefined;
  if (statement?.parent?.type === 'ExportNamedDeclaration') statement = statement.parent;
  const stmt = assign.parent;
  return !!statement && stmt?.type === 'ExpressionStatement' && stmt.expression === assign && stmt.parent === statement.parent;
}

/** The scope an assignment's value is read in. */
export function assignmentScope(assign: Node, fallback: Scope): Scope {
  const owner = ownerOf(assign);
  return owner ? scopeAt(assign, owner.index, fallback) : fallback;
}

/**
 * What an assignment of an option does: 'dead' when it runs only if its value is set and every
 * caller leaves that value out (`if (config.baseURL) options.baseURL = config.baseURL`), 'unset'
 * when it always writes undefined, else 'live'.
 */
export function assignmentEffect(assign: Node, scope: Scope): 'dead' | 'unset' | 'live' {
  const sources = followValue(assign.right, assignmentScope(assign, scope), { text: ownerOf(assign)?.text ?? '' });
  const undefinedOnly = !sources.literals.length && !sources.unresolved && !sources.reads?.length && !sources.fromEnv && sources.omitted !== undefined;
  if (!undefinedOnly) return 'live';
  return guard(assign) ? 'dead' : 'unset';
}

/**
 * The test an assignment runs under when it tests the assigned value: `if (x)`, `if (x !== "default")`,
 * `x && (o.a = x)`. `sentinel`: the literal the value is compared against, when it runs only
 * for other values.
 */
export function guard(assign: Node): { test: Node; sentinel?: string } | undefined {
  const value = describeOwn(assign.right);
  let cur: Node = assign;
  for (let i = 0; i < 4 && cur.parent; i++) {
    const p: Node = cur.parent;
    const test = p.type === 'IfStatement' && p.consequent === cur ? p.test : p.type === 'LogicalExpression' && p.operator === '&&' && p.right === cur ? p.left : undefined;
    if (test) {
      if (!describeOwn(test).includes(value)) return undefined;
      return { test, sentinel: sentinelOf(test, value) };
    }
    if (p.type !== 'ExpressionStatement' && p.type !== 'BlockStatement' && p.type !== 'ParenthesizedExpression') return undefined;
    if (p.type === 'BlockStatement' && p.body.length !== 1) return undefined;
    cur = p;
  }
  return undefined;
}

// `x !== "default"` (the assignment runs for every value but this one).
function sentinelOf(test: Node, value: string): string | undefined {
  const t = unwrap(test);
  if (t?.type === 'LogicalExpression' && t.operator === '&&') return sentinelOf(t.left, value) ?? sentinelOf(t.right, value);
  if (t?.type !== 'BinaryExpression' || (t.operator !== '!==' && t.operator !== '!=')) return undefined;
  const [a, b] = [unwrap(t.left), unwrap(t.right)];
  if (a && describeOwn(a) === value && stringValue(b) !== undefined) return stringValue(b);
  if (b && describeOwn(b) === value && stringValue(a) !== undefined) return stringValue(a);
  return undefined;
}

function describeOwn(node: Node): string {
  return describe(node, ownerOf(node)?.text ?? '', 400);
}
