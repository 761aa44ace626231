// The human report: diffs on stdout; warnings, errors, the summary and next steps on stderr.
import type { FileError, FileResult } from '../model.js';
import { unifiedDiff } from './diff.js';
import type { Paint } from './paint.js';
import { quotePath } from './quote.js';
import { KINDS_READ } from '../scan/prefilter.js';

export function diffs(results: FileResult[], paint: Paint): string {
  return results.filter((r) => r.before !== r.after).map((r) => unifiedDiff(r.display, r.before, r.after, paint)).join('');
}

export type Mode = 'write' | 'dry-run' | 'check';

/** `inGit`: whether every written file is in a git working tree (the last words say how to undo). */
export function summary(results: FileResult[], errors: FileError[], scanned: number, mode: Mode, keyEnv: string, paint: Paint, inGit = true): string {
  const lines: string[] = [];
  const warned = results.filter((r) => r.warnings.length);
  if (warned.length) {
    lines.push(paint.bold('Warnings:'));
    for (const r of warned) {
      for (const w of [...r.warnings].sort((a, b) => a.line - b.line)) {
        lines.push(`  ${quotePath(r.display)}:${w.line}  ${paint.yellow(w.code)}  ${w.message}`);
      }
    }
  }
  if (errors.length) {
    lines.push(paint.bold('Errors:'));
    for (const e of errors) lines.push(`  ${quotePath(e.path)}: ${paint.red('error')} ${e.message}`);
  }
  const changed = results.filter((r) => r.before !== r.after);
  const edits = changed.reduce((n, r) => n + r.findings.length, 0);
  const warnings = results.reduce((n, r) => n + r.warnings.length, 0);
  const verb = mode === 'write' ? 'changed' : 'would change';
  lines.push(
    `flux-migrate: ${plural(scanned, 'file')} scanned, ${plural(changed.length, 'file')} ${verb} (${plural(edits, 'edit')}), ${plural(warnings, 'warning')}, ${plural(errors.length, 'error')}.`,
  );
  if (mode === 'dry-run' && changed.length) lines.push('Dry run: nothing was written. Run again without --dry-run to apply the diff above.');
  if (mode === 'check' && changed.length) lines.push('Check failed: the files above still need migrating. Run flux-migrate without --check to apply.');
  if (changed.length === 0 && warnings === 0 && errors.length === 0) {
    lines.push(scanned === 0 ? `No files flux-migrate reads (${KINDS_READ}) under the given paths.` : 'Nothing to migrate: no OpenAI client or model id found that needs a change.');
  }
  if (changed.length || warnings) {
    lines.push(paint.bold('Next steps:'));
    if (changed.length) lines.push(`  - Set ${keyEnv} to your Flux key (FluxRouter dashboard -> API keys) wherever the app runs.`);
    if (warnings) lines.push(`  - Review the ${plural(warnings, 'warning')} above: each names a line flux-migrate left for you to decide.`);
    if (changed.length && mode === 'write' && !inGit) lines.push('  - These files are not in a git repository, so there is no git diff to review or undo with: run your tests now, and next time run with --dry-run first or commit before migrating.');
    else if (changed.length) lines.push(mode === 'write' ? '  - Review the diff (git diff), run your tests, then commit.' : '  - Apply it, review the diff, and run your tests.');
  }
  if (errors.length) lines.push(`Some files could not be processed (see Errors): fix them or pass --ignore, then run again.`);
  return lines.join('\n') + '\n';
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
