// The Python scanner: parse once with tree-sitter, index the module, run each analyzer over the
// same index (openai clients and LangChain, the `openai` module globals), rename the key's
// env var where the file sets or tests it, then hint at model ids nothing claimed.
import type { FileScan, ScanOptions } from '../../model.js';
import type { PyContext } from './context.js';
import { hintModels } from './hints.js';
import { scanOpenAIModule } from './legacy.js';
import { indexModule } from './module.js';
import { scanOpenAISdk } from './openaiSdk.js';
import { renameKeyEnvNames, reportKeyReads } from './keyNames.js';
import { type Node, parsePython } from './parse.js';
import { detectStyle } from './style.js';

export async function scanPython(text: string, _path: string, options: ScanOptions): Promise<FileScan> {
  const root = await parsePython(text);
  try {
    return scanModule(text, root, options);
  } finally {
    root.tree.delete(); // the tree lives in wasm memory: free it once the file is scanned
  }
}

function scanModule(text: string, root: Node, options: ScanOptions): FileScan {
  const index = indexModule(root);
  const ctx: PyContext = {
    text, index, options,
    style: detectStyle(text, index.strings),
    out: { findings: [], warnings: [] },
    consumed: new Set(),
    models: new Map(),
    keepsOpenAIKey: false,
    movedKey: false,
  };
  scanOpenAISdk(ctx);
  scanOpenAIModule(ctx);
  renameKeyEnvNames(ctx);
  reportKeyReads(ctx);
  hintModels(ctx);
  if (ctx.osImport) {
    const owner = ctx.out.findings.find((f) => f.kind === 'api-key' && f.edits.some((e) => e.text.includes('os.environ[')));
    if (owner) owner.edits.push(ctx.osImport);
  }
  return ctx.out;
}
