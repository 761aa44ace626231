// `--changed <ref>`: the files that differ from a git ref, committed or not (the working tree
// against the ref, plus untracked files that are not ignored). The run still scans every file,
// so values are followed through all of them; only these are reported and written.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';

function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

/** The top folder of the git working tree holding `cwd`, if any. */
export function repoRoot(cwd: string): string | undefined {
  return git(cwd, ['rev-parse', '--show-toplevel'])?.trim() || undefined;
}

/** Absolute paths of the files changed since `ref`; a usage error when there is no such ref. */
export function changedFiles(ref: string, cwd: string): Set<string> {
  const top = repoRoot(cwd);
  if (!top) throw new UserError(`--changed ${ref}: ${cwd} is not in a git repository`);
  if (ref.startsWith('-') || git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]) === undefined) {
    throw new UserError(`--changed ${ref}: not a commit, branch or tag in this repository (try origin/main, HEAD~1, or a commit id)`);
  }
  const diffed = git(top, ['diff', '--name-only', '-z', '--no-renames', ref, '--']) ?? '';
  const untracked = git(top, ['ls-files', '--others', '--exclude-standard', '-z']) ?? '';
  return new Set([...diffed.split('\0'), ...untracked.split('\0')].filter(Boolean).map((p) => resolve(top, p)));
}
