// The Python scanner: parse once with tree-sitter, index the module, run each analyzer over the
// same index (openai clients and LangChain, the `openai` module globals), rename the key's
// env var where the file sets or tests it, then hint at model ids nothing claimed. A run's files
// are scanned together (`scanPythonFiles`): clients, model constants and class fields are followed
// through imports into the other modules of the run (src/scan/python/project.ts).
import type { FileScan, ScanOptions } from '../../model.js';
import { type ReadResult, readTextSync } from '../../pipeline/read.js';
import type { SourceFile } from '../index.js';
import type { PyContext } from './context.js';
import { scanPythonFrameworks, settlePythonFrameworks } from './frameworks/index.js';
import { hintModels } from './hints.js';
import { scanOpenAIModule } from './legacy.js';
import { indexModule } from './module.js';
import { attachOpenAISdkCalls, prepareOpenAISdk, scanOpenAISdk } from './openaiSdk.js';
import { findDeployUrls, renameKeyEnvNames, reportKeyReads } from './keyNames.js';
import { type Node, parsePython } from './parse.js';
import { PyProject } from './project.js';
import { detectStyle } from './style.js';

// Files the prefilter skipped that a scan may follow imports into, at most.
const MAX_FOLLOWED = 2_000;

export async function scanPython(text: string, path: string, options: ScanOptions): Promise<FileScan> {
  const root = await parsePython(text);
  try {
    // A project of one module: calls and callers in the file are followed as in a run's files.
    const project = new PyProject(new Set([path]), new Map());
    const ctx = contextOf(text, path, root, options, project);
    project.add(ctx);
    analyze(ctx);
    return settle(ctx);
  } finally {
    root.tree.delete(); // the tree lives in wasm memory: free it once the file is scanned
  }
}

/**
 * Scans a run's Python files together. `known` is every file of the run: modules the candidates
 * import are parsed too (also those the prefilter skipped) and appear in the results when
 * something was found in them.
 */
export async function scanPythonFiles(files: SourceFile[], options: ScanOptions, known: Set<string>, imports?: Map<string, string[]>, progress?: (done: number) => void): Promise<Map<string, { text: string; scan: FileScan } | Error>> {
  const results = new Map<string, { text: string; scan: FileScan } | Error>();
  const project = new PyProject(known, new Map());
  const roots: Node[] = [];
  const load = async (path: string, text: string): Promise<PyContext | undefined> => {
    try {
      const root = await parsePython(text);
      roots.push(root);
      const ctx = contextOf(text, path, root, options, project);
      project.add(ctx);
      return ctx;
    } catch (error) {
      results.set(path, error as Error);
      return undefined;
    }
  };
  try {
    const queue: PyContext[] = [];
    for (const [i, f] of files.entries()) {
      const ctx = await load(f.path, f.text);
      if (ctx) queue.push(ctx);
      progress?.(i + 1);
    }
    const candidates = new Set(files.map((f) => f.path));
    let followed = 0;
    const follow = async (file: string) => {
      if (project.modules.has(file) || results.has(file) || candidates.has(file) || followed >= MAX_FOLLOWED) return;
      const read: ReadResult = (() => { try { return readTextSync(file); } catch { return { skip: 'unreadable' }; } })();
      if (!('text' in read)) return;
      followed++;
      const ctx = await load(file, read.text);
      if (ctx) queue.push(ctx);
    };
    let i = 0;
    const followImports = async () => {
      for (; i < queue.length && followed < MAX_FOLLOWED; i++) for (const file of project.importedFiles(queue[i])) await follow(file);
    };
    await followImports();
    // A client may be passed along by files that mention no OpenAI (`Engine(get_client())`): the
    // skipped files that import a module making one are scanned too, and what they import.
    for (const ctx of project.modules.values()) prepareOpenAISdk(ctx);
    const makers = new Set([...project.modules.values()].filter((ctx) => ctx.clients?.size).map((ctx) => ctx.path));
    for (const [file, modules] of imports ?? []) {
      if (modules.some((m) => makers.has(project.resolve(file, m) ?? ''))) await follow(file);
    }
    await followImports();
    const all = [...project.modules.values()];
    for (const ctx of all) prepareOpenAISdk(ctx);
    for (const ctx of all) attachOpenAISdkCalls(ctx);
    for (const ctx of all) analyze(ctx);
    for (const ctx of all) {
      const scan = settle(ctx);
      if (candidates.has(ctx.path) || scan.findings.length || scan.warnings.length) results.set(ctx.path, { text: ctx.text, scan });
    }
    return results;
  } finally {
    for (const root of roots) root.tree.delete();
  }
}

function contextOf(text: string, path: string, root: Node, options: ScanOptions, project?: PyProject): PyContext {
  const index = indexModule(root);
  return {
    text, path, index, options, project,
    style: detectStyle(text, index.strings),
    out: { findings: [], warnings: [] },
    consumed: new Set(),
    models: new Map(),
    keepsOpenAIKey: false,
    movedKey: false,
  };
}

// What a module's clients and calls decide (also for literals in other modules they reach).
function analyze(ctx: PyContext): void {
  scanOpenAISdk(ctx);
  scanOpenAIModule(ctx);
  scanPythonFrameworks(ctx);
}

// What depends on everything the run's analyzers found in this module.
function settle(ctx: PyContext): FileScan {
  settlePythonFrameworks(ctx);
  renameKeyEnvNames(ctx);
  reportKeyReads(ctx);
  findDeployUrls(ctx);
  hintModels(ctx);
  if (ctx.osImport) {
    const owner = ctx.out.findings.find((f) => f.kind === 'api-key' && f.edits.some((e) => e.text.includes('os.environ[')));
    if (owner) owner.edits.push(ctx.osImport);
  }
  return ctx.out;
}
