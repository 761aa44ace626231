// Reading every discovered file once, with its scanner's prefilter applied as it is read: the
// pipeline keeps the text of the files that may matter and the reason a file is skipped, nothing
// else. Files are read in chunks with synchronous calls (no promise per file). From
// POOL_MIN_FILES on, worker threads take chunks too (reading, decoding and prefiltering in
// parallel with the main thread, which takes chunks itself while they start). Below it, starting
// a worker costs more than it saves: a worker is ready after ~150 ms (it loads the scanners for
// their prefilters), and the main thread reads and filters ~30 files a millisecond (bench/).
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { scannerFor } from '../scan/index.js';
import { MAX_FILE_BYTES, type ReadResult, textOf } from './read.js';
import { importKeys, indexImports } from '../scan/js/specifiers.js';

/** A file's text (or why it is skipped); undefined when the prefilter says it cannot matter. */
export type Read = ReadResult | Error | undefined;

export const POOL_MIN_FILES = 10_000;
/** Worker threads the last readAll used (for tests and the benchmark). */
export let lastWorkers = 0;
const CHUNK = 256;

// What a chunk sends back: 0 when the file cannot matter (with what it imports, for a JS/TS
// file that imports something: the cross-file scan looks for callers among them); errors as
// plain data.
type Wire = ReadResult | { error: string; code?: string } | { imports: string[] } | 0;

/**
 * Reads every file. `importers`, when given, receives the import keys of the JS/TS files the
 * prefilter skipped (src/scan/js/specifiers.ts), so the cross-file scan need not read them again.
 */
export async function readAll(files: string[], onProgress?: (done: number) => void, importers?: Map<string, string[]>): Promise<Read[]> {
  const out: Read[] = new Array(files.length);
  let done = 0;
  const store = (start: number, wires: Wire[]) => {
    wires.forEach((w, k) => {
      if (w !== 0 && 'imports' in w) {
        if (importers) indexImports(importers, files[start + k], w.imports);
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
  const local = ([s, e]: [number, number]) => store(s, readChunk(files.slice(s, e)));

  const workers = files.length >= POOL_MIN_FILES ? startWorkers() : [];
  lastWorkers = workers.length;
  if (!workers.length) {
    for (const r of ranges) local(r);
    return out;
  }

  // Workers pull chunks two at a time; the main thread stores what they send and reads the
  // rest itself. A worker that fails or exits early takes its chunks with it: they are read
  // here instead.
  const arrived: { start: number; wires: Wire[] }[] = [];
  let pending = 0;
  let failed = false;
  let finished = false;
  let wake: (() => void) | undefined;
  const feed = (w: Worker) => {
    const r = ranges.shift();
    if (!r) return;
    pending++;
    w.postMessage({ start: r[0], paths: files.slice(r[0], r[1]) });
  };
  const fail = () => {
    if (finished) return;
    failed = true;
    wake?.();
  };
  for (const w of workers) {
    w.on('message', (chunk: { start: number; wires: Wire[] }) => {
      pending--;
      arrived.push(chunk);
      feed(w);
      wake?.();
    });
    w.on('error', fail).on('exit', fail);
    feed(w);
    feed(w);
  }
  try {
    while ((ranges.length || pending) && !failed) {
      const c = arrived.shift();
      if (c) store(c.start, c.wires);
      else if (ranges.length) {
        local(ranges.shift()!);
        await new Promise((resolve) => setImmediate(resolve)); // let the workers' chunks in
      } else await new Promise<void>((resolve) => (wake = resolve));
    }
    for (const c of arrived) store(c.start, c.wires);
  } finally {
    finished = true;
    for (const w of workers) void w.terminate();
  }
  if (failed) for (let i = 0; i < files.length; i++) if (!(i in out)) local([i, i + 1]);
  return out;
}

function startWorkers(): Worker[] {
  const url = new URL(import.meta.url);
  if (!url.pathname.endsWith('.js')) return []; // running from TypeScript sources (tests): no workers
  const n = Math.min(availableParallelism() - 1, 3);
  const workers: Worker[] = [];
  try {
    for (let i = 0; i < n; i++) workers.push(new Worker(url, { workerData: { fluxReadPool: true } }));
  } catch {
    for (const w of workers) void w.terminate();
    return [];
  }
  return workers;
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
      const scanner = scannerFor(path);
      if (scanner?.mayMatter(read.text)) return read;
      const imports = scanner?.name === 'js' ? importKeys(read.text) : [];
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
if (!isMainThread && (workerData as { fluxReadPool?: boolean } | undefined)?.fluxReadPool) {
  parentPort!.on('message', ({ start, paths }: { start: number; paths: string[] }) => {
    parentPort!.postMessage({ start, wires: readChunk(paths) });
  });
}
