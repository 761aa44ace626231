// Parsing Python with tree-sitter (web-tree-sitter + the tree-sitter-python wasm, vendored in
// grammars/: the npm package would also run a native build on install). The grammar is
// loaded once, on the first Python file. Node positions are JS string offsets (UTF-16), the same
// unit as the edits.
import { fileURLToPath } from 'node:url';
import type { Node, Parser } from 'web-tree-sitter';
import { cpythonError } from './syntax.js';

export type { Node };

/** The grammar, from src/ and dist/ alike (both three folders below the package root). */
export const GRAMMAR = fileURLToPath(new URL('../../../grammars/tree-sitter-python.wasm', import.meta.url));

let parser: Promise<Parser> | undefined;

function loadParser(): Promise<Parser> {
  parser ??= (async () => {
    // Imported here, so a run without Python files never loads tree-sitter.
    const { Language, Parser } = await import('web-tree-sitter');
    await Parser.init();
    const language = await Language.load(GRAMMAR);
    const p = new Parser();
    p.setLanguage(language);
    return p;
  })();
  return parser;
}

/**
 * Parses Python source; throws a one-line message naming the first syntax error: tree-sitter's
 * ERROR and MISSING nodes, and what CPython rejects although tree-sitter recovers (syntax.ts).
 */
export async function parsePython(text: string): Promise<Node> {
  const tree = (await loadParser()).parse(text);
  if (!tree) throw new Error('does not parse: the Python parser gave no tree');
  const root = tree.rootNode;
  if (root.hasError) {
    const bad = firstError(root);
    const line = bad ? bad.startPosition.row + 1 : 1;
    tree.delete();
    throw new Error(`does not parse: Python syntax error at line ${line}`);
  }
  const rejected = cpythonError(root, text);
  if (rejected) {
    tree.delete();
    throw new Error(`does not parse: Python syntax error at line ${rejected.line} (${rejected.why})`);
  }
  return root;
}

// Down the path of nodes that contain the error, one level at a time (no recursion).
function firstError(root: Node): Node | undefined {
  let node: Node | undefined = root;
  while (node) {
    if (node.type === 'ERROR' || node.isMissing) return node;
    const next: Node | undefined = node.children.find((c): c is Node => c !== null && c.hasError);
    if (!next) return node;
    node = next;
  }
  return undefined;
}
