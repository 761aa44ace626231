// The run's one key plan: decided once, after the code is scanned and planned, and followed by
// every file that sets, forwards or documents the key (env, YAML, Dockerfile, Markdown, ...).
// - The key: renamed to the Flux key when the code reads it and nothing reads OPENAI_API_KEY
//   after the run; added beside the old one (with a `key-still-read` warning naming that code)
//   when something still does; held when no code in the run reads the Flux key (the code that
//   uses these files is not part of the run, or is not on Flux).
// - The base URL (OPENAI_BASE_URL, ...): moved only when the code is on Flux and nothing reads
//   OPENAI_API_KEY after the run (the SDK of a client staying on OpenAI reads it too, and would
//   send its OpenAI key to Flux).
// - Model values: moved only when the code is on Flux.
// "Reads" are real reads the code scanners report (FileScan.keyReads: not a name in a string,
// URL or comment), a client left on OpenAI (its SDK reads the key by default), and a key the
// scanners could not see.
// A client a non-code file defines itself (Finding.ownClient: a LiteLLM proxy entry, a Continue
// model) moves whatever the plan says, and its key reads count as code's (src/pipeline/run.ts).
import type { Edit, Finding, FileScan, KeyRead, ScanOptions, Warning } from '../model.js';

export const OLD_KEY = 'OPENAI_API_KEY';

/**
 * Whether a warning says a client was left on OpenAI (its SDK keeps reading OPENAI_API_KEY by
 * default): what every scanner writes at such a client, which the plan and the code scanners read.
 * A warning at a call of that client elsewhere ("still goes to OpenAI") is not the client.
 */
export function leftOnOpenAI(w: Warning): boolean {
  return /left on OpenAI|stays on OpenAI and keeps reading/.test(w.message);
}

export interface KeyPlan {
  /** What key-name findings do: `edits` (rename), `beside` (add the Flux key), or nothing (hold). */
  key: 'rename' | 'beside' | 'hold';
  /** Whether base-URL findings apply. */
  baseUrl: boolean;
  /** Whether model findings apply. */
  models: boolean;
  /** Code that still reads OPENAI_API_KEY after the run: `path:line`, maybe with why. */
  readers: string[];
  /** Why the key is held, when it is (for the warning). */
  held?: string;
  /** The run has code, and none of it is on Flux: code blocks in docs stay with it. */
  codeStays?: boolean;
}

/** One code file of the run, after planning: what it reads, and the edits the run makes in it. */
export interface CodeFile {
  display: string;
  text: string;
  scan: FileScan;
  /** The edits this run makes in the file (none when they could not be applied). */
  applied: Edit[];
}

/**
 * A file that follows the plan but holds code that reads the key (a shell script whose curl
 * command calls OpenAI with `$OPENAI_API_KEY`): its key reads, and the edits of its own findings
 * that move them, count in the plan like code. Its text and warnings do not: a setting it holds
 * (`OPENAI_BASE_URL=<the Flux URL>`) is not code on Flux, and a tool's config that moves on its
 * own (Continue) reads no key of the app's.
 */
export function ownCode(display: string, scan: FileScan, own: Finding[]): CodeFile | undefined {
  if (!scan.keyReads?.length) return undefined;
  return { display, text: '', scan: { findings: own, warnings: [], keyReads: scan.keyReads }, applied: own.flatMap((f) => f.edits) };
}

/** Whether a read is gone after the run: an edit rewrites (part of) it. */
export function readCovered(read: KeyRead, edits: Edit[]): boolean {
  return edits.some((e) => e.end > e.start && e.start < read.end && read.start < e.end);
}

export function decideKeyPlan(code: CodeFile[], options: ScanOptions): KeyPlan {
  const readers: string[] = [];
  let readsNew = false;
  let onFlux = false;
  for (const f of code) {
    // A check the plan itself renames (an `env` finding in code) is not a reader: it goes with the plan.
    const planned = f.scan.findings.filter((x) => x.kind === 'env').flatMap((x) => x.edits);
    for (const r of f.scan.keyReads ?? []) {
      if (readCovered(r, f.applied) || readCovered(r, planned)) continue;
      if (r.name === OLD_KEY) readers.push(`${f.display}:${r.line}`);
      if (r.name === options.keyEnv) readsNew = true;
    }
    if (f.applied.some((e) => e.text.includes(options.keyEnv))) readsNew = true;
    if (f.applied.some((e) => e.text.includes(options.baseUrl)) || f.text.includes(options.baseUrl)) onFlux = true;
    const left = f.scan.warnings.find(leftOnOpenAI);
    if (left) readers.push(`${f.display}:${left.line} (a client left on OpenAI reads ${OLD_KEY} by default)`);
    const unseen = f.scan.warnings.find((w) => w.code === 'unresolved-client' || (w.code === 'unresolved-key' && !/still read here|checks OPENAI_API_KEY/.test(w.message)));
    if (unseen) readers.push(`${f.display}:${unseen.line} (its key comes from something flux-migrate cannot see, which may read ${OLD_KEY})`);
  }
  const unique = [...new Set(readers)];
  onFlux ||= readsNew;
  return {
    key: !readsNew ? 'hold' : unique.length ? 'beside' : 'rename',
    baseUrl: onFlux && !unique.length,
    models: onFlux,
    readers: unique,
    held: code.length === 0 ? 'no code that uses it is part of this run' : !onFlux ? 'no code in this run is on Flux' : `no code in this run reads ${options.keyEnv}`,
    codeStays: code.length > 0 && !onFlux,
  };
}

/**
 * A file that follows the plan: its findings as the plan keeps them (key findings with the edits
 * it picks), and its warnings with what the plan adds (`key-still-read`, or what was held and why).
 */
export function followKeyPlan(findings: Finding[], warnings: Warning[], plan: KeyPlan, options: ScanOptions): { findings: Finding[]; warnings: Warning[] } {
  const kept: Finding[] = [];
  const held: Finding[] = [];
  const added: Warning[] = [];
  const reader = plan.readers.length ? `${plan.readers[0]} still reads ${OLD_KEY}${plan.readers.length > 1 ? ` (and ${plan.readers.length - 1} more)` : ''}` : '';
  for (const f of findings) {
    // A tool's own client moves with its own settings; a code block in docs is migrated as code
    // is, unless the run's own code stays off Flux (docs then stay with it).
    if (f.ownClient || (f.snippet && !plan.codeStays)) kept.push(f);
    else if (f.snippet) held.push(f);
    else if (f.kind === 'env') {
      if (plan.key === 'rename') kept.push(f);
      else if (plan.key === 'beside' && f.beside?.length) {
        kept.push({ ...f, after: `${options.keyEnv} (beside ${f.before})`, edits: f.beside });
        added.push({ code: 'key-still-read', line: f.line, message: `${f.before} stays and ${options.keyEnv} was added beside it: ${reader}. Give ${options.keyEnv} your Flux key; drop ${f.before} once nothing reads it` });
      } else held.push(f);
    } else if (f.kind === 'base-url' ? plan.baseUrl : f.kind === 'model' ? plan.models : true) kept.push(f);
    else held.push(f);
  }
  if (!held.length) return { findings: kept, warnings: [...warnings, ...added] };
  // A secret the scanner asked to create is not needed when its reference stays.
  const heldLines = new Set(held.filter((f) => f.kind === 'env').map((f) => f.line));
  const out = warnings.filter((w) => !(w.code === 'secret-to-create' && heldLines.has(w.line)));
  const what = held.map((f) => (f.snippet ? 'its code blocks' : f.kind === 'env' ? `${f.before} -> ${options.keyEnv}` : f.kind === 'base-url' ? 'the base URL' : `model ${f.before}`));
  const list = [...new Set(what)].join(', ');
  const message = plan.readers.length
    ? `left as is (${list}): ${reader}, and a client that stays on OpenAI reads these settings too; once that code moves to Flux, run again`
    : `left as is (${list}): ${plan.held}, and flux-migrate changes these files only in step with the code; run it on the folder that holds that code`;
  out.push({ code: plan.readers.length ? 'key-still-read' : 'unresolved-key', line: held[0].line, message });
  return { findings: kept, warnings: [...out, ...added].sort((a, b) => a.line - b.line) };
}

/**
 * A code file's uses of the key name that follow the plan (`env` findings: a test setup file that
 * sets OPENAI_API_KEY, a start-up check of it; src/scan/js/keyChecks.ts): renamed, or a copy
 * naming the Flux key beside a set (a check stays, said so); with the key held (nothing in the run
 * reads the Flux key) they stay, silently, as the code they serve did not move. Its other
 * findings are the code's own and always apply.
 */
export function followKeyPlanInCode(findings: Finding[], warnings: Warning[], plan: KeyPlan, options: ScanOptions): { findings: Finding[]; warnings: Warning[] } {
  const own = findings.filter((f) => f.kind !== 'env');
  const env = findings.filter((f) => f.kind === 'env');
  if (!env.length || plan.key === 'hold') return { findings: own, warnings };
  const followed = followKeyPlan(env, warnings, { ...plan, baseUrl: true, models: true }, options);
  return { findings: [...own, ...followed.findings], warnings: followed.warnings };
}
