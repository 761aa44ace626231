// Honest exit codes and messages (CONTRACT.md, "Exit codes"): every error path exits 2 and names
// the file (or flag) and the reason on one line; `--check` exits 1 exactly when a write would
// change something and writes nothing; Ctrl-C (SIGINT) stops cleanly, says how many files were
// written, and that number is what is on disk.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, listFiles, removeDir, runCli, snapshot, startCli, tempDir, waitForFile } from './helpers/cli.js';
import { loadCases } from './helpers/fixtures.js';

const SOURCE = 'import OpenAI from "openai";\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nexport const ask = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\n';

function write(path: string, text: string | Buffer = SOURCE): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** The one stderr line that mentions `what`; it must also give the reason. */
function lineAbout(stderr: string, what: string): string {
  const lines = stderr.split('\n').filter((l) => l.includes(what));
  expect(lines, `exactly one line about ${what} in:\n${stderr}`).toHaveLength(1);
  return lines[0];
}

describe('exit codes and messages', () => {
  const base = tempDir('flux-exit-');
  afterAll(() => removeDir(base));

  it('a path that does not exist: exit 2, named, nothing else done', () => {
    const dir = join(base, 'missing');
    write(join(dir, 'a.ts'));
    const r = runCli(['--yes', 'a.ts', 'no/such/dir'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(lineAbout(r.stderr, 'no/such/dir')).toMatch(/no such file or folder/);
    expect(readFileSync(join(dir, 'a.ts'), 'utf8')).toBe(SOURCE);
  });

  it('a file that does not parse: exit 2, named with the reason, the others still migrated', () => {
    const dir = join(base, 'parse');
    write(join(dir, 'good.ts'));
    write(join(dir, 'bad.ts'), 'import OpenAI from "openai";\nconst c = new OpenAI({ model: "gpt-4o" ;\n');
    const r = runCli(['--yes', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(lineAbout(r.stderr, 'bad.ts')).toMatch(/bad\.ts: error does not parse: .+\(\d+:\d+\)/);
    expect(readFileSync(join(dir, 'good.ts'), 'utf8')).toMatch(/FLUX_API_KEY/);
    expect(r.stderr).toMatch(/1 file changed .* 1 error\./);
    const json = runCli(['--dry-run', '--json', '.'], { cwd: dir });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).errors).toEqual([{ path: 'bad.ts', message: expect.stringMatching(/^does not parse: /) }]);
  });

  it('binary, non-UTF-8 (Latin-1, UTF-16) and oversized files: skipped with a warning naming each, exit 0', () => {
    const dir = join(base, 'skipped');
    write(join(dir, 'binary.ts'), Buffer.from([0x69, 0x6d, 0x70, 0x00, 0x01, 0x02]));
    write(join(dir, 'latin1.ts'), Buffer.from('const s = "caf\xe9 openai";\n', 'latin1'));
    write(join(dir, 'huge.ts'), `// openai\n${'x'.repeat(2 * 1024 * 1024 + 10)}\n`);
    write(join(dir, 'empty.ts'), '');
    write(join(dir, 'utf16.ts'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('import OpenAI from "openai";\n', 'utf16le')]));
    const r = runCli(['--dry-run', '.'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(lineAbout(r.stderr, 'binary.ts')).toMatch(/skipped-file\s+binary file, skipped/);
    expect(lineAbout(r.stderr, 'latin1.ts')).toMatch(/skipped-file\s+not UTF-8 text, skipped/);
    expect(lineAbout(r.stderr, 'huge.ts')).toMatch(/skipped-file\s+larger than 2 MB, skipped/);
    expect(lineAbout(r.stderr, 'utf16.ts')).toMatch(/skipped-file\s+UTF-16 text \(flux-migrate reads UTF-8\), skipped/);
  });

  it('bad flags: exit 2 with one line naming the flag and what is wrong', () => {
    const cases: [string[], RegExp][] = [
      [['--model', 'gpt-5-turbo-max'], /--model gpt-5-turbo-max: .*not a Flux one/],
      [['--map', 'nonsense'], /--map nonsense: expected <openai-id>=<flux-id>/],
      [['--key-env', '1BAD'], /--key-env 1BAD: not an environment variable name/],
      [['--base-url', 'ftp://example.com'], /--base-url ftp:\/\/example\.com: not an http\(s\) URL/],
      [['--frobnicate'], /unknown option '--frobnicate'/],
    ];
    for (const [args, message] of cases) {
      const r = runCli([...args, '--dry-run', '.'], { cwd: base });
      expect(r.code, args.join(' ')).toBe(2);
      expect(lineAbout(r.stderr, args[0]), args.join(' ')).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });

  it('the git guard: exit 2, naming the uncommitted file; nothing written', () => {
    const dir = join(base, 'repo');
    write(join(dir, 'committed.ts'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'init');
    write(join(dir, 'dirty.ts'), SOURCE + '// edited\n');
    const before = snapshot(dir);
    const r = runCli(['--yes', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(lineAbout(r.stderr, 'refusing to write')).toMatch(/dirty\.ts has uncommitted changes/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('the git guard: several dirty files, modified tracked ones included, are all named; a mix with clean ones is refused whole', () => {
    const dir = join(base, 'repo-many');
    for (const name of ['clean1.ts', 'clean2.ts', 'tracked1.ts', 'tracked2.ts']) write(join(dir, name));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'init');
    // Two modified tracked files, two untracked ones; two clean files that would change too.
    write(join(dir, 'tracked1.ts'), SOURCE + '// edited\n');
    write(join(dir, 'tracked2.ts'), SOURCE + '// edited too\n');
    write(join(dir, 'new1.ts'));
    write(join(dir, 'new2.ts'));
    const worktree = () => new Map([...snapshot(dir)].filter(([path]) => !path.startsWith('.git/')));
    const before = worktree();
    const r = runCli(['--yes', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    const line = lineAbout(r.stderr, 'refusing to write');
    for (const name of ['tracked1.ts', 'tracked2.ts', 'new1.ts', 'new2.ts']) expect(line, name).toContain(name);
    for (const name of ['clean1.ts', 'clean2.ts']) expect(line, name).not.toContain(name);
    expect(line).toMatch(/have uncommitted changes/);
    expect(worktree(), 'nothing written, the clean files neither').toEqual(before);
    // Only a modified tracked file dirty: still refused.
    git('add', 'new1.ts', 'new2.ts', 'tracked2.ts');
    git('commit', '-q', '-m', 'more');
    const one = runCli(['--yes', '.'], { cwd: dir });
    expect(one.code).toBe(2);
    expect(lineAbout(one.stderr, 'refusing to write')).toMatch(/tracked1\.ts has uncommitted changes/);
    expect(worktree()).toEqual(before);
    // All committed: it writes.
    git('commit', '-qam', 'all');
    expect(runCli(['--yes', '.'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'clean1.ts'), 'utf8')).toMatch(/FLUX_API_KEY/);
  });

  it('--check on one file and on many: 1 when any would change, 0 when none would, and nothing written', () => {
    const dir = join(base, 'check-many');
    const plain = 'export const x = 1;\n';
    const files = ['a.ts', 'b.ts', 'c.ts'].map((n) => write(join(dir, n)));
    const clean = ['p.ts', 'q.ts'].map((n) => write(join(dir, n), plain));
    const before = snapshot(dir);
    expect(runCli(['--check', files[0]], { cwd: dir }).code, 'one file to migrate').toBe(1);
    expect(runCli(['--check', clean[0]], { cwd: dir }).code, 'one file that stays').toBe(0);
    const many = runCli(['--check', ...files], { cwd: dir });
    expect(many.code, 'many files to migrate').toBe(1);
    expect(many.stderr).toMatch(/Check failed/);
    expect(runCli(['--check', ...clean], { cwd: dir }).code, 'many files that stay').toBe(0);
    expect(runCli(['--check', clean[0], files[2], clean[1]], { cwd: dir }).code, 'a mix: one would change').toBe(1);
    expect(runCli(['--check', '.'], { cwd: dir }).code, 'the folder').toBe(1);
    expect(snapshot(dir), '--check wrote nothing').toEqual(before);
  });

  it('--check exits 1 exactly when a write would change something, and writes nothing', async () => {
    // Fixture cases on their own (about 10 that must not change and 10 that must, spread over the list):
    // --check's exit code must be 1 exactly when a real write then changes the file's bytes.
    const all = ['js', 'frameworks', 'python', 'env'].flatMap((l) => loadCases(join(ROOT, 'fixtures', l)));
    const negatives = all.filter((c) => c.name.startsWith('negative-') || c.expected === c.input);
    const positives = all.filter((c) => !negatives.includes(c));
    const spread = <T>(xs: T[], n: number) => xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / n)) === 0);
    const cases = [...spread(negatives, 10), ...spread(positives, 10)];
    const dir = join(base, 'check');
    const paths = cases.map((c, i) => write(join(dir, `${String(i).padStart(3, '0')}-${c.name}`, c.inputFile.split('/').pop()!), readFileSync(c.inputFile)));
    const before = snapshot(dir);
    const verdicts: { path: string; code: number | null; stderr: string }[] = [];
    for (let i = 0; i < paths.length; i += 4) {
      const batch = paths.slice(i, i + 4).map(async (p) => ({ path: p, ...(await startCli(['--check', p], { cwd: dir }).done) }));
      verdicts.push(...(await Promise.all(batch)));
    }
    expect(snapshot(dir), '--check wrote nothing').toEqual(before);
    for (let i = 0; i < verdicts.length; i += 4) {
      const writes = await Promise.all(verdicts.slice(i, i + 4).map((v) => startCli(['--yes', v.path], { cwd: dir }).done));
      for (const w of writes) expect(w.code, w.stderr).toBe(0);
    }
    for (const v of verdicts) {
      const rel = v.path.slice(dir.length + 1);
      const changed = !readFileSync(v.path).equals(before.get(rel)!);
      expect(v.code, `${rel}: --check said ${v.code}, the write ${changed ? 'changed' : 'did not change'} it\n${v.stderr}`).toBe(changed ? 1 : 0);
      if (changed) expect(v.stderr).toMatch(/Check failed/);
    }
    expect(verdicts.filter((v) => v.code === 1).length).toBeGreaterThan(5);
    expect(verdicts.filter((v) => v.code === 0).length).toBeGreaterThan(5);

    // The whole tree, once written as a whole (env files follow the run's key plan, which the code
    // of the whole run decides, so a file written alone may still change in a run over the tree): 0;
    // a file to migrate: 1; with an error as well: 2 (errors win).
    expect(runCli(['--yes', '.'], { cwd: dir }).code).toBe(0);
    expect(runCli(['--check', '.'], { cwd: dir }).code).toBe(0);
    write(join(dir, 'new.ts'));
    expect(runCli(['--check', '.'], { cwd: dir }).code).toBe(1);
    write(join(dir, 'broken.ts'), 'import OpenAI from "openai";\nconst = ;\n');
    expect(runCli(['--check', '.'], { cwd: dir }).code).toBe(2);
  }, 180_000);

  it('SIGINT stops cleanly: says how many files were written, and that is what is on disk', async () => {
    const FILES = 300;
    const original = join(base, 'sigint-original');
    for (let i = 0; i < FILES; i++) write(join(original, `d${i % 12}`, `f${i}.ts`), SOURCE.replace('ask', `ask${i}`) + '// padding\n'.repeat(i % 50));
    const before = snapshot(original);
    const expectedDir = join(base, 'sigint-expected');
    cpSync(original, expectedDir, { recursive: true });
    expect(runCli(['--yes', '.'], { cwd: expectedDir }).code).toBe(0);
    const after = snapshot(expectedDir);

    // The interrupt lands inside write n (the test-only hook pauses it between temp file and rename
    // until the signal): writes 1..n finish, the rest are not started.
    for (const n of [1, 150]) {
      const work = join(base, `sigint-${n}`);
      cpSync(original, work, { recursive: true });
      const marker = join(base, `sigint-paused-${n}`);
      const { child, done } = startCli(['--yes', '.'], { cwd: work, env: { FLUX_MIGRATE_TEST_PAUSE_WRITE: `${n}:${marker}` } });
      await waitForFile(marker, done);
      child.kill('SIGINT');
      const r = await done;
      let migrated = 0;
      for (const f of listFiles(work)) {
        const bytes = readFileSync(join(work, f));
        expect(before.has(f), `unexpected file ${f}`).toBe(true);
        if (bytes.equals(after.get(f)!)) migrated++;
        else expect(bytes.equals(before.get(f)!), `${f} is whole`).toBe(true);
      }
      expect(r.code, r.stderr).toBe(130);
      expect(migrated, 'the paused write finishes, no other starts').toBe(n);
      expect(r.stderr.trim().split('\n').at(-1)).toBe(`flux-migrate: interrupted: ${n} of ${FILES} files written (each one whole); the other ${FILES - n} are unchanged. Run again to finish.`);
      removeDir(work);
    }
  }, 240_000);
});
