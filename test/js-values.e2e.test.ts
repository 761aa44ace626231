// End to end: the built CLI (`npm run build` first) on temp copies of the single-file JS fixtures
// of issue 14 (how real projects hold keys, request params and model values), written as a user
// would run it: the file, the warnings on stderr, the exit code, the dry-run diff on stdout, and
// a second run that changes nothing. (The cross-file cases run through the CLI in cross-file.test.ts.)
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, removeDir, runCli, tempDir } from './helpers/cli.js';

const CASES = [
  'key-constant-passed-to-clients',
  'key-constant-sent-elsewhere-keeps-its-read',
  'key-constant-checked-by-a-predicate',
  'request-params-built-elsewhere',
  'model-name-logic',
  'typed-request-objects',
  'negative-typed-request-with-other-provider',
  'negative-token-counter-model',
  'name-list-checked-against-an-object',
];
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('JS values, end to end', () => {
  for (const name of CASES) {
    it(name, () => {
      const fixture = join(ROOT, 'fixtures', 'js', name);
      const dir = tempDir('flux-js-values-');
      dirs.push(dir);
      copyFileSync(join(fixture, 'input.ts'), join(dir, 'app.ts'));
      const output = join(fixture, 'output.ts');
      const expected = readFileSync(existsSync(output) ? output : join(fixture, 'input.ts'), 'utf8');
      const warnings = readFileSync(join(fixture, 'warnings.txt'), 'utf8').split('\n').filter(Boolean);

      const dry = runCli(['-n', '--yes', 'app.ts'], { cwd: dir });
      expect(dry.code).toBe(0);
      expect(dry.stdout.includes('diff --git a/app.ts b/app.ts')).toBe(existsSync(output));
      for (const w of warnings) expect(dry.stderr).toContain(`app.ts:${w.split(' ')[0]}  ${w.split(' ')[1]}`);

      const write = runCli(['--yes', '--force', '--json', 'app.ts'], { cwd: dir });
      expect(write.code).toBe(0);
      const report = JSON.parse(write.stdout);
      expect(report.files.flatMap((f: { warnings: { line: number; code: string }[] }) => f.warnings.map((w) => `${w.line} ${w.code}`)).sort()).toEqual([...warnings].sort());
      expect(readFileSync(join(dir, 'app.ts'), 'utf8')).toBe(expected);

      const again = runCli(['--yes', '--force', '--json', 'app.ts'], { cwd: dir });
      expect(JSON.parse(again.stdout).summary.changed, 'a second run changes nothing').toBe(0);
    });
  }
});
