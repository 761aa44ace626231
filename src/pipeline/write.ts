// Write: each file goes to a temporary file in the same folder, then is renamed over the
// original, keeping its mode, so a run stopped at any moment leaves whole files only.
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export async function writeAtomic(path: string, text: string): Promise<void> {
  const stat = await fs.stat(path);
  const tmp = join(dirname(path), `.${basename(path)}.flux-migrate-${process.pid}.tmp`);
  try {
    await fs.writeFile(tmp, text, { mode: stat.mode });
    await fs.chmod(tmp, stat.mode);
    await fs.rename(tmp, path);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
}
