// discover never follows a symbolic link: not inside the tree (tested in paths.test.ts) and not
// when a root is one or is reached through one; a link loop is named as such.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover } from '../src/pipeline/discover.js';
import { removeDir, tempDir } from './helpers/cli.js';

describe('discover: roots behind symbolic links', () => {
  const dir = tempDir('flux-discover-links-');
  afterAll(() => removeDir(dir));
  mkdirSync(join(dir, 'shared', 'lib'), { recursive: true });
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'shared', 'lib', 'a.ts'), 'x\n');
  symlinkSync('../shared/lib', join(dir, 'app', 'vendor-lib'));
  symlinkSync('/', join(dir, 'app', 'disk'));
  symlinkSync('loop-b', join(dir, 'app', 'loop-a'));
  symlinkSync('loop-a', join(dir, 'app', 'loop-b'));
  symlinkSync('missing', join(dir, 'app', 'dangling'));

  it('refuses a root that is a link, or is under one, and walks nothing behind it', async () => {
    const r = await discover([join(dir, 'app', 'vendor-lib'), join(dir, 'app', 'vendor-lib', 'a.ts'), join(dir, 'app', 'disk')], []);
    expect(r.files).toEqual([]);
    expect(r.skipped.map((s) => s.path)).toEqual([join(dir, 'app', 'vendor-lib'), join(dir, 'app', 'vendor-lib', 'a.ts'), join(dir, 'app', 'disk')]);
    expect(r.skipped[0].message).toBe(`is a symbolic link (to ${join(dir, 'shared', 'lib')}): not followed, flux-migrate migrates only what is under the paths given; pass the real path to migrate it`);
    expect(r.skipped[1].message).toMatch(/^is reached through a symbolic link \(to .*shared\/lib\/a\.ts\)/);
    expect(r.skipped[2].message).toMatch(/^is a symbolic link \(to \/\)/);
  });

  it('names a loop and a dangling link for what they are', async () => {
    const r = await discover([join(dir, 'app', 'loop-a'), join(dir, 'app', 'dangling')], []);
    expect(r.skipped.map((s) => s.message)).toEqual([
      'is a symbolic link loop (each link points on to another): skipped',
      'is a symbolic link to missing, which does not exist: skipped',
    ]);
  });

  it('walks the real folder', async () => {
    expect((await discover([join(dir, 'shared')], [])).files).toEqual([join(dir, 'shared', 'lib', 'a.ts')]);
  });
});
