// Reading in bulk (src/pipeline/pool.ts) gives, file for file, what readText gives, with the
// scanners' prefilter applied: in the main thread for small sets, and through worker threads (the built
// dist/ module, as the CLI runs it) for large ones.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { POOL_MIN_FILES, type Read, readAll } from '../src/pipeline/pool.js';
import { MAX_FILE_BYTES, readText } from '../src/pipeline/read.js';
import { scannerFor } from '../src/scan/index.js';
import { removeDir, tempDir } from './helpers/cli.js';

const dir = tempDir('flux-pool-');
afterAll(() => removeDir(dir));

const mayMatter = (path: string, text: string) => scannerFor(path)!.mayMatter(text);

function tree(name: string, count: number): string[] {
  const root = join(dir, name);
  mkdirSync(root, { recursive: true });
  const files: string[] = [];
  const put = (file: string, data: string | Buffer) => {
    writeFileSync(join(root, file), data);
    files.push(join(root, file));
  };
  put('client.ts', '\uFEFFimport OpenAI from "openai";\n');
  put('plain.ts', 'export const x = 1;\n');
  put('binary.js', Buffer.from([0x63, 0x00, 0x6f, 0x70, 0x65, 0x6e, 0x61, 0x69]));
  put('latin1.js', Buffer.from('// caf\xe9 openai\n', 'latin1'));
  put('big.js', 'openai'.padEnd(MAX_FILE_BYTES + 10, ' '));
  put('empty.js', '');
  put('secret.js', '// openai\n');
  chmodSync(join(root, 'secret.js'), 0o000);
  files.push(join(root, 'missing.js'));
  for (let i = 0; files.length < count; i++) put(`f${i}.ts`, i % 7 ? `export const n${i} = ${i};\n` : `import OpenAI from "openai"; // ${i}\n`);
  return files;
}

// What the pipeline did before the pool: readText, then the prefilter.
async function expected(path: string): Promise<Read> {
  try {
    const r = await readText(path);
    return 'text' in r && !mayMatter(path, r.text) ? undefined : r;
  } catch (error) {
    return error as Error;
  }
}

function same(got: Read[], want: Read[], files: string[]): void {
  expect(got.length).toBe(files.length);
  files.forEach((file, i) => {
    const g = got[i], w = want[i];
    if (w instanceof Error) {
      expect(g, file).toBeInstanceOf(Error);
      expect((g as NodeJS.ErrnoException).code, file).toBe((w as NodeJS.ErrnoException).code);
    } else expect(g, file).toEqual(w);
  });
}

describe('readAll', () => {
  it('gives what readText and the prefilter give, in the main thread', async () => {
    const files = tree('small', 40);
    const progress: number[] = [];
    const got = await readAll(files, (n) => progress.push(n));
    same(got, await Promise.all(files.map(expected)), files);
    expect(got[0]).toEqual({ text: '\uFEFFimport OpenAI from "openai";\n' }); // the BOM is kept
    expect(got[1]).toBeUndefined(); // cannot matter
    expect(got[2]).toEqual({ skip: 'binary file, skipped' });
    expect(progress.at(-1)).toBe(files.length);
  });

  it('gives the same through worker threads when there are many files', async () => {
    const files = tree('large', POOL_MIN_FILES + 300);
    const built = (await import('../dist/pipeline/pool.js' as string)) as typeof import('../src/pipeline/pool.js');
    // The thread count is set (FLUX_MIGRATE_THREADS), so the worker path runs whatever the CPU count.
    const saved = process.env.FLUX_MIGRATE_THREADS;
    process.env.FLUX_MIGRATE_THREADS = '1';
    // A worker that starts but dies (or fails every chunk) has its chunks read again on the main
    // thread, with the same results: count the chunks a worker really answered.
    const answered: number[] = [];
    const listen = (w: Worker) => w.on('message', (m: { id: number; failed?: boolean }) => void (m.failed || answered.push(m.id)));
    process.on('worker', listen);
    let got: Read[];
    try {
      got = await built.readAll(files);
    } finally {
      process.off('worker', listen);
      if (saved === undefined) delete process.env.FLUX_MIGRATE_THREADS;
      else process.env.FLUX_MIGRATE_THREADS = saved;
    }
    expect(built.lastWorkers, 'a worker thread was started').toBeGreaterThan(0);
    expect(answered.length, 'chunks read by the worker thread').toBeGreaterThan(0);
    same(got, await Promise.all(files.map(expected)), files);
    expect(got.filter((r) => r && 'text' in r).length).toBeGreaterThan(POOL_MIN_FILES / 7);
  }, 60_000);
});
