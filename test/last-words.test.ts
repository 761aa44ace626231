// The last words of a writing run (issue 17, item 8), through a pipe: inside a git repository they
// point at git diff; outside one they say there is no git to undo with and suggest --dry-run or a commit.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, committedCopy, removeDir, runCli } from './helpers/cli.js';

const APP = join(ROOT, 'fixtures', 'projects', 'prompt-app');
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

describe('next steps after writing', () => {
  it('outside git: no "git diff", but --dry-run first or a commit next time', () => {
    const dir = committedCopy(APP, false);
    dirs.push(dir);
    const r = runCli(['--yes', '.'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('2 files changed');
    expect(r.stderr).not.toContain('git diff)');
    expect(r.stderr).toContain('  - These files are not in a git repository, so there is no git diff to review or undo with: run your tests now, and next time run with --dry-run first or commit before migrating.\n');
  });

  it('in a git repository: review the diff with git diff', () => {
    const dir = committedCopy(APP, true);
    dirs.push(dir);
    const r = runCli(['--yes', '.'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('  - Review the diff (git diff), run your tests, then commit.\n');
    expect(r.stderr).not.toContain('not in a git repository');
  });
});
