// Reading every discovered file once, with its scanner's prefilter applied as it is read: the
// pipeline keeps the text of the files that may matter and the reason a file is skipped, nothing
// else. Files are read in chunks with synchronous calls (no promise per file). From
// POOL_MIN_FILES on, worker threads take chunks too (reading, decoding and prefiltering in
// parallel with the main thread, which takes chunks itself while they start). Below it, starting
// a worker costs more than it saves: a worker needs ~60 ms to start (it loads only the scanners'
// prefilters, src/scan/prefilter.ts), and the main thread reads and filters ~30 files a millisecond (bench/).
import { closeSync, openSync, readSync } from 'node:fs';
import { isMainThread, workerData } from 'node:worker_threads';
import { serveTasks, shareTasks, startWorkers, workerSlots } from './workers.js';
import { prefilterFor } from '../scan/prefilter.js';
import { MAX_FILE_BYTES, type ReadResult, textOf } from './read.js';
import { importSpecifiers } from '../scan/js/specifiers.js';
import { pythonImports } from '../scan/python/importNames.js';

/** A file's text (or why it is skipped); undefined when the prefilter says it cannot matter. */
export type Read = ReadResult | Error | undefined;

export const POOL_MIN_FILES = 10_000;
/** Worker threads the last readAll used (for tests and the benchmark). */
export let lastWorkers = 0;
const CHUNK = 256;

// What a chunk sends back: 0 when the file cannot matter (with what it imports, for a JS/TS or
// Python file that imports something: the cross-file scan looks for callers among them); errors as
// plain data.
type Wire = ReadResult | { error: string; code?: string } | { imports: string[] } | 0;

/**
 * Reads every file. `imports`, when given, receives what each JS/TS or Python file the prefilter
 * skipped imports (src/scan/js/specifiers.ts, src/scan/python/importNames.ts), so the cross-file
 * scan need not read it again.
 */
export async function readAll(files: string[], onProgress?: (done: number) => void, imports?: Map<string, string[]>): Promise<Read[]> {
  const out: Read[] = new Array(files.length);
  let done = 0;
  const store = (start: number, wires: Wire[]) => {
    wires.forEach((w, k) => {
      if (w !== 0 && 'imports' in w) {
        imports?.set(files[start + k], w.imports);
        out[start + k] = undefined;
        return;
      }
      out[start + k] = w === 0 ? undefined : 'error' in w ? Object.assign(new Error(w.error), { code: w.code }) : w;
    });
    done += wires.length;
    onProgress?.(done);
  };
  const ranges: [number, number][] = [];
  for (let i = 0; i < files.length; i += CHUNK) ranges.push([i, Math.min(i + CHUNK, files.length)]);
  const workers = files.length >= POOL_MIN_FILES ? startWorkers(new URL(import.meta.url), { fluxReadPool: true }, workerSlots()) : [];
  lastWorkers = workers.length;
  await shareTasks(ranges.map(([s, e]) => files.slice(s, e)), workers, readChunk, (i, wires) => store(ranges[i][0], wires));
  return out;
}

let scratch: Buffer | undefined;

// Reads, decodes and prefilters each file (at most MAX_FILE_BYTES + 1 bytes: enough to refuse it).
function readChunk(paths: string[]): Wire[] {
  scratch ??= Buffer.allocUnsafeSlow(MAX_FILE_BYTES + 1);
  const buf = scratch;
  return paths.map((path): Wire => {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'r');
      let n = 0;
      for (let got; n < buf.length && (got = readSync(fd, buf, n, buf.length - n, null)) > 0; ) n += got;
      const read = textOf(buf.subarray(0, n));
      if (!('text' in read)) return read;
      const scanner = prefilterFor(path);
      if (scanner?.mayMatter(read.text)) return read;
      const imports = scanner?.name === 'js' ? importSpecifiers(read.text) : scanner?.name === 'python' ? pythonImports(read.text) : [];
      return imports.length ? { imports } : 0;
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      return { error: e?.message ?? String(error), code: e?.code };
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  });
}

// The worker side: read, decode and prefilter the chunks it is sent.
if (!isMainThread && (workerData as { fluxReadPool?: boolean } | undefined)?.fluxReadPool) serveTasks(readChunk);
