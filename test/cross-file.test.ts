// Cross-file cases: fixtures/cross-file/<case>/ holds an `input/` project and the `expected/`
// project after `flux-migrate --yes` (run in the project folder, with `args.txt` as extra
// arguments when present), and `warnings.txt` (`<path>:<line> <code>` per expected warning).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, copyToTemp, removeDir, runCli, snapshot } from './helpers/cli.js';

const CASES = join(ROOT, 'fixtures', 'cross-file');
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function read(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')) : [];
}

describe('fixtures/cross-file', () => {
  for (const name of readdirSync(CASES).sort()) {
    it(name, () => {
      const dir = copyToTemp(join(CASES, name, 'input'));
      dirs.push(dir);
      const args = read(join(CASES, name, 'args.txt')).flatMap((l) => l.split(' '));
      const r = runCli(['--yes', '--json', ...args], { cwd: dir });
      expect(r.stderr).toBe('');
      const report = JSON.parse(r.stdout);
      expect(report.errors).toEqual([]);
      const warnings = report.files.flatMap((f: { path: string; warnings: { line: number; code: string }[] }) => f.warnings.map((w) => `${f.path}:${w.line} ${w.code}`));
      expect(warnings.sort()).toEqual(read(join(CASES, name, 'warnings.txt')).sort());
      const actual = snapshot(dir);
      const expected = snapshot(join(CASES, name, 'expected'));
      expect([...actual.keys()]).toEqual([...expected.keys()]);
      for (const [path, bytes] of expected) expect(actual.get(path)!.toString('utf8'), path).toBe(bytes.toString('utf8'));
      const again = runCli(['--yes', '--json', ...args], { cwd: dir });
      expect(JSON.parse(again.stdout).summary.changed, 'a second run changes nothing').toBe(0);
    });
  }
});
