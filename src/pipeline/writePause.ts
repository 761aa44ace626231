// A test-only hook, so tests that kill or interrupt a run mid-write never depend on timing:
// with FLUX_MIGRATE_TEST_PAUSE_WRITE=<n>:<marker file>, the n-th write of the run stops after its
// temp file is complete and before the rename, writes the marker file (the path being written),
// and waits there until a signal arrives (SIGINT: the write then goes on; SIGKILL ends it there).
import { writeFileSync } from 'node:fs';

let writes = 0;

export async function pauseBeforeRename(path: string): Promise<void> {
  const hook = process.env.FLUX_MIGRATE_TEST_PAUSE_WRITE;
  if (!hook) return;
  const at = hook.indexOf(':');
  if (++writes !== Number(hook.slice(0, at))) return;
  await new Promise<void>((resume) => {
    const alive = setInterval(() => undefined, 1 << 30); // a signal listener alone does not keep Node running
    process.once('SIGINT', () => {
      clearInterval(alive);
      resume();
    });
    writeFileSync(hook.slice(at + 1), path);
  });
}
