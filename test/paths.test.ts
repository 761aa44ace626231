// Paths: it never writes outside the roots given; symlinks are not followed out of them (nor
// written through); paths with spaces, unicode and leading dashes work; a root that is a file
// works; unreadable files and folders are reported (exit 2) and skipped while the rest is migrated.
// Tests run as root in CI, where chmod 000 stops nothing: there the permission cases run the CLI
// as the unprivileged user `nobody` (spawn's uid/gid), which chmod does stop.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, type CliOptions, ROOT, isRoot, listFiles, removeDir, runCli, snapshot, tempDir } from './helpers/cli.js';

const SOURCE = 'import OpenAI from "openai";\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nexport const ask = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\n';
const MIGRATED = /process\.env\.FLUX_API_KEY[^]*"flux-auto"/;
const NOBODY = 65534;

function write(path: string, text = SOURCE): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const migrated = (path: string) => MIGRATED.test(readFileSync(path, 'utf8'));

/** Whether the user nobody can load the built CLI and its dependencies from this checkout. */
function nobodyCanRunTheCli(): boolean {
  const probe = `for (const p of ${JSON.stringify([BIN, join(ROOT, 'dist', 'cli', 'main.js'), join(ROOT, 'node_modules', 'commander', 'package.json')])}) require('fs').accessSync(p, require('fs').constants.R_OK)`;
  return spawnSync(process.execPath, ['-e', probe], { uid: NOBODY, gid: NOBODY, cwd: '/' }).status === 0;
}

describe('paths', () => {
  const base = tempDir('flux-paths-');
  afterAll(() => {
    try {
      chmodSync(join(base, 'perm', 'locked'), 0o755);
    } catch {}
    removeDir(base);
  });

  it('never writes outside the roots, follows no symlink out of them, never writes through one', () => {
    const dir = join(base, 'roots');
    const outside = write(join(dir, 'outside', 'shared.ts'));
    write(join(dir, 'outside', 'deep', 'more.ts'));
    // The root imports a file outside itself: values may be followed there, but it is not written.
    write(join(dir, 'root', 'app.ts'), SOURCE + 'export { ask as again } from "../outside/shared";\n');
    symlinkSync(join(dir, 'outside'), join(dir, 'root', 'linked-folder'));
    symlinkSync(outside, join(dir, 'root', 'linked-file.ts'));
    const outsideBefore = snapshot(join(dir, 'outside'));

    const r = runCli(['--yes', 'root'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(migrated(join(dir, 'root', 'app.ts'))).toBe(true);
    expect(snapshot(join(dir, 'outside')), 'nothing outside the root changed').toEqual(outsideBefore);
    expect(lstatSync(join(dir, 'root', 'linked-file.ts')).isSymbolicLink(), 'the link is still a link').toBe(true);
    expect(readlinkSync(join(dir, 'root', 'linked-folder'))).toBe(join(dir, 'outside'));
    expect(listFiles(dir).filter((f) => f.includes('flux-migrate')), 'no temp file left').toEqual([]);

    // A symlink named as the root itself is not followed (nor written through): reported, exit 2.
    const link = runCli(['--yes', 'root/linked-file.ts'], { cwd: dir });
    expect(link.code).toBe(2);
    expect(link.stderr).toMatch(/root\/linked-file\.ts: error is a symbolic link \(to .*outside\/shared\.ts\): not followed/);
    expect(snapshot(join(dir, 'outside'))).toEqual(outsideBefore);
    expect(lstatSync(join(dir, 'root', 'linked-file.ts')).isSymbolicLink()).toBe(true);
  });

  it('works with spaces, unicode and leading dashes in paths', () => {
    const dir = join(base, 'names');
    const spaced = write(join(dir, 'my project', 'ünïcødé 文件', 'client file.ts'));
    const dashed = write(join(dir, '-weird', '--also weird.ts'));
    const r1 = runCli(['--yes', 'my project'], { cwd: dir });
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stderr).toMatch(/1 file changed/);
    expect(migrated(spaced)).toBe(true);
    // `--` ends the options: `-weird` is a folder, not a flag.
    const r2 = runCli(['--yes', '--', '-weird'], { cwd: dir });
    expect(r2.code, r2.stderr).toBe(0);
    expect(migrated(dashed)).toBe(true);
    // Without `--` a leading dash is an unknown option: bad usage, exit 2, nothing written.
    write(join(dir, '-other', 'x.ts'));
    const r3 = runCli(['--yes', '-other'], { cwd: dir });
    expect(r3.code).toBe(2);
    expect(migrated(join(dir, '-other', 'x.ts'))).toBe(false);
    const json = runCli(['--check', '--json', 'my project'], { cwd: dir });
    expect(json.code).toBe(0);
  });

  it('takes a root that is a file, and only that file', () => {
    const dir = join(base, 'file-root');
    const one = write(join(dir, 'one.ts'));
    const two = write(join(dir, 'two.ts'));
    const r = runCli(['--yes', 'one.ts'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(migrated(one)).toBe(true);
    expect(migrated(two)).toBe(false);
    // A file it does not read, named as a root, is an error: named, with the reason, exit 2.
    writeFileSync(join(dir, 'notes.txt'), 'gpt-4o\n');
    const txt = runCli(['--dry-run', 'notes.txt'], { cwd: dir });
    expect(txt.code).toBe(2);
    expect(txt.stderr).toMatch(/notes\.txt: error not a file flux-migrate reads/);
  });

  it('reports unreadable files and folders, and files it may not write, and migrates the rest (exit 2)', () => {
    const dir = join(base, 'perm');
    const ok = write(join(dir, 'ok.ts'));
    const secret = write(join(dir, 'secret.ts'));
    const readOnly = write(join(dir, 'read-only.ts'));
    write(join(dir, 'locked', 'inside.ts'));
    chmodSync(secret, 0o000);
    chmodSync(readOnly, 0o444);
    chmodSync(join(dir, 'locked'), 0o000);
    const options: CliOptions = { cwd: dir };
    if (isRoot()) {
      // chmod does not stop root: run as `nobody`, owner of everything but the locked entries.
      // A check that cannot run fails, saying why: it must not pass untested.
      expect(nobodyCanRunTheCli(), `running as root, and the user nobody cannot read ${ROOT} to run the CLI: the permission checks cannot run`).toBe(true);
      console.log('paths: running as root, so the permission checks run the CLI as the user nobody');
      chmodSync(base, 0o755); // mkdtemp makes it 0700
      for (const p of [dir, ok, readOnly]) chownSync(p, NOBODY, NOBODY);
      Object.assign(options, { uid: NOBODY, gid: NOBODY });
    }
    const r = runCli(['--yes', '.'], options);
    expect(r.code, r.stderr).toBe(2);
    const lines = r.stderr.split('\n');
    expect(lines.filter((l) => /secret\.ts: error .*permission denied/.test(l)), r.stderr).toHaveLength(1);
    expect(lines.filter((l) => /read-only\.ts: error could not be written: is read-only/.test(l)), r.stderr).toHaveLength(1);
    expect(lines.filter((l) => /locked: error folder could not be read \(permission denied\)/.test(l)), r.stderr).toHaveLength(1);
    expect(migrated(ok), 'the readable file is still migrated').toBe(true);
    chmodSync(secret, 0o644);
    expect(migrated(secret)).toBe(false);
    expect(migrated(readOnly)).toBe(false);
    expect((lstatSync(readOnly).mode & 0o777).toString(8)).toBe('444');
  });

  it('handles empty files and a file with only a BOM', () => {
    const dir = join(base, 'empty');
    write(join(dir, 'empty.ts'), '');
    write(join(dir, 'bom.ts'), '\uFEFF');
    write(join(dir, 'a.ts'));
    const r = runCli(['--yes', '.'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'empty.ts'), 'utf8')).toBe('');
    expect(readFileSync(join(dir, 'bom.ts'), 'utf8')).toBe('\uFEFF');
  });
});
