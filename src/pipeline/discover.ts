// Discover: the files under the given roots, honouring .gitignore files at every level (and
// those above the root, up to the repository), skipping dependency, VCS and build folders,
// never following symlinks.
import { existsSync, promises as fs } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UserError } from '../errors.js';
import { scannerFor } from '../scan/index.js';

export const SKIPPED_DIRS = new Set([
  'node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'out', '.next', '.nuxt', '.output', '.svelte-kit',
  'coverage', '.turbo', '.vercel', '.cache', '__pycache__', '.venv', 'venv', '.tox', '.pytest_cache', '.mypy_cache',
]);

interface Rules {
  base: string;
  ig: Ignore;
}

export interface Discovered {
  files: string[];
  /** Roots that are files the tool does not read, with the reason. */
  skipped: { path: string; message: string }[];
}

export async function discover(roots: string[], ignoreGlobs: string[]): Promise<Discovered> {
  const files = new Set<string>();
  const skipped: Discovered['skipped'] = [];
  for (const root of roots) {
    const abs = resolve(root);
    let stat;
    try {
      stat = await fs.stat(abs);
    } catch {
      throw new UserError(`${root}: no such file or folder (check the path; flux-migrate takes files and folders to migrate)`);
    }
    if (stat.isFile()) {
      if (scannerFor(abs)) files.add(abs);
      else skipped.push({ path: abs, message: 'not a file flux-migrate reads (JS/TS sources)' });
      continue;
    }
    const user = ignore().add(ignoreGlobs);
    await walk(abs, abs, await inheritedRules(abs), user, files);
  }
  return { files: [...files].sort(), skipped };
}

async function walk(dir: string, root: string, rules: Rules[], user: Ignore, out: Set<string>): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
    const own = await readRules(dir, join(dir, '.gitignore'));
    if (own) rules = [...rules, own];
  }
  const subdirs: Promise<void>[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const isDir = entry.isDirectory();
    if (!isDir && !entry.isFile()) continue; // symlinks, sockets, ...
    if (isDir && SKIPPED_DIRS.has(entry.name)) continue;
    if (!isDir && !scannerFor(path)) continue;
    if (ignored(rules, path, isDir)) continue;
    const rel = relative(root, path).split(sep).join('/');
    if (rel && user.ignores(isDir ? rel + '/' : rel)) continue;
    if (isDir) subdirs.push(walk(path, root, rules, user, out));
    else out.add(path);
  }
  await Promise.all(subdirs);
}

function ignored(rules: Rules[], path: string, isDir: boolean): boolean {
  // Later (deeper) files override earlier ones, as git does.
  let result = false;
  for (const { base, ig } of rules) {
    const rel = relative(base, path).split(sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    const r = ig.test(isDir ? rel + '/' : rel);
    if (r.ignored) result = true;
    else if (r.unignored) result = false;
  }
  return result;
}

async function readRules(base: string, file: string): Promise<Rules | undefined> {
  try {
    return { base, ig: ignore().add(await fs.readFile(file, 'utf8')) };
  } catch {
    return undefined;
  }
}

// .gitignore files between the repository top and the root apply to the root too.
async function inheritedRules(root: string): Promise<Rules[]> {
  const chain: string[] = [];
  let dir = dirname(root);
  let top: string | undefined;
  for (let cur = root; ; cur = dirname(cur)) {
    if (existsSync(join(cur, '.git'))) {
      top = cur;
      break;
    }
    if (dirname(cur) === cur) break;
  }
  if (!top || top === root) {
    const exclude = top ? await readRules(top, join(top, '.git', 'info', 'exclude')) : undefined;
    return exclude ? [exclude] : [];
  }
  for (; ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (dir === top || dirname(dir) === dir) break;
  }
  const rules: Rules[] = [];
  const exclude = await readRules(top, join(top, '.git', 'info', 'exclude'));
  if (exclude) rules.push(exclude);
  for (const d of chain) {
    const r = await readRules(d, join(d, '.gitignore'));
    if (r) rules.push(r);
  }
  return rules;
}
