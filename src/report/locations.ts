// What the CI formats (github, sarif) annotate: one entry a needed edit, warning or error, with a
// repository-relative path, derived from the same FileResult/findings/warnings as every report.
import { relative, sep } from 'node:path';
import type { FileError, FileResult } from '../model.js';
import { repoRoot } from '../pipeline/changed.js';
import type { Mode } from './text.js';

export interface Annotation {
  kind: 'edit' | 'warning' | 'error';
  /** `edit/<kind>` or the warning code; `error` for a file that could not be processed. */
  rule: string;
  /** Relative to the repository root (the current folder outside a repository), with `/`. */
  path: string;
  line?: number;
  column?: number;
  message: string;
}

export interface ReportInput {
  results: FileResult[];
  errors: FileError[];
  scanned: number;
  mode: Mode;
  cwd: string;
}

/** 1-based column of `offset` in `text`. */
function columnAt(text: string, offset: number): number {
  return offset - text.lastIndexOf('\n', offset - 1);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

export function annotations(input: ReportInput): Annotation[] {
  const base = repoRoot(input.cwd) ?? input.cwd;
  const rel = (abs: string) => relative(base, abs).split(sep).join('/');
  const out: Annotation[] = [];
  const apply = input.mode === 'write' ? 'changed by this run' : 'run `npx flux-migrate` to apply';
  for (const r of input.results) {
    const path = rel(r.path);
    const changed = r.before !== r.after;
    for (const f of changed ? r.findings : []) {
      if (f.before === f.after && !f.edits.length) continue;
      const first = f.edits[0];
      const column = first && lineAt(r.before, first.start) === f.line ? columnAt(r.before, first.start) : undefined;
      const what = f.before === f.after ? f.before : `${f.before} -> ${f.after}`;
      out.push({ kind: 'edit', rule: `edit/${f.kind}`, path, line: f.line, column, message: `OpenAI ${f.kind}: ${what} (${apply})` });
    }
    for (const w of r.warnings) out.push({ kind: 'warning', rule: w.code, path, line: w.line, message: w.message });
  }
  for (const e of input.errors) out.push({ kind: 'error', rule: 'error', path: rel(resolveFrom(input.cwd, e.path)), message: e.message });
  return out;
}

function resolveFrom(cwd: string, display: string): string {
  return display.startsWith('/') ? display : `${cwd}${sep}${display}`;
}
