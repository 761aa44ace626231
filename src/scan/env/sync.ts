// The project-level rule for env files: a name or value in an env file changes only in step with
// the code of the same run, so the tool never leaves code reading one name while the env file
// sets another. Runs after every file is planned, over all results:
// - OPENAI_API_KEY is renamed only when the code reads the Flux key and nothing still reads
//   OPENAI_API_KEY (a `OPENAI_API_KEY` or settings field `openai_api_key: str` left in code, a
//   client left on OpenAI, which reads it by default, or a key the scanners could not see);
// - OPENAI_BASE_URL / OPENAI_API_BASE change only when the code is on Flux and nothing still
//   reads OPENAI_API_KEY (such code would send its OpenAI key to Flux);
// - model values change only when the code is on Flux.
// Whatever is held back is reported on the env file, naming the reason.
import type { FileResult, Finding, ScanOptions } from '../../model.js';
import { applyEdits } from '../../pipeline/edits.js';
import { notebookCode } from '../notebook/index.js';
import { KEY_VAR } from './index.js';
import { isEnvFile } from '../prefilter.js';

export function syncEnvFiles(results: FileResult[], texts: Map<string, string>, options: ScanOptions, display: (path: string) => string): void {
  const envResults = results.filter((r) => isEnvFile(r.path) && r.findings.length);
  if (!envResults.length) return;

  // The code as it will be after this run.
  const code = new Map<string, { text: string; display: string }>();
  for (const [path, text] of texts) if (!isEnvFile(path)) code.set(path, { text, display: display(path) });
  for (const r of results) if (!isEnvFile(r.path) && r.before) code.set(r.path, { text: r.after, display: r.display });

  const token = (name: string) => new RegExp(`\\b${name}\\b`);
  const oldReaders: string[] = [];
  let readsNew = false;
  let onFlux = false;
  for (const [path, { text: raw, display }] of code) {
    // A notebook's outputs and markdown are not code: only its code cells count.
    const text = path.endsWith('.ipynb') ? notebookCode(raw) : raw;
    // `OPENAI_API_KEY`, or a settings field that reads it case-insensitively (pydantic's
    // `openai_api_key: str`).
    const m = token(KEY_VAR).exec(text) ?? /\bopenai_api_key\s*:(?!=)/i.exec(text);
    if (m) oldReaders.push(text === raw ? `${display}:${text.slice(0, m.index).split('\n').length}` : display);
    if (token(options.keyEnv).test(text)) readsNew = onFlux = true;
    if (text.includes(options.baseUrl)) onFlux = true;
  }
  for (const r of results) {
    if (isEnvFile(r.path)) continue;
    const left = r.warnings.find((w) => w.message.includes('left on OpenAI'));
    if (left) oldReaders.push(`${r.display}:${left.line} (a client left on OpenAI reads ${KEY_VAR} by default)`);
    const unseen = r.warnings.find((w) => w.code === 'unresolved-key' || w.code === 'unresolved-client');
    if (unseen) oldReaders.push(`${r.display}:${unseen.line} (its key comes from something flux-migrate cannot see, which may read ${KEY_VAR})`);
  }

  for (const r of envResults) {
    const held: Finding[] = [];
    const kept = r.findings.filter((f) => {
      const ok = f.kind === 'model' ? onFlux : f.kind === 'base-url' ? onFlux && !oldReaders.length : readsNew && !oldReaders.length;
      if (!ok) held.push(f);
      return ok;
    });
    if (!held.length) continue;
    const what = held.map((f) => (f.kind === 'env' ? `${KEY_VAR} -> ${options.keyEnv}` : f.kind === 'base-url' ? 'the base URL' : `model ${f.before}`)).join(', ');
    const reason = oldReaders.length
      ? `${oldReaders[0]} still reads ${KEY_VAR}${oldReaders.length > 1 ? ` (and ${oldReaders.length - 1} more)` : ''}`
      : code.size === 0
        ? 'no code that uses it is part of this run'
        : !onFlux
          ? 'no code in this run is on Flux'
        : `no code in this run reads ${options.keyEnv}`;
    r.warnings.push({
      code: 'unresolved-key',
      line: held[0].line,
      message: oldReaders.length
        ? `left as is (${what}): ${reason}, and flux-migrate changes env files only in step with the code. If that code stays on OpenAI, keep ${KEY_VAR} and add ${options.keyEnv}=<your Flux key> next to it; if it should move to Flux, migrate it and run again`
        : `left as is (${what}): ${reason}, and flux-migrate changes env files only in step with the code; run it on the folder that holds that code`,
    });
    r.findings = kept;
    r.after = applyEdits(r.before, kept.flatMap((f) => f.edits));
  }
}
