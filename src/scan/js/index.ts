// The JS/TS scanner: parse once with @babel/parser, index the file, run each library's
// analyzer over the same index, then hint at model ids nothing claimed.
import type { FileScan, ScanOptions } from '../../model.js';
import type { JsContext } from './context.js';
import { hintModels } from './hints.js';
import { scanOpenAISdk } from './openaiSdk.js';
import { parseJs } from './parse.js';
import { type Node, indexFile } from './scope.js';
import { detectStyle } from './style.js';

export { JS_EXTENSIONS } from './parse.js';

export function scanJs(text: string, path: string, options: ScanOptions): FileScan {
  const ast = parseJs(text, path);
  const index = indexFile(ast.program as unknown as Node);
  const ctx: JsContext = {
    text, path, index, options,
    style: detectStyle(text, index.strings.map((s) => s.node), index.literals),
    out: { findings: [], warnings: [] },
    consumed: new Set(),
    models: new Map(),
  };
  scanOpenAISdk(ctx);
  hintModels(ctx);
  return ctx.out;
}
