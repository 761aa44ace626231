// `--format patch`: only a git-style unified diff, paths relative to the repository root as
// `git diff` writes them, so `git apply` (from any folder of the repository) turns it into exactly
// what a writing run writes.
import { relative, sep } from 'node:path';
import { repoRoot } from '../pipeline/changed.js';
import { unifiedDiff } from './diff.js';
import type { ReportInput } from './locations.js';
import { makePaint } from './paint.js';

export function patchReport(input: ReportInput): string {
  const base = repoRoot(input.cwd) ?? input.cwd;
  const plain = makePaint(false);
  return input.results
    .filter((r) => r.before !== r.after)
    .map((r) => unifiedDiff(relative(base, r.path).split(sep).join('/'), r.before, r.after, plain))
    .join('');
}
