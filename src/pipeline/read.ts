// Reading a file as text: UTF-8 with or without BOM; binary, non-UTF-8 and oversized files are
// refused with a reason (they are skipped and reported, never rewritten).
import { promises as fs, readFileSync } from 'node:fs';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export type ReadResult = { text: string } | { skip: string };

export async function readText(path: string): Promise<ReadResult> {
  return textOf(await fs.readFile(path));
}

/** The same, synchronously (the cross-file scan reads the files it follows imports into). */
export function readTextSync(path: string): ReadResult {
  return textOf(readFileSync(path));
}

/** The checks above on bytes already read (src/pipeline/pool.ts reads in bulk). */
export function textOf(buf: Uint8Array): ReadResult {
  if (buf.length > MAX_FILE_BYTES) return { skip: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, skipped` };
  const utf16 = buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff));
  if (utf16) return { skip: 'UTF-16 text (flux-migrate reads UTF-8), skipped' };
  if (buf.subarray(0, 8192).includes(0)) return { skip: 'binary file, skipped' };
  try {
    return { text: decoder.decode(buf) };
  } catch {
    return { skip: 'not UTF-8 text, skipped' };
  }
}
