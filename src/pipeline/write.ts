// Write: each file goes to a temporary file in the same folder (`.<name>.flux-migrate-<pid>.tmp`,
// created exclusively, so it never follows a planted link), is flushed to disk with the original
// mode (and owner, where we may), then renamed over the original. A run stopped at any moment,
// even by SIGKILL or a power cut, leaves each file either as it was or fully migrated.
import { constants, promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pauseBeforeRename } from './writePause.js';

export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.flux-migrate-${process.pid}.tmp`);
}

const CHANGED = 'changed on disk while flux-migrate ran: not written (run again to migrate it)';

/**
 * Writes `text` to `path` atomically. With `expected` (the text the run read), a file that changed
 * on disk since then (an editor saved it mid-run) is not overwritten: that throws instead. The
 * file is compared twice: before the temp file is written, and again right before the rename, so
 * only a save landing inside the rename itself can be lost.
 */
export async function writeAtomic(path: string, text: string, expected?: string): Promise<void> {
  const stat = await fs.lstat(path);
  if (stat.isSymbolicLink()) throw new Error('is a symbolic link: not written (flux-migrate never writes through links)');
  if (!stat.isFile()) throw new Error('is not a regular file: not written');
  // A read-only file is not replaced: a rename would not ask, and root passes every access check.
  if ((stat.mode & 0o222) === 0) throw new Error('is read-only: not written (make it writable to migrate it)');
  await fs.access(path, constants.W_OK);
  const unchanged = async () => expected === undefined || (await fs.readFile(path)).equals(Buffer.from(expected, 'utf8'));
  if (!(await unchanged())) throw new Error(CHANGED);
  const tmp = tempPathFor(path);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'wx', stat.mode & 0o7777).catch(async (error: NodeJS.ErrnoException) => {
      // A stale temp file of ours (a killed run with the same pid): replace it.
      if (error.code !== 'EEXIST') throw error;
      await fs.rm(tmp, { force: true });
      return fs.open(tmp, 'wx', stat.mode & 0o7777);
    });
    await handle.writeFile(text, 'utf8');
    await handle.chmod(stat.mode & 0o7777); // the open mode is reduced by the umask
    if (process.getuid?.() === 0 && (stat.uid !== 0 || stat.gid !== 0)) await handle.chown(stat.uid, stat.gid).catch(() => undefined);
    await handle.datasync();
    await handle.close();
    handle = undefined;
    await pauseBeforeRename(path);
    if (!(await unchanged())) throw new Error(CHANGED);
    await fs.rename(tmp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw error;
  }
}
