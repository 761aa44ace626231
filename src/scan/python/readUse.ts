// What a read of a variable is for: a test (it only checks that the variable is set) or a read
// (its value goes somewhere). A read into a constant that is only tested, or not used at all
// (`OPENAI_API_KEY = os.environ["OPENAI_API_KEY"]` + `if not OPENAI_API_KEY: raise ...`, while
// the SDK reads the key by itself) is a test too: it moves in step with the clients.
import type { PyContext } from './context.js';
import { scopeOf } from './module.js';
import { importedName } from './names.js';
import type { Node } from './parse.js';
import { named, unwrap } from './tree.js';

const MAX_USES = 50;

/**
 * A read that only checks that the variable is set is a test: in an `if` / `elif` / `while` /
 * `assert` condition or a comprehension's `if`, inside `all(...)` / `any(...)`, a statement of
 * its own (`os.environ["X"]` raises when it is unset), or assigned to a name only tested.
 */
export function readUse(expr: Node, ctx?: PyContext): 'test' | 'read' {
  if (expr.parent?.type === 'expression_statement') return 'test';
  const test = inTest(expr);
  if (test !== undefined) return test;
  // `KEY = os.environ["X"]` (maybe `or ""`): what KEY is used for.
  let cur = expr;
  while (cur.parent && (cur.parent.type === 'boolean_operator' || cur.parent.type === 'parenthesized_expression')) cur = cur.parent;
  const assign = cur.parent;
  const left = assign?.type === 'assignment' && assign.childForFieldName('right')?.id === cur.id ? unwrap(assign.childForFieldName('left')) : undefined;
  if (ctx && left?.type === 'identifier') return constantUse(ctx, assign!, left.text);
  return 'read';
}

// A test position for an expression, 'read' when it is plainly used, or undefined (assigned).
function inTest(expr: Node): 'test' | 'read' | undefined {
  for (let cur: Node | null = expr; cur && cur.type !== 'block' && cur.type !== 'module'; cur = cur.parent) {
    const up = cur.parent;
    if (!up) break;
    if ((up.type === 'if_statement' || up.type === 'elif_clause' || up.type === 'while_statement') && up.childForFieldName('condition')?.id === cur.id) return 'test';
    if (up.type === 'assert_statement' && named(up)[0]?.id === cur.id) return 'test';
    if (up.type === 'if_clause') return 'test';
    if (up.type === 'argument_list' && /^(all|any)$/.test(up.parent?.childForFieldName('function')?.text ?? '')) return 'test';
    if (up.type === 'assignment') return undefined;
    if (up.type === 'keyword_argument' || up.type === 'return_statement' || up.type === 'pair') break;
  }
  return 'read';
}

// Every use of a name assigned here (in its scope, and where a module-level name is imported):
// a test when each is a test (or there is none), else a read.
function constantUse(ctx: PyContext, assign: Node, name: string): 'test' | 'read' {
  const scope = scopeOf(assign);
  const places: { ctx: PyContext; name: string; skip: Node }[] = [{ ctx, name, skip: assign }];
  if (scope === 0 && ctx.project) {
    for (const m of ctx.project.modules.values()) {
      if (m === ctx) continue;
      for (const [local, imports] of m.index.imports) {
        const def = importedName(m, imports);
        if (def?.ctx === ctx && def.name === name) places.push({ ctx: m, name: local, skip: imports[0].node });
      }
    }
  }
  let seen = 0;
  for (const p of places) {
    const re = new RegExp(`\\b${p.name}\\b`, 'g');
    for (const m of p.ctx.text.matchAll(re)) {
      const node = p.ctx.index.root.descendantForIndex(m.index, m.index + p.name.length);
      if (node?.type !== 'identifier' || node.text !== p.name) continue;
      if (node.startIndex >= p.skip.startIndex && node.endIndex <= p.skip.endIndex) continue;
      if (p.ctx === ctx && scope !== 0 && !within(node, scope)) continue;
      if (++seen > MAX_USES || inTest(node) !== 'test') return 'read';
    }
  }
  return 'test';
}

function within(node: Node, scope: number): boolean {
  for (let cur = node.parent; cur; cur = cur.parent) if (cur.id === scope) return true;
  return false;
}
