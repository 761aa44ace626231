// The JS/TS scanner: parse each file once with @babel/parser and index it; attach every SDK call
// to its client across the files of the run; then decide each client and its calls, run each
// library's analyzer, and hint at model ids nothing claimed.
import type { FileScan, ScanOptions } from '../../model.js';
import { checkBudget } from '../../pipeline/budget.js';
import { attachCalls, collectClients, type UntracedCall } from './clients.js';
import type { JsContext } from './context.js';
import { scanFrameworks } from './frameworks/index.js';
import { hintModels } from './hints.js';
import { hintUntraced, migrateClients } from './openaiSdk.js';
import { migrateRawHttp } from './rawHttp.js';
import { warnKeyChecks } from './keyChecks.js';
import { parseJs } from './parse.js';
import { JsProject } from './project.js';
import { type Node, indexFile } from './scope.js';
import { detectStyle } from './style.js';

export { JS_EXTENSIONS } from './parse.js';

// Deno code (`Deno.env`, `npm:`/`jsr:`/URL imports) reads the environment with Deno.env.get.
function keyExpression(text: string, keyEnv: string): string {
  const deno = text.includes('Deno.env') || /\bfrom\s+["'](?:npm:|jsr:|https:)/.test(text);
  return deno ? `Deno.env.get("${keyEnv}")` : `process.env.${keyEnv}`;
}

function loadModule(options: ScanOptions) {
  return (text: string, path: string, project: JsProject): JsContext => {
    const started = performance.now();
    const ast = parseJs(text, path);
    const program = ast.program as unknown as Node;
    const index = indexFile(program);
    const ctx: JsContext = {
      text, path, index, options, project,
      style: detectStyle(text, index.strings.map((s) => s.node), index.literals),
      out: { findings: [], warnings: [] },
      consumed: project.consumed,
      models: new Map(),
      clients: new Map(),
      keyExpr: keyExpression(text, options.keyEnv),
    };
    program.module = ctx;
    index.scope.module = ctx;
    collectClients(ctx);
    checkBudget(started); // over the per-file budget: reported and skipped (src/pipeline/budget.ts)
    return ctx;
  };
}

/**
 * Scans the given files together. `known` is every file of the run (also those the prefilter
 * skipped), which imports may be followed into. Returns a scan, or the error, per file; files
 * reached through imports appear too when something was found in them.
 */
export function scanJsFiles(files: { path: string; text: string }[], options: ScanOptions, known: Set<string>, importers?: Map<string, string[]>): Map<string, { text: string; scan: FileScan } | Error> {
  const results = new Map<string, { text: string; scan: FileScan } | Error>();
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const load = loadModule(options);
  const project = new JsProject(known, texts, load, importers);
  const scanned: JsContext[] = [];
  for (const f of files) {
    const ctx = project.module(f.path);
    if (ctx) scanned.push(ctx);
    else results.set(f.path, project.errors.get(f.path) ?? new Error('could not be read'));
  }
  const untraced = new Map<JsContext, UntracedCall[]>();
  for (const ctx of scanned) untraced.set(ctx, attachCalls(ctx));
  for (const ctx of project.loaded()) migrateClients(ctx);
  scanFrameworks(project.loaded());
  for (const [ctx, calls] of untraced) hintUntraced(ctx, calls);
  for (const ctx of scanned) migrateRawHttp(ctx);
  warnKeyChecks(scanned, options.keyEnv);
  for (const ctx of scanned) hintModels(ctx);
  for (const ctx of project.loaded()) {
    if (ctx.out.findings.length || ctx.out.warnings.length || texts.has(ctx.path)) results.set(ctx.path, { text: ctx.text, scan: ctx.out });
  }
  return results;
}

/** One file on its own (imports are not followed). */
export function scanJs(text: string, path: string, options: ScanOptions): FileScan {
  const result = scanJsFiles([{ path, text }], options, new Set([path])).get(path)!;
  if (result instanceof Error) throw result;
  return result.scan;
}
