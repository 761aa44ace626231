// Write: each file goes to a temporary file in the same folder (`.<name>.flux-migrate-<pid>.tmp`,
// created exclusively, so it never follows a planted link), is flushed to disk with the original
// mode (and owner, where we may), then renamed over the original. A run stopped at any moment,
// even by SIGKILL or a power cut, leaves each file either as it was or fully migrated.
import { constants, promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.flux-migrate-${process.pid}.tmp`);
}

/**
 * Writes `text` to `path` atomically. With `expected` (the text the run read), a file that changed
 * on disk since then (an editor saved it mid-run) is not overwritten: that throws instead.
 */
export async function writeAtomic(path: string, text: string, expected?: string): Promise<void> {
  const stat = await fs.lstat(path);
  if (stat.isSymbolicLink()) throw new Error('is a symbolic link: not written (flux-migrate never writes through links)');
  if (!stat.isFile()) throw new Error('is not a regular file: not written');
  await fs.access(path, constants.W_OK); // a read-only file is not replaced (a rename would not ask)
  if (expected !== undefined && !(await fs.readFile(path)).equals(Buffer.from(expected, 'utf8'))) {
    throw new Error('changed on disk while flux-migrate ran: not written (run again to migrate it)');
  }
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
    await fs.rename(tmp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw error;
  }
}
