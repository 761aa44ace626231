// Writes are atomic: a real run over a few hundred files, killed with SIGKILL inside a write,
// leaves every file either byte-identical to its original or to its fully migrated version (with
// its mode), never truncated or half-written; the only other file it may leave is one of its own
// `.<name>.flux-migrate-<pid>.tmp` temp files (at most one: files are written one at a time).
import { chmodSync, cpSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAtomic } from '../src/pipeline/write.js';
import { fileMode, listFiles, removeDir, runCli, snapshot, startCli, tempDir, waitForFile } from './helpers/cli.js';

const FILES = 300;
const TEMP_NAME = /(^|\/)\.[^/]+\.flux-migrate-\d+(-\d+)?\.tmp$/;

// A seeded generator, so a failure can be replayed.
function rng(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

function generate(dir: string, random: () => number): void {
  const filler = '// filler: some weight, so that writing a file takes a little time\n';
  for (let i = 0; i < FILES; i++) {
    const sub = join(dir, `pkg${i % 20}`, i % 3 ? 'src' : 'lib');
    mkdirSync(sub, { recursive: true });
    const nl = i % 5 === 0 ? '\r\n' : '\n';
    const text = [
      i % 4 === 0 ? '\uFEFFimport OpenAI from "openai";' : 'import OpenAI from "openai";',
      (filler.trimEnd() + nl).repeat(Math.floor(random() * 120)).trimEnd(),
      'const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });',
      `export async function ask${i}(q: string) {`,
      `  return client.chat.completions.create({ model: "${i % 2 ? 'gpt-4o' : 'gpt-4o-mini'}", messages: [{ role: "user", content: q }] });`,
      '}',
      '',
    ].join(nl);
    const file = join(sub, `file${i}.ts`);
    writeFileSync(file, text);
    if (i % 7 === 0) chmodSync(file, 0o755);
    if (i % 11 === 0) chmodSync(file, 0o600);
  }
}

describe('atomic writes under SIGKILL', () => {
  const base = tempDir('flux-atomic-');
  afterAll(() => removeDir(base));

  it('leaves every file whole (original or migrated) wherever the run is killed', async () => {
    const random = rng(7);
    const original = join(base, 'original');
    generate(original, random);
    const before = snapshot(original);
    const modes = new Map([...before.keys()].map((f) => [f, fileMode(join(original, f))]));

    // The fully migrated version: the same CLI run to the end on an untouched copy.
    const expectedDir = join(base, 'expected');
    cpSync(original, expectedDir, { recursive: true });
    const started = Date.now();
    const full = runCli(['--yes', '--json', '.'], { cwd: expectedDir, timeoutMs: 120_000 });
    const duration = Date.now() - started;
    expect(full.code, full.stderr).toBe(0);
    const after = snapshot(expectedDir);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [f, bytes] of after) {
      expect(bytes.equals(before.get(f)!), `${f} is migrated by a full run`).toBe(false);
      expect(fileMode(join(expectedDir, f)), `${f} keeps its mode`).toBe(modes.get(f));
    }

    // Kill inside a write, deterministically: the test-only hook (src/pipeline/writePause.ts) stops
    // the n-th write after its temp file is complete and before its rename, and says so in a marker
    // file; the kill lands there. Then n - 1 files are migrated, one temp file is left, the rest are whole.
    const outcomes: string[] = [];
    for (const n of [1, 150, FILES]) {
      const work = join(base, `run${n}`);
      cpSync(original, work, { recursive: true });
      const marker = join(base, `paused-${n}`);
      const { child, done } = startCli(['--yes', '.'], { cwd: work, env: { FLUX_MIGRATE_TEST_PAUSE_WRITE: `${n}:${marker}` } });
      await waitForFile(marker, done);
      child.kill('SIGKILL');
      const result = await done;
      expect(result.signal).toBe('SIGKILL');

      let migrated = 0;
      let untouched = 0;
      const temps: string[] = [];
      for (const f of listFiles(work)) {
        const bytes = readFileSync(join(work, f));
        if (!before.has(f)) {
          expect(f, `only our own temp files may be left behind`).toMatch(TEMP_NAME);
          temps.push(f);
          continue;
        }
        if (bytes.equals(before.get(f)!)) untouched++;
        else if (bytes.equals(after.get(f)!)) migrated++;
        else throw new Error(`${f} is neither the original nor the migrated file after a kill in write ${n} (${bytes.length} bytes)`);
        expect(fileMode(join(work, f)), `${f} keeps its mode`).toBe(modes.get(f));
      }
      expect(untouched + migrated).toBe(FILES);
      expect(migrated, 'every write before the paused one is complete').toBe(n - 1);
      expect(temps.length, 'the paused write left its one temp file').toBe(1);
      const paused = readFileSync(marker, 'utf8');
      const temp = temps[0].split('/');
      expect(join(work, ...temp.slice(0, -1), temp.at(-1)!.replace(/^\.(.*)\.flux-migrate-\d+\.tmp$/, '$1')), 'the temp file belongs to the paused write').toBe(paused);
      expect(readFileSync(join(work, temps[0])).equals(after.get(relative(work, paused).split(sep).join('/'))!), 'the temp file is complete').toBe(true);
      outcomes.push(`write ${n}: ${migrated} migrated, ${temps.length} temp`);
      removeDir(work);
    }
    console.log(`atomic-write: full run ${duration} ms; kills:\n  ${outcomes.join('\n  ')}`);
  }, 300_000);

  it('writeAtomic keeps the mode, refuses links, and never overwrites a file changed since it was read', async () => {
    const dir = join(base, 'unit');
    mkdirSync(dir);
    const file = join(dir, 'a.ts');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o751);
    await writeAtomic(file, 'new\n', 'old\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(fileMode(file)).toBe(0o751);
    // Someone saved the file after the run read it: not overwritten.
    await expect(writeAtomic(file, 'migrated\n', 'old\n')).rejects.toThrow(/changed on disk while flux-migrate ran/);
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    // A BOM is part of the text read, so it is compared too.
    writeFileSync(file, '\uFEFFx\n');
    await writeAtomic(file, '\uFEFFy\n', '\uFEFFx\n');
    expect(readFileSync(file)).toEqual(Buffer.from('\uFEFFy\n'));
    const link = join(dir, 'link.ts');
    symlinkSync(file, link);
    await expect(writeAtomic(link, 'z\n')).rejects.toThrow(/symbolic link/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort(), 'no temp file left').toEqual(['a.ts', 'link.ts']);
  });
});
