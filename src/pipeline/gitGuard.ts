// The git guard: never overwrite uncommitted work. Files the run would change that have
// uncommitted changes (or are untracked) in their git working tree stop the write.
import { execFileSync } from 'node:child_process';
import { dirname, relative } from 'node:path';
import { UserError } from '../errors.js';

function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** Paths (of those given) that have uncommitted changes; files outside any repository have none. */
export function dirtyFiles(paths: string[]): string[] {
  const byTop = new Map<string, string[]>();
  const topOf = new Map<string, string | undefined>();
  for (const path of paths) {
    const dir = dirname(path);
    if (!topOf.has(dir)) topOf.set(dir, git(dir, ['rev-parse', '--show-toplevel'])?.trim());
    const top = topOf.get(dir);
    if (!top) continue;
    byTop.set(top, [...(byTop.get(top) ?? []), path]);
  }
  const dirty: string[] = [];
  for (const [top, files] of byTop) {
    const out = git(top, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...files.map((f) => relative(top, f))]);
    if (out === undefined) continue;
    const listed = new Set(out.split('\0').filter(Boolean).map((entry) => entry.slice(3)));
    for (const f of files) if (listed.has(relative(top, f).split('\\').join('/'))) dirty.push(f);
  }
  return dirty;
}

export function guardWrite(paths: string[], display: (p: string) => string): void {
  const dirty = dirtyFiles(paths);
  if (dirty.length === 0) return;
  const list = dirty.slice(0, 5).map(display).join(', ') + (dirty.length > 5 ? `, and ${dirty.length - 5} more` : '');
  throw new UserError(`refusing to write: ${list} ${dirty.length === 1 ? 'has' : 'have'} uncommitted changes. Commit or stash them first (so the migration can be reviewed and undone with git), run with --dry-run to preview, or pass --force to write anyway`);
}

/** Whether every one of the paths is inside a git working tree. */
export function allInGit(paths: string[]): boolean {
  const dirs = new Set(paths.map((p) => dirname(p)));
  return [...dirs].every((dir) => git(dir, ['rev-parse', '--is-inside-work-tree'])?.trim() === 'true');
}
