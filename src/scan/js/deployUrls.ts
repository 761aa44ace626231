// One-click deploy URLs in string literals (`const DEPLOY = "https://vercel.com/new/clone?...&env=OPENAI_API_KEY"`):
// their env list follows the run's key plan (src/scan/deployUrls.ts). The name in such a URL is not a read.
import { deployUrlFindings } from '../deployUrls.js';
import type { JsContext } from './context.js';

export function findDeployUrls(ctx: JsContext): void {
  if (!ctx.text.includes('OPENAI_API_KEY')) return;
  for (const { node } of ctx.index.strings) {
    if (node.type === 'RegExpLiteral') continue;
    const lineOf = (offset: number) => node.loc.start.line + (ctx.text.slice(node.start, offset).match(/\n/g)?.length ?? 0);
    const found = deployUrlFindings(ctx.text, node.start + 1, node.end - 1, ctx.options.keyEnv, lineOf);
    if (!found.length) continue;
    ctx.out.findings.push(...found);
    ctx.consumed.add(node);
  }
}
