// The `--json` report (CONTRACT.md, "JSON report").
import type { FileError, FileResult } from '../model.js';

export function jsonReport(results: FileResult[], errors: FileError[], scanned: number): string {
  const files = results
    .filter((r) => r.findings.length || r.warnings.length)
    .map((r) => ({
      path: r.display,
      changed: r.before !== r.after,
      edits: r.findings.map((f) => ({ line: f.line, kind: f.kind, before: f.before, after: f.after, why: f.why })),
      warnings: r.warnings.map((w) => ({ line: w.line, code: w.code, message: w.message })),
    }));
  const report = {
    version: 1,
    summary: {
      scanned,
      changed: results.filter((r) => r.before !== r.after).length,
      warnings: results.reduce((n, r) => n + r.warnings.length, 0),
      errors: errors.length,
    },
    files,
    errors,
  };
  return JSON.stringify(report, null, 2) + '\n';
}
