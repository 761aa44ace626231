// Discovery honours .gitignore files as git does: the files it finds are the ones
// `git ls-files --cached --others --exclude-standard` lists (with the extensions flux-migrate
// reads, outside the folders it always skips), for rule files at several levels that mix
// name-only patterns (tested by name), path patterns, anchors, `**`, negations and folder rules.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SKIPPED_DIRS, discover } from '../src/pipeline/discover.js';
import { scannerFor } from '../src/scan/index.js';
import { git, removeDir, tempDir } from './helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const RULES: Record<string, string> = {
  '.gitignore': '*.log\n*.local.ts\n!keep.local.ts\ntmp/\n/top-only.ts\n',
  'pkg/.gitignore': 'generated/\nsrc/legacy/\ndocs/**/*.py\n# a comment\n\n!src/legacy/still.ts\n',
  'pkg/src/.gitignore': 'secret*\n!secret-ok.ts\ncache\n',
  'other/.gitignore': '**/fixtures/*.js\n/anchored.ts\n',
};

const FILES = [
  'a.ts', 'top-only.ts', 'x.local.ts', 'keep.local.ts', 'tmp/t.ts', 'app.log',
  'pkg/top-only.ts', 'pkg/a.local.ts', 'pkg/keep.local.ts', 'pkg/generated/g.ts', 'pkg/src/generated/g2.ts',
  'pkg/src/legacy/old.ts', 'pkg/src/legacy/still.ts', 'pkg/src/main.ts', 'pkg/docs/x/y.py', 'pkg/docs/z.py', 'pkg/src/docs/w.py',
  'pkg/src/secret.ts', 'pkg/src/secret-ok.ts', 'pkg/src/deep/secret2.ts', 'pkg/src/cache/c.ts', 'pkg/src/cache', 'pkg/tmp/u.ts',
  'other/fixtures/f.js', 'other/a/fixtures/f.js', 'other/fixtures/f.ts', 'other/anchored.ts', 'other/sub/anchored.ts',
];

describe('discovery and .gitignore', () => {
  it('finds what git lists as not ignored', async () => {
    const root = tempDir('flux-discover-');
    dirs.push(root);
    for (const [file, text] of Object.entries(RULES)) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    for (const file of FILES) {
      if (file === 'pkg/src/cache') continue; // a folder above
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), 'export {};\n');
    }
    git(root, 'init', '-q');
    const listed = git(root, 'ls-files', '--cached', '--others', '--exclude-standard').split('\n').filter(Boolean)
      .filter((f) => scannerFor(join(root, f)) && !f.split('/').some((part) => SKIPPED_DIRS.has(part)));
    const { files } = await discover([root], []);
    const found = files.map((f) => relative(root, f).split(sep).join('/'));
    expect(found.sort()).toEqual(listed.sort());
    expect(found).toContain('pkg/src/main.ts');
    expect(found).not.toContain('pkg/src/secret.ts');
  });
});
