// A model object used only as a helper, such as LangChain's token counter
// (`trimMessages(messages, { tokenCounter: new ChatOpenAI({ model: "gpt-4o" }) })`), makes no
// request: it counts tokens locally by its OpenAI model name. Moving it to Flux would only break
// the count, so whatever the analyzers found inside it is dropped and it is left as it is.
import type { JsContext } from './context.js';
import { consumeStrings } from './context.js';
import { type Node, propName, unwrap } from './scope.js';

const HELPER_OPTIONS = new Set(['tokenCounter', 'tokenizer', 'tokenCountingModel']);

export function dropHelperClients(ctx: JsContext): void {
  if (!/tokenCounter|tokenizer|tokenCountingModel/.test(ctx.text)) return;
  const spans: Node[] = [];
  for (const site of ctx.index.news) {
    const use = usedOnlyAsHelper(ctx, site.node);
    if (use) spans.push(site.node);
  }
  if (!spans.length) return;
  const inside = (start: number, end: number) => spans.some((s) => s.start <= start && end <= s.end);
  ctx.out.findings = ctx.out.findings.filter((f) => {
    const edits = f.literal ? [f.literal] : f.edits;
    return !(edits.length && edits.every((e) => inside(e.start, e.end)));
  });
  for (const [start, f] of ctx.models) if (f.literal && inside(f.literal.start, f.literal.end)) ctx.models.delete(start);
  const lines = new Set(spans.flatMap((s) => range(s.loc.start.line, (s.loc as unknown as { end: { line: number } }).end.line)));
  ctx.out.warnings = ctx.out.warnings.filter((w) => !(lines.has(w.line) && w.code !== 'model-name-logic'));
  for (const s of spans) consumeStrings(ctx, s);
}

// `tokenCounter: new ChatOpenAI(...)`, or a const holding it that is used only there.
function usedOnlyAsHelper(ctx: JsContext, node: Node): boolean {
  const parent: Node | undefined = node.parent;
  if (parent?.type === 'ObjectProperty' && parent.value === node) return HELPER_OPTIONS.has(propName(parent) ?? '');
  if (parent?.type !== 'VariableDeclarator' || parent.init !== node || parent.id.type !== 'Identifier') return false;
  const name = parent.id.name;
  const uses = [...ctx.text.matchAll(new RegExp(`\\b${name}\\b`, 'g'))].length - 1;
  const asHelper = [...ctx.text.matchAll(new RegExp(`\\b(?:${[...HELPER_OPTIONS].join('|')})\\s*:\\s*${name}\\b`, 'g'))].length;
  return uses > 0 && uses === asHelper && unwrap(node) === node;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
