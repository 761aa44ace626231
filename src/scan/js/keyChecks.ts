// Checks of the old key variable (`if (!process.env.OPENAI_API_KEY) throw ...`) next to a client
// that now reads the Flux key would stop a migrated app at start-up. They may also guard a client
// that stays on OpenAI, so they are reported, not rewritten. A check may sit in any file of the
// run (a start-up script), so they are found in every file, and kept only when some file of the
// run moved a client's key (keyMigrated, decided once every group of files is scanned).
import type { KeyRead, Warning } from '../../model.js';
import { type JsContext, lineOf, warn } from './context.js';
import { envRead } from './resolve.js';
import { type Node, descendants, memberName } from './scope.js';

const KEY_CHECK = 'checks OPENAI_API_KEY, but the migrated OpenAI client reads ';

export function keyMigrated(modules: JsContext[]): boolean {
  return modules.some((m) => m.out.findings.some((f) => f.kind === 'api-key'));
}

export function isKeyCheck(w: Warning): boolean {
  return w.code === 'unresolved-key' && w.message.startsWith(KEY_CHECK);
}

export function warnKeyChecks(modules: JsContext[], keyEnv: string): void {
  for (const ctx of modules) {
    if (!ctx.text.includes('OPENAI_API_KEY')) continue;
    const edited = ctx.out.findings.flatMap((f) => f.edits);
    for (const n of descendants(ctx.index.program)) {
      const read = envRead(n);
      if (read?.name !== 'OPENAI_API_KEY' || !isCheck(n)) continue;
      if (edited.some((e) => e.start <= read.nameNode.start && read.nameNode.end <= e.end)) continue;
      warn(ctx, 'unresolved-key', n, `${KEY_CHECK}${keyEnv}: update this check if it guards that client`);
    }
  }
}

// A read in a condition: `if (!x)`, `x ? a : b`, `!x`, `assert(x)`.
function isCheck(node: Node): boolean {
  let cur = node;
  for (let i = 0; i < 3 && cur.parent; i++) {
    const p: Node = cur.parent;
    if ((p.type === 'IfStatement' || p.type === 'ConditionalExpression') && p.test === cur) return true;
    if (p.type === 'UnaryExpression' && p.operator === '!') return true;
    if (p.type === 'CallExpression' && p.callee.type === 'Identifier' && /^assert/.test(p.callee.name)) return true;
    if (p.type !== 'LogicalExpression' && p.type !== 'TSNonNullExpression' && p.type !== 'UnaryExpression') return false;
    cur = p;
  }
  return false;
}

/**
 * Where the code reads the old or the Flux key by name (`process.env.X`, `process.env["X"]`,
 * `Deno.env.get("X")`, `import.meta.env.X`), for the run's key plan (src/pipeline/keyPlan.ts).
 */
export function reportKeyReads(modules: JsContext[], keyEnv: string): void {
  for (const ctx of modules) {
    if (!ctx.text.includes('OPENAI_API_KEY') && !ctx.text.includes(keyEnv)) continue;
    const reads: KeyRead[] = [];
    for (const n of descendants(ctx.index.program)) {
      const read = envRead(n) ?? importMetaEnv(n);
      if (read && (read.name === 'OPENAI_API_KEY' || read.name === keyEnv)) {
        reads.push({ name: read.name, line: lineOf(read.nameNode), start: read.nameNode.start, end: read.nameNode.end });
      }
    }
    if (reads.length) ctx.out.keyReads = reads;
  }
}

function importMetaEnv(node: Node): { name: string; nameNode: Node } | undefined {
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return undefined;
  const env = node.object;
  if (env?.type !== 'MemberExpression' || memberName(env) !== 'env' || env.object?.type !== 'MetaProperty') return undefined;
  const name = memberName(node);
  return name ? { name, nameNode: node.property } : undefined;
}
