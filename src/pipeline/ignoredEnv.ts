// A git-ignored local env file (`.env`, `.env.local`) holds the keys the app runs with. It is never
// scanned, written or printed: it is not part of the repository, and its values are secrets. But
// once the code reads the Flux key, an app started with that file has no key: each such file
// that sets OPENAI_API_KEY gets a `secret-to-create` warning saying to add the Flux key to it.
// Only env files are looked at (discover.ts lists them without entering ignored folders), and
// only their OPENAI_API_KEY line is read.
import type { FileResult, ScanOptions } from '../model.js';
import { parseEnv } from '../scan/env/index.js';
import { registerSecret } from '../secrets.js';
import { type KeyPlan, OLD_KEY } from './keyPlan.js';
import { readText } from './read.js';

export async function ignoredEnvResults(paths: string[], plan: KeyPlan, options: ScanOptions, display: (path: string) => string): Promise<FileResult[]> {
  if (plan.key === 'hold') return []; // the code does not read the Flux key: nothing to add
  const out: FileResult[] = [];
  for (const path of paths) {
    const read = await readText(path).catch(() => undefined);
    if (!read || !('text' in read)) continue;
    const set = parseEnv(read.text).filter((e) => !read.text.slice(e.lineStart, e.nameStart).includes('#'));
    const old = set.find((e) => e.name === OLD_KEY);
    if (!old || set.some((e) => e.name === options.keyEnv)) continue;
    if (old.value) registerSecret(old.value);
    const still = plan.key === 'beside' ? `, and ${plan.readers[0]} still reads ${OLD_KEY}: keep it and add` : ': add';
    const message = `this git-ignored local file sets ${OLD_KEY}, but the code now reads ${options.keyEnv}${still} ${options.keyEnv}=<your Flux key> to it (flux-migrate never changes or prints git-ignored files)`;
    out.push({ path, display: display(path), before: '', after: '', findings: [], warnings: [{ code: 'secret-to-create', line: old.line, message }] });
  }
  return out;
}
