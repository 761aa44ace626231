// A key read into a constant that no client receives: `const OPENAI_API_KEY =
// process.env.OPENAI_API_KEY; if (!OPENAI_API_KEY) throw ...; const client = new OpenAI();` (the SDK
// reads the variable by itself). The migrated clients of the module are given that constant as
// their key, and the constant reads the Flux key, so the start-up check checks the key in use.
// Only when the constant is used for nothing but checks and messages, and no client of the module
// stays on OpenAI (whose SDK still reads OPENAI_API_KEY).
import { leftOnOpenAI } from '../../pipeline/keyPlan.js';
import type { JsContext } from './context.js';
import { renameKeyReads } from './options.js';
import { guardedBy } from './keyUses.js';
import { envRead } from './resolve.js';
import { type Binding, type Node, descendants, scopeAt, unwrap } from './scope.js';

export function passKeyConstants(ctx: JsContext): void {
  const added = ctx.out.findings.filter((f) => f.kind === 'api-key' && f.before.startsWith('(default:') && f.after === ctx.keyExpr);
  if (!added.length || !ctx.text.includes('OPENAI_API_KEY')) return;
  if (ctx.out.warnings.some(leftOnOpenAI)) return;
  const candidates = [...ctx.index.scope.bindings.values()].filter((b) => b.kind === 'const' && !b.path.length && !b.exported && keyRead(b.init));
  const usable = candidates.filter((b) => onlyChecked(ctx, b));
  if (usable.length !== 1) return;
  const constant = usable[0];
  if (!renameKeyReads(ctx, constant.init!, `the key constant \`${constant.name}\`, now passed to the clients`)) return;
  const value = constant.name;
  for (const f of added) {
    f.after = value;
    for (const e of f.edits) e.text = e.text.split(`apiKey: ${ctx.keyExpr}`).join(value === 'apiKey' ? 'apiKey' : `apiKey: ${value}`);
  }
}

// `process.env.OPENAI_API_KEY`, `requiredEnv("OPENAI_API_KEY")!`, `process.env.OPENAI_API_KEY ?? ""`.
function keyRead(init: Node | undefined): boolean {
  let node = unwrap(init);
  if (node?.type === 'LogicalExpression' && (node.operator === '??' || node.operator === '||')) node = unwrap(node.left);
  return envRead(node)?.name === 'OPENAI_API_KEY';
}

// Every use of the constant tests it (a check, as keyUses.ts reads one: `if (!KEY)`, `KEY ? a : b`,
// `assert(KEY)`, `isNotEmptyString(KEY)`) or shows it in a message (`console.log(...)`, `new Error(...)`).
function onlyChecked(ctx: JsContext, b: Binding): boolean {
  let uses = 0;
  for (const n of descendants(ctx.index.program)) {
    if (n.type !== 'Identifier' || n.name !== b.name || n === b.id) continue;
    const parent: Node | undefined = n.parent;
    if ((parent?.type === 'MemberExpression' || parent?.type === 'OptionalMemberExpression') && parent.property === n && !parent.computed) continue;
    if ((parent?.type === 'ObjectProperty' || parent?.type === 'ClassProperty') && parent.key === n && !parent.shorthand) continue;
    if (scopeAt(n, ctx.index, ctx.index.scope).lookup(n.name) !== b) continue;
    uses++;
    if (!isCheckOrMessage(n)) return false;
  }
  return uses > 0;
}

function isCheckOrMessage(node: Node): boolean {
  return guardedBy(node) !== undefined || inMessage(node);
}

// Shown in a message: `console.log(...)`, `new Error(...)`, `throw ...`, maybe inside a template.
function inMessage(node: Node): boolean {
  let cur = node;
  for (let i = 0; i < 6 && cur.parent; i++) {
    const p: Node = cur.parent;
    if (p.type === 'CallExpression' && p.arguments.includes(cur)) {
      const callee = unwrap(p.callee);
      const obj = callee?.type === 'MemberExpression' ? unwrap(callee.object) : undefined;
      return obj?.type === 'Identifier' && obj.name === 'console';
    }
    if (p.type === 'NewExpression' || p.type === 'ThrowStatement') return true;
    if (!['LogicalExpression', 'BinaryExpression', 'TemplateLiteral', 'ConditionalExpression', 'TSNonNullExpression'].includes(p.type)) return false;
    cur = p;
  }
  return false;
}
