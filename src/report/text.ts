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

export interface SummaryOptions {
  /** Whether every written file is in a git working tree (the last words say how to undo). */
  inGit?: boolean;
  /** The terminal's width: long warnings wrap at a word, indented under their start (none: one line each). */
  width?: number;
  /** `--quiet`: errors and the summary only. */
  quiet?: boolean;
}

export function summary(results: FileResult[], errors: FileError[], scanned: number, mode: Mode, keyEnv: string, paint: Paint, opts: SummaryOptions = {}): string {
  const { inGit = true, width, quiet = false } = opts;
  const lines: string[] = [];
  const warningCount = results.reduce((n, r) => n + r.warnings.length, 0);
  if (warningCount && !quiet) {
    lines.push(paint.bold('Warnings:'));
    // The same warning in many places (a hint repeated over a codebase) is printed once, with its places.
    const groups = new Map<string, { code: string; message: string; places: string[] }>();
    for (const r of results) {
      for (const w of [...r.warnings].sort((a, b) => a.line - b.line)) {
        const key = `${w.code}\0${w.message}`;
        const g = groups.get(key) ?? { code: w.code, message: w.message, places: [] };
        g.places.push(`${quotePath(r.display)}:${w.line}`);
        groups.set(key, g);
      }
    }
    for (const g of groups.values()) {
      const where = g.places.length === 1 ? g.places[0] : `${g.places[0]} (and ${g.places.length - 1} more place${g.places.length === 2 ? '' : 's'}: ${listed(g.places.slice(1), 8)})`;
      lines.push(wrap(`  ${where}  ${paint.yellow(g.code)}  ${g.message}`, width, 6));
    }
  }
  if (errors.length) {
    lines.push(paint.bold('Errors:'));
    for (const e of errors) lines.push(`  ${quotePath(e.path)}: ${paint.red('error')} ${e.message}`);
  }
  const changed = results.filter((r) => r.before !== r.after);
  const edits = changed.reduce((n, r) => n + r.findings.length, 0);
  const warnings = warningCount;
  const verb = mode === 'write' ? 'changed' : 'would change';
  lines.push(
    wrap(`flux-migrate: ${plural(scanned, 'file')} scanned, ${plural(changed.length, 'file')} ${verb} (${plural(edits, 'edit')}), ${plural(warnings, 'warning')}, ${plural(errors.length, 'error')}.`, width, 2),
  );
  if (warnings) lines.push(wrap(`  warnings by code: ${byCode(results)}`, width, 4));
  if (mode === 'check' && changed.length) lines.push('Check failed: the files above still need migrating. Run flux-migrate without --check to apply.');
  if (quiet) {
    if (errors.length) lines.push(`Some files could not be processed (see Errors): fix them or pass --ignore, then run again.`);
    return lines.join('\n') + '\n';
  }
  if (mode === 'dry-run' && changed.length) lines.push('Dry run: nothing was written. Run again without --dry-run to apply the diff above.');
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

/** `unsupported-endpoint: 12, model-hint: 3`, most frequent first. */
function byCode(results: FileResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) for (const w of r.warnings) counts.set(w.code, (counts.get(w.code) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([code, n]) => `${code}: ${n}`).join(', ');
}

function listed(items: string[], max: number): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')}, +${items.length - max} more`;
}

/**
 * A line wrapped at word boundaries to `width` columns (color codes take no room), the rest
 * indented by `indent`; unchanged without a width (not a terminal: one line a warning, for grep).
 */
export function wrap(line: string, width: number | undefined, indent: number): string {
  if (!width || width < 40) return line;
  const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
  if (visible(line) <= width) return line;
  const out: string[] = [];
  let current = '';
  for (const word of line.split(/(?<=\S) (?=\S)/)) {
    const next = current ? `${current} ${word}` : word;
    if (current && visible(next) > width) {
      out.push(current);
      current = ' '.repeat(indent) + word.trimStart();
    } else current = next;
  }
  out.push(current);
  return out.join('\n');
}
