// Reading every discovered file once, with the prefilter applied as the bytes arrive. Files are
// read in chunks with synchronous calls (no promise per file); when there are many, worker
// threads read chunks in parallel while the main thread decodes and prefilters them (and reads
// chunks itself when none is waiting). Below POOL_MIN_FILES, starting a worker costs more than
// it saves (bench/: ~50 ms to start one, ~15 µs to read a file on 2 cores).
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { MAX_FILE_BYTES, type ReadResult, textOf } from './read.js';

/** A file's text (or why it is skipped); undefined when the prefilter says it cannot matter. */
export type Read = ReadResult | Error | undefined;

export const POOL_MIN_FILES = 5000;
/** Worker threads the last readAll used (for tests and the benchmark). */
export let lastWorkers = 0;
const CHUNK = 256;

interface Chunk {
  start: number;
  /** The files' bytes, back to back (at most MAX_FILE_BYTES + 1 of each: enough to refuse it). */
  bytes: Uint8Array;
  /** Byte count of each file; -1 when it could not be read. */
  sizes: Int32Array;
  failures: { index: number; message: string; code?: string }[];
}

export async function readAll(
  files: string[],
  mayMatter: (path: string, text: string) => boolean,
  onProgress?: (done: number) => void,
): Promise<Read[]> {
  const out: Read[] = new Array(files.length);
  let done = 0;
  const digest = (c: Chunk) => {
    let offset = 0;
    c.sizes.forEach((size, k) => {
      const path = files[c.start + k];
      if (size < 0) {
        const f = c.failures.find((x) => x.index === k)!;
        out[c.start + k] = Object.assign(new Error(f.message), { code: f.code });
        return;
      }
      const read = textOf(c.bytes.subarray(offset, (offset += size)));
      out[c.start + k] = 'text' in read && !mayMatter(path, read.text) ? undefined : read;
    });
    done += c.sizes.length;
    onProgress?.(done);
  };

  const ranges: [number, number][] = [];
  for (let i = 0; i < files.length; i += CHUNK) ranges.push([i, Math.min(i + CHUNK, files.length)]);
  const local = ([s, e]: [number, number]) => digest(readChunk(s, files.slice(s, e)));
  const workers = files.length >= POOL_MIN_FILES ? startWorkers() : [];
  lastWorkers = workers.length;
  if (!workers.length) {
    for (const r of ranges) local(r);
    return out;
  }

  // Workers pull chunks two at a time; the main thread digests what they send and reads the
  // rest itself.
  const arrived: Chunk[] = [];
  let pending = 0;
  let wake: (() => void) | undefined;
  const feed = (w: Worker) => {
    const r = ranges.shift();
    if (!r) return;
    pending++;
    w.postMessage({ start: r[0], paths: files.slice(r[0], r[1]) });
  };
  for (const w of workers) {
    w.on('message', (c: Chunk) => {
      pending--;
      arrived.push(c);
      feed(w);
      wake?.();
    });
    feed(w);
    feed(w);
  }
  // A worker that fails or exits early takes its chunks with it: they are read here instead.
  let failed = false;
  let finished = false;
  const fail = () => {
    if (finished) return;
    failed = true;
    wake?.();
  };
  for (const w of workers) w.on('error', fail).on('exit', fail);
  try {
    while (ranges.length || pending) {
      if (failed) break;
      const c = arrived.shift();
      if (c) digest(c);
      else if (ranges.length) {
        local(ranges.shift()!);
        await new Promise((resolve) => setImmediate(resolve)); // let the workers' chunks in
      } else await new Promise<void>((resolve) => (wake = resolve));
    }
    for (const c of arrived) digest(c);
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

function readChunk(start: number, paths: string[]): Chunk {
  scratch ??= Buffer.allocUnsafeSlow(MAX_FILE_BYTES + 1);
  const sizes = new Int32Array(paths.length);
  const failures: Chunk['failures'] = [];
  const parts: Buffer[] = [];
  let total = 0;
  paths.forEach((path, k) => {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'r');
      let n = 0;
      for (let got; n < scratch!.length && (got = readSync(fd, scratch!, n, scratch!.length - n, null)) > 0; ) n += got;
      parts.push(Buffer.from(scratch!.subarray(0, n)));
      sizes[k] = n;
      total += n;
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      sizes[k] = -1;
      failures.push({ index: k, message: e?.message ?? String(error), code: e?.code });
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  });
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    bytes.set(p, offset);
    offset += p.length;
  }
  return { start, bytes, sizes, failures };
}

// The worker side: read the chunks it is sent, hand the bytes over without copying.
if (!isMainThread && (workerData as { fluxReadPool?: boolean } | undefined)?.fluxReadPool) {
  parentPort!.on('message', ({ start, paths }: { start: number; paths: string[] }) => {
    const chunk = readChunk(start, paths);
    parentPort!.postMessage(chunk, [chunk.bytes.buffer as ArrayBuffer]);
  });
}
