// The pipeline: discover -> prefilter -> scan -> plan -> edit -> write -> report.
import { relative, resolve, sep } from 'node:path';
import type { Edit, FileError, FileResult, FileScan, Finding, ScanOptions } from '../model.js';
import { type Scanner, type SourceFile, scannerFor } from '../scan/index.js';
import { followsKeyPlan, prefilterFor } from '../scan/prefilter.js';
import { type Format, formatReport } from '../report/formats.js';
import { makePaint } from '../report/paint.js';
import { type Mode, summary } from '../report/text.js';
import { changedFiles, repoRoot } from './changed.js';
import { verifyChanges } from './verify.js';
import { discover } from './discover.js';
import { applyEdits } from './edits.js';
import { allInGit, guardWrite } from './gitGuard.js';
import { type ModelPolicy, chooseModel, defaultsNotice, modelUsage, planFindings } from './plan.js';
import { readAll } from './pool.js';
import { progressOn } from '../report/progress.js';
import { decideKeyPlan, followKeyPlan, followKeyPlanInCode, ownCode, type CodeFile } from './keyPlan.js';
import { writeAtomic } from './write.js';
import { ignoredEnvResults } from './ignoredEnv.js';
import { INTERRUPTED_EXIT, type Interrupt, interruptedMessage, watchInterrupt } from './interrupt.js';
import { scanBatch, scanOne } from './scanSafely.js';
import { registerMaskedValues, registerSecret } from '../secrets.js';

export interface RunOptions extends ScanOptions {
  paths: string[];
  mode: Mode;
  json: boolean;
  format: Format;
  /** `--check` also fails with more warnings than this. */
  maxWarnings?: number;
  /** `--changed <ref>`: report and write only the files changed since this git ref. */
  changed?: string;
  /** `--verify`: check the changed files before writing (verify.ts). */
  verify?: boolean;
  /** `--no-docs` (false): Markdown files are left alone, not even read. */
  docs?: boolean;
  /** Sees what the run found (doctor). */
  onResults?: (results: FileResult[], errors: FileError[]) => void;
  policy: ModelPolicy;
  ignore: string[];
  force: boolean;
  color: boolean;
  /** `--quiet`: on stderr, errors and the summary only. */
  quiet?: boolean;
  /** Why no prompt can appear, when the run must say which model defaults it took (not with --yes or --model). */
  noPrompt?: string;
  /** Asks the user for the model choices, when prompts are allowed. */
  ask?: (usage: ReturnType<typeof modelUsage>, policy: ModelPolicy) => Promise<Map<string, string | undefined>>;
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}

interface Scanned {
  path: string;
  display: string;
  text: string;
  scan: FileScan;
}

export async function run(opts: RunOptions, io: Io): Promise<number> {
  const interrupt = watchInterrupt();
  try {
    return await runWatched(opts, io, interrupt);
  } finally {
    interrupt.dispose();
  }
}

async function runWatched(opts: RunOptions, io: Io, interrupt: Interrupt): Promise<number> {
  const display = (p: string) => relative(io.cwd, p).split(sep).join('/') || '.';
  const only = opts.changed === undefined ? undefined : changedFiles(opts.changed, io.cwd); // every file is still scanned
  const shown = <T extends { path: string }>(list: T[]) => (only ? list.filter((r) => only.has(r.path)) : list);
  const found = await discover(opts.paths, opts.ignore);
  const skipped = found.skipped;
  const files = opts.docs === false ? found.files.filter((f) => prefilterFor(f)?.name !== 'markdown') : found.files;
  const errors: FileError[] = skipped.map((s) => ({ path: display(s.path), message: s.message }));
  const scanned: Scanned[] = [];
  const texts = new Map<string, string>(); // every file scanned
  const quiet: FileResult[] = [];

  // Read every file once; the prefilter decides which are scanned.
  const batches = new Map<Scanner, SourceFile[]>();
  const singles: { scanner: Scanner; path: string; text: string }[] = [];
  const progress = progressOn(process.stderr, { json: opts.json });
  progress.phase('reading', files.length);
  const imports = new Map<string, string[]>(); // what the skipped JS/TS files import (pool.ts)
  const reads = await readAll(files, (n) => progress.tick(n), imports); // read and prefiltered (pool.ts)
  for (const [i, path] of files.entries()) {
    const scanner = scannerFor(path)!;
    const read = reads[i]; // read ahead (src/pipeline/pool.ts); undefined: the prefilter says it cannot matter
    if (read === undefined) continue;
    if (read instanceof Error) {
      errors.push({ path: display(path), message: messageOf(read) });
    } else if ('skip' in read) {
      quiet.push({ path, display: display(path), before: '', after: '', findings: [], warnings: [{ code: 'skipped-file', line: 1, message: read.skip }] });
    } else {
      texts.set(path, read.text);
      if (!scanner.scanFiles) singles.push({ scanner, path, text: read.text });
      else if (batches.has(scanner)) batches.get(scanner)!.push({ path, text: read.text });
      else batches.set(scanner, [{ path, text: read.text }]);
    }
  }
  progress.phase('scanning', texts.size);
  // Scanners follow files code imports only under the roots, as discovery does (JSON configs).
  const scanOpts = { ...opts, roots: (opts.paths.length ? opts.paths : ['.']).map((p) => resolve(p)) };
  // One file after another on this thread, so each file's time budget (budget.ts) counts its own
  // scan only; then the scanners that follow values across files, with all their candidates.
  let done = 0;
  for (const { scanner, path, text } of singles) {
    if (interrupt.requested) break;
    progress.tick(++done);
    try {
      const scan = await scanOne(scanner, text, path, scanOpts);
      if (scan.findings.length || scan.warnings.length || scan.keyReads?.length) scanned.push({ path, display: display(path), text, scan });
    } catch (error) {
      errors.push({ path: display(path), message: messageOf(error) });
    }
  }
  const known = new Set(files);
  for (const [scanner, batch] of batches) {
    if (interrupt.requested) break;
    // What the skipped files of this scanner's kind import (each kind reads its own).
    const own = new Map([...imports].filter(([path]) => scannerFor(path) === scanner));
    const before = done;
    const { results, failure } = await scanBatch(scanner, batch, scanOpts, known, own, (n) => progress.tick(before + n));
    done += batch.length;
    if (failure) errors.push({ path: opts.paths[0] ?? '.', message: `internal error in the cross-file ${scanner.name} scan (${failure}): every file was scanned on its own instead, so values shared across files may be missed; please report it` });
    for (const [path, result] of results) {
      if (result instanceof Error) errors.push({ path: display(path), message: messageOf(result) });
      else if (result.scan.findings.length || result.scan.warnings.length || result.scan.keyReads?.length) scanned.push({ path, display: display(path), text: result.text, scan: result.scan });
    }
  }
  progress.done();

  if (interrupt.requested) {
    io.err(interruptedMessage(0, 0));
    return INTERRUPTED_EXIT;
  }
  for (const s of scanned) {
    registerMaskedValues(s.text, s.scan.findings); // a key a scanner masked stays masked in diffs
    for (const secret of s.scan.secrets ?? []) registerSecret(secret);
  }
  const usage = modelUsage(scanned);
  // Refuse before asking anything: files with findings may change, whatever is chosen.
  if (opts.ask && opts.mode === 'write' && !opts.force) guardWrite(shown(scanned).filter((s) => s.scan.findings.length).map((s) => s.path), display);
  const choices = opts.ask
    ? await opts.ask(usage, opts.policy)
    : new Map(usage.map((u) => [u.id, chooseModel(u.id, opts.policy)]));
  if (!opts.ask && opts.noPrompt) io.err(defaultsNotice(usage, opts.policy, opts.noPrompt));

  // Code first; then the run's one key plan (keyPlan.ts), which every file that sets, forwards
  // or documents the key follows.
  const results: FileResult[] = [...quiet];
  const code: CodeFile[] = [];
  const follow = (s: Scanned) => followsKeyPlan(s.path);
  for (const path of texts.keys()) if (!followsKeyPlan(path)) code.push({ display: display(path), text: texts.get(path)!, scan: { findings: [], warnings: [] }, applied: [] });
  const codeAt = new Map(code.map((c) => [c.display, c]));
  const plan = (s: Scanned, findings = planFindings(s.scan.findings, choices), warnings = s.scan.warnings) => {
    try {
      const after = applyEdits(s.text, findings.flatMap((f) => f.edits));
      results.push({ path: s.path, display: s.display, before: s.text, after, findings, warnings });
      return findings.flatMap((f) => f.edits);
    } catch (error) {
      errors.push({ path: s.display, message: messageOf(error) });
      return [];
    }
  };
  // Code that names the key outside its clients (`env` findings: a check or a set of the key, a
  // deploy button's env list in a string) follows the key plan too: those files are planned once it
  // is decided; their other edits decide the plan with the rest of the code.
  const inStep: Scanned[] = [];
  for (const s of scanned.filter((x) => !follow(x))) {
    const planned = planFindings(s.scan.findings, choices);
    const keyNames = planned.some((f) => f.kind === 'env');
    if (keyNames) inStep.push(s);
    const applied = keyNames ? appliable(s.text, planned.filter((f) => f.kind !== 'env')) : plan(s, planned);
    const file = { display: s.display, text: s.text, scan: s.scan, applied };
    if (codeAt.has(s.display)) Object.assign(codeAt.get(s.display)!, file);
    else code.push(file); // a file the cross-file scan reached
  }
  const own = scanned.filter(follow).map((s) => ownCode(s.display, s.scan, planFindings(s.scan.findings.filter((f) => f.ownClient), choices)));
  const keyPlan = decideKeyPlan([...code, ...own.filter((c) => c !== undefined)], opts);
  for (const s of inStep) {
    const { findings, warnings } = followKeyPlanInCode(planFindings(s.scan.findings, choices), s.scan.warnings, keyPlan, opts);
    plan(s, findings, warnings);
  }
  for (const s of scanned.filter(follow)) {
    const { findings, warnings } = followKeyPlan(planFindings(s.scan.findings, choices), s.scan.warnings, keyPlan, opts);
    plan(s, findings, warnings);
  }
  results.push(...(await ignoredEnvResults(found.ignoredEnv, keyPlan, opts, display)));
  // Unchanged results say nothing.
  for (let i = results.length - 1; i >= 0; i--) if (!results[i].findings.length && !results[i].warnings.length) results.splice(i, 1);
  results.sort((a, b) => a.display.localeCompare(b.display));
  const reported = shown(results);
  const changed = reported.filter((r) => r.before !== r.after);

  if (opts.mode === 'write' && changed.length) {
    if (!opts.force) guardWrite(changed.map((r) => r.path), display);
    if (opts.verify) await verifyChanges(changed, repoRoot(io.cwd) ?? io.cwd);
    let written = 0;
    for (const r of changed) {
      if (interrupt.requested) {
        io.err(interruptedMessage(written, changed.length));
        return INTERRUPTED_EXIT;
      }
      try {
        await writeAtomic(r.path, r.after, r.before); // not over a file changed since it was read
        written++;
      } catch (error) {
        errors.push({ path: r.display, message: `could not be written: ${messageOf(error)}` });
        r.after = r.before; // not changed: the diff, the summary and the report say what was written
      }
    }
  }

  opts.onResults?.(reported, errors);
  const paint = makePaint(opts.color);
  io.out(formatReport(opts.format, { results: reported, errors, scanned: files.length, mode: opts.mode, cwd: io.cwd }, paint));
  if (opts.format !== 'json') {
    const inGit = opts.mode !== 'write' || allInGit(changed.map((r) => r.path));
    io.err(summary(reported, errors, files.length, opts.mode, opts.keyEnv, paint, { inGit, width: process.stderr.isTTY ? process.stderr.columns : undefined, quiet: opts.quiet }));
  }
  // ESLint's --max-warnings: warnings fail --check only past the limit the user sets.
  const warnings = reported.reduce((n, r) => n + r.warnings.length, 0);
  const tooMany = opts.mode === 'check' && opts.maxWarnings !== undefined && opts.maxWarnings >= 0 && warnings > opts.maxWarnings;
  if (tooMany && opts.format !== 'json') io.err(`Check failed: ${warnings} warnings, more than --max-warnings ${opts.maxWarnings} allows.\n`);
  if (errors.length) return 2;
  if (opts.mode === 'check' && (changed.length || tooMany)) return 1;
  return 0;
}

// The edits a file would get, when they apply (for the key plan, before the file is planned).
function appliable(text: string, findings: Finding[]): Edit[] {
  const edits = findings.flatMap((f) => f.edits);
  try {
    applyEdits(text, edits);
    return edits;
  } catch {
    return [];
  }
}

function messageOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  return (e?.message ?? String(error)).split('\n')[0];
}
