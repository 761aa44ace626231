// The JS/TS scanner: parse each file once with @babel/parser and index it; attach every SDK call
// to its client across the files of the run; then decide each client and its calls, run each
// library's analyzer, and hint at model ids nothing claimed.
import { isMainThread, workerData } from 'node:worker_threads';
import type { FileScan, Finding, ScanOptions } from '../../model.js';
import { checkBudget, clock } from '../../pipeline/budget.js';
import { asFileError } from '../../errors.js';
import './envSchemas.js'; // env helpers and validated env objects count as environment reads (resolve.ts envRead)
import { serveTasks, shareTasks, startWorkers, workerSlots } from '../../pipeline/workers.js';
import type { SourceFile } from '../index.js';
import { attachCalls, collectClients, type UntracedCall } from './clients.js';
import type { JsContext } from './context.js';
import { scanFrameworks } from './frameworks/index.js';
import { findDataNames } from './dataNames.js';
import { passKeyConstants } from './keyConstants.js';
import { migrateTypedRequests } from './typedRequests.js';
import { groupFiles, packGroups } from './groups.js';
import { dropHelperClients } from './helperClients.js';
import { hintModels } from './hints.js';
import { findDeployUrls } from './deployUrls.js';
import { warnModelLogic } from './modelLogic.js';
import { ImportGraph } from './imports.js';
import { importSpecifiers } from './specifiers.js';
import { isKeyCheck, keepKeyInStep, keyMigrated, reportKeyReads } from './keyChecks.js';
import { hintUntraced, migrateClients } from './openaiSdk.js';
import { parseJs } from './parse.js';
import { isJson, jsonProgram } from './jsonModules.js';
import { JsProject } from './project.js';
import { migrateRawHttp } from './rawHttp.js';
import { findTestDoubles, isTestFile } from './testDoubles.js';
import { type Node, indexFile } from './scope.js';
import { type Style, detectStyle } from './style.js';

// Deno code (`Deno.env`, `npm:`/`jsr:`/URL imports) reads the environment with Deno.env.get.
function keyExpression(text: string, keyEnv: string): string {
  const deno = text.includes('Deno.env') || /\bfrom\s+["'](?:npm:|jsr:|https:)/.test(text);
  return deno ? `Deno.env.get("${keyEnv}")` : `process.env.${keyEnv}`;
}

function loadModule(options: ScanOptions) {
  return (text: string, path: string, project: JsProject): JsContext => {
    const started = clock();
    const program = isJson(path) ? jsonProgram(text) : (parseJs(text, path).program as unknown as Node);
    const index = indexFile(program);
    let style: Style | undefined;
    const ctx: JsContext = {
      text, path, index, options, project,
      get style() { // only files that get an edit need it
        return (style ??= detectStyle(text, index.strings.map((s) => s.node), index.literals));
      },
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

const REGISTRY = /\b(experimental_)?(createProviderRegistry|customProvider)\b/;

export type JsResults = Map<string, { text: string; scan: FileScan } | Error>;

/** What one group's scan gives back (plain data: it may come from a worker thread). */
export interface GroupScan {
  results: JsResults;
  /** Every file the scan parsed: its own, and those it followed imports or callers into. */
  loaded: string[];
  /** Whether it moved an OpenAI client's key to the Flux key (key checks matter run-wide). */
  keyMigrated: boolean;
  /** Whether code (not tests) it scanned is on Flux, after the run: test doubles move then. */
  movedToFlux: boolean;
  /** Test doubles of OpenAI endpoints, by file (with its text), to move when code moved (testDoubles.ts). */
  doubles: [string, string, Finding[]][];
}

/**
 * Scans files together. `known` is every file of the run (also those the prefilter skipped),
 * which imports may be followed into. Returns a scan, or the error, per file; files reached
 * through imports appear too when something was found in them.
 */
export function scanJsGroup(files: SourceFile[], options: ScanOptions, known: Set<string>, graph?: ImportGraph): GroupScan {
  const results: JsResults = new Map();
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const load = loadModule(options);
  const project = new JsProject(known, texts, load, graph, options.roots);
  const scanned: JsContext[] = [];
  for (const f of files) {
    const ctx = project.module(f.path);
    if (ctx) scanned.push(ctx);
    else results.set(f.path, project.errors.get(f.path) ?? new Error('could not be read'));
  }
  // A client's calls decide whether it moves (one used only for embeddings stays on OpenAI), and
  // they may sit in files the prefilter skipped (`ai.embeddings.create(...)` mentions no OpenAI):
  // the files that import a module making a client are scanned too (and those importing a barrel
  // file among them).
  const inScan = new Set(scanned);
  // The same for AI SDK provider registries: `registry.languageModel("openai:gpt-4o")` names no OpenAI client.
  const makers = project.loaded().filter((ctx) => ctx.clients.size > 0 || REGISTRY.test(ctx.text)).map((ctx) => ctx.path);
  for (let i = 0; i < makers.length; i++) {
    for (const file of project.importersOf(makers[i])) {
      const ctx = project.module(file);
      if (!ctx || inScan.has(ctx)) continue;
      inScan.add(ctx);
      scanned.push(ctx);
      if (ctx.index.reexports.length) makers.push(ctx.path);
    }
  }
  const untraced = new Map<JsContext, UntracedCall[]>();
  for (const ctx of scanned) untraced.set(ctx, attachCalls(ctx));
  for (const ctx of project.loaded()) migrateClients(ctx);
  scanFrameworks(project.loaded());
  for (const ctx of project.loaded()) dropHelperClients(ctx);
  for (const ctx of project.loaded()) passKeyConstants(ctx);
  migrateTypedRequests(project.loaded());
  for (const [ctx, calls] of untraced) hintUntraced(ctx, calls);
  const doubles: GroupScan['doubles'] = [];
  for (const ctx of scanned) {
    const found = findTestDoubles(ctx);
    if (found.length) doubles.push([ctx.path, ctx.text, found]);
  }
  for (const ctx of scanned) migrateRawHttp(ctx);
  for (const ctx of scanned) findDataNames(ctx);
  keepKeyInStep(scanned, options.keyEnv);
  reportKeyReads(scanned, options.keyEnv);
  for (const ctx of scanned) dropForwardedReads(ctx);
  for (const ctx of scanned) findDeployUrls(ctx);
  warnModelLogic(project.loaded());
  for (const ctx of scanned) hintModels(ctx);
  for (const ctx of project.loaded()) {
    if (ctx.out.findings.length || ctx.out.warnings.length || texts.has(ctx.path)) results.set(ctx.path, { text: ctx.text, scan: ctx.out });
  }
  const movedToFlux = project.loaded().some((ctx) => !isTestFile(ctx) && (ctx.out.findings.some((f) => f.kind === 'base-url') || ctx.text.includes(options.baseUrl)));
  return { results, loaded: project.paths(), keyMigrated: keyMigrated(scanned), movedToFlux, doubles };
}

/**
 * The cross-file scan of a run's candidates: split into groups that cannot reach one another
 * (src/scan/js/groups.ts), scanned one group at a time (so each group's syntax trees are freed)
 * and, for large runs, in worker threads too. When groups turn out to reach the same file after
 * all, they are scanned again as one.
 */
export async function scanJsFiles(files: SourceFile[], options: ScanOptions, known: Set<string>, imports?: Map<string, string[]>, progress?: (done: number) => void): Promise<JsResults> {
  // One import graph for the run: what the candidates and the skipped files import.
  const specifiers = new Map(imports);
  for (const f of files) specifiers.set(f.path, importSpecifiers(f.text));
  const graph = new ImportGraph(known, specifiers);
  const groups = packGroups(groupFiles(files, graph), UNIT_BYTES);
  // Without the read pass's imports, each group's project reads the other files itself.
  const scanGraph = imports && graph;
  const scans: GroupScan[] = new Array(groups.length);
  const bytes = files.reduce((n, f) => n + f.text.length, 0);
  const workers = groups.length > 1 && bytes >= WORKERS_MIN_BYTES
    ? startWorkers(new URL(import.meta.url), { fluxJsScan: { options, known: [...known], imports: scanGraph ? [...specifiers] : null } }, Math.min(workerSlots(SPARE_CPUS), groups.length - 1))
    : [];
  let done = 0;
  await shareTasks(groups, workers, (group) => scanJsGroup(group, options, known, scanGraph), (i, scan) => {
    scans[i] = fromWire(scan);
    progress?.((done += groups[i].length));
  });
  const owner = new Map<string, number>();
  const overlapping = new Set<number>();
  scans.forEach((scan, i) => {
    for (const path of scan.loaded) {
      const other = owner.get(path);
      if (other !== undefined && other !== i) overlapping.add(other).add(i);
      owner.set(path, i);
    }
  });
  let merged = scans;
  if (overlapping.size) {
    const together = [...overlapping].flatMap((i) => groups[i]);
    merged = [...scans.filter((_, i) => !overlapping.has(i)), scanJsGroup(together, options, known, scanGraph)];
  }
  return settle(merged);
}

// Below this much candidate code, a worker costs more than it saves: it needs ~0.2 s to load the
// parser and scanners, and each thread warms up its own copy of the parser (bench/). On two
// CPUs a scan worker saves nothing at any size (V8's own threads keep the second CPU busy:
// measured on the bench trees), so the scan leaves two CPUs spare.
const WORKERS_MIN_BYTES = 400_000;
const SPARE_CPUS = 2;
// Groups are scanned in units of about this much code (src/scan/js/groups.ts).
const UNIT_BYTES = 64_000;

// Errors cross from a worker as plain data; each keeps what asFileError made of it.
type WireScan = Omit<GroupScan, 'results'> & { results: Map<string, { text: string; scan: FileScan } | { error: string; name: string }> };

function toWire(scan: GroupScan): WireScan {
  const results: WireScan['results'] = new Map();
  for (const [path, r] of scan.results) {
    if (!(r instanceof Error)) results.set(path, r);
    else {
      const e = asFileError(r);
      results.set(path, { error: e.message, name: e.name });
    }
  }
  return { ...scan, results };
}

function fromWire(scan: GroupScan | WireScan): GroupScan {
  const results: JsResults = new Map();
  for (const [path, r] of scan.results) results.set(path, 'error' in r ? Object.assign(new Error(r.error), { name: r.name }) : r);
  return { ...scan, results };
}

// The worker side: scans the groups it is sent.
if (!isMainThread && (workerData as { fluxJsScan?: unknown } | undefined)?.fluxJsScan) {
  const { options, known, imports } = (workerData as { fluxJsScan: { options: ScanOptions; known: string[]; imports: [string, string[]][] | null } }).fluxJsScan;
  const knownSet = new Set(known);
  const graph = imports ? new ImportGraph(knownSet, new Map(imports)) : undefined;
  serveTasks((group: SourceFile[]) => toWire(scanJsGroup(group, options, knownSet, graph)));
}

// The groups' results as one, in path order; checks of the old key variable are kept only when some group
// moved a client to the Flux key (src/scan/js/keyChecks.ts).
function settle(scans: GroupScan[]): JsResults {
  const keyChecksStay = scans.some((m) => m.keyMigrated);
  if (scans.some((m) => m.movedToFlux)) {
    // Test doubles move with the code they stand in for, wherever that code is in the run.
    for (const scan of scans) {
      for (const [path, text, findings] of scan.doubles) {
        const r = scan.results.get(path);
        if (r instanceof Error) continue;
        if (r) r.scan.findings.push(...findings);
        else scan.results.set(path, { text, scan: { findings, warnings: [] } });
      }
    }
  }
  const all = scans.flatMap((scan) => [...scan.results]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)); // in path order, however grouped
  for (const [, r] of all) {
    if (!keyChecksStay && !(r instanceof Error)) r.scan.warnings = r.scan.warnings.filter((w) => !isKeyCheck(w));
  }
  return new Map(all);
}

// A read inside a span that follows the key plan (`OPENAI_API_KEY: process.env.OPENAI_API_KEY` in
// a t3-env runtimeEnv) moves with the plan: it does not keep the old key alive.
function dropForwardedReads(ctx: JsContext): void {
  if (!ctx.forwards?.length || !ctx.out.keyReads) return;
  ctx.out.keyReads = ctx.out.keyReads.filter((r) => !ctx.forwards!.some((s) => s.start <= r.start && r.end <= s.end));
  if (!ctx.out.keyReads.length) delete ctx.out.keyReads;
}

/** One file on its own (imports are not followed). */
export function scanJs(text: string, path: string, options: ScanOptions): FileScan {
  const result = settle([scanJsGroup([{ path, text }], options, new Set([path]))]).get(path)!;
  if (result instanceof Error) throw result;
  return result.scan;
}
