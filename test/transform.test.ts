// The standalone jscodeshift transform and the CLI share one analysis: run the real jscodeshift
// runner with transforms/openai-to-flux.js over every JS fixture and expect the fixture outputs.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadCases } from './helpers/fixtures.js';
import { ROOT, removeDir, tempDir } from './helpers/cli.js';

const dir = tempDir('flux-migrate-jscodeshift-');
afterAll(() => removeDir(dir));

it('jscodeshift -t transforms/openai-to-flux.js gives the same output as the fixtures', () => {
  // Fixtures with their own options are run by the fixture test; here the defaults.
  const cases = loadCases(join(ROOT, 'fixtures', 'js')).filter((c) => Object.keys(c.options).length === 0);
  const files = cases.map((c) => {
    const target = join(dir, c.name + c.inputFile.slice(c.inputFile.lastIndexOf('.')));
    cpSync(c.inputFile, target);
    return { c, target };
  });
  execFileSync(process.execPath, [join(ROOT, 'node_modules/jscodeshift/bin/jscodeshift.js'), '-t', join(ROOT, 'transforms/openai-to-flux.js'),
    '--extensions=ts,tsx,js,mjs,cjs,mts,cts', '--parser=tsx', '--silent', '--cpus=2', dir], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  expect(files.length).toBeGreaterThan(20);
  for (const { c, target } of files) expect(readFileSync(target, 'utf8'), c.name).toBe(c.expected);
});
