// Scanning that never takes the run down: a scanner that throws on a file costs that file only
// (reported in `errors`), and each file's scan is held to the time budget (budget.ts).
import type { FileScan, ScanOptions } from '../model.js';
import type { Scanner, SourceFile } from '../scan/index.js';
import { checkBudget, clock } from './budget.js';
import { asFileError, firstLine } from '../errors.js';

export type BatchResults = Map<string, { text: string; scan: FileScan } | Error>;

/** One file through a single-file scanner, within the budget. */
export async function scanOne(scanner: Scanner, text: string, path: string, options: ScanOptions): Promise<FileScan> {
  const started = clock();
  try {
    const scan = await scanner.scan(text, path, options);
    checkBudget(started);
    return scan;
  } catch (error) {
    throw asFileError(error);
  }
}

/**
 * The scanner's cross-file scan of all its candidates. When it throws (a bug: it should report
 * per file), every file is scanned on its own instead, so one bad file cannot stop the run;
 * `failure` then says what went wrong, for the report.
 */
export async function scanBatch(scanner: Scanner, batch: SourceFile[], options: ScanOptions, known: Set<string>, imports?: Map<string, string[]>, progress?: (done: number) => void): Promise<{ results: BatchResults; failure?: string }> {
  try {
    const results = await scanner.scanFiles!(batch, options, known, imports, progress);
    for (const [path, r] of results) if (r instanceof Error) results.set(path, asFileError(r));
    return { results };
  } catch (error) {
    const results: BatchResults = new Map();
    for (const f of batch) {
      try {
        results.set(f.path, { text: f.text, scan: await scanOne(scanner, f.text, f.path, options) });
      } catch (e) {
        results.set(f.path, e as Error);
      }
    }
    return { results, failure: firstLine(error) };
  }
}
