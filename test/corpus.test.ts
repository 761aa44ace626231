// A corpus run on code nobody on this team wrote: every third-party JS/TS source file in
// node_modules (at least 10,000; core-js, date-fns, lodash and rxjs are devDependencies partly for
// this), copied to a temp folder with their relative paths, through `--dry-run --json` with the
// built CLI. No crash, no hang, every file either scanned or listed in `errors` with a reason,
// and every edit and warning it proposes reviewed here. Records files/s and peak memory.
//
// Copying: `.d.ts` files are left out (flux-migrate never reads them), and so is the `openai`
// package if it is installed (the SDK's own source builds clients by design; it is not a
// dependency of this project today, so nothing is left out in practice). Folder names that
// discovery skips on purpose (`dist`, `build`, `node_modules`, ...) get a trailing `_` so that the
// files under them are scanned too.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIPPED_DIRS } from '../src/pipeline/discover.js';
import { MAX_FILE_BYTES } from '../src/pipeline/read.js';
import { ROOT, removeDir, runCli, tempDir } from './helpers/cli.js';

const MIN_FILES = 10_000;
const EXCLUDED_PACKAGES = new Set(['openai']);
const SOURCE = /\.(?:[mc]?[jt]sx?)$/;
const DECLARATION = /\.d\.[mc]?ts$/;

interface Report {
  summary: { scanned: number; changed: number; warnings: number; errors: number };
  files: { path: string; changed: boolean; edits: { line: number; kind: string; before: string; after: string }[]; warnings: { line: number; code: string; message: string }[] }[];
  errors: { path: string; message: string }[];
}

/** Third-party sources under node_modules: relative path in node_modules -> relative path in the copy. */
function collect(dir: string, rel: string, out: Map<string, string>): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const relPath = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      const parent = rel.split('/').at(-1);
      const pkg = parent?.startsWith('@') ? `${parent}/${e.name}` : e.name;
      if ((parent === undefined || parent === 'node_modules' || parent.startsWith('@')) && EXCLUDED_PACKAGES.has(pkg)) continue;
      if (e.name === '.bin') continue;
      collect(join(dir, e.name), relPath, out);
    } else if (e.isFile() && SOURCE.test(e.name) && !DECLARATION.test(e.name)) {
      out.set(relPath, relPath.split('/').map((s, i, all) => (i < all.length - 1 && SKIPPED_DIRS.has(s) ? s + '_' : s)).join('/'));
    }
  }
}

describe('corpus: third-party JS/TS from node_modules', () => {
  const base = tempDir('flux-corpus-');
  const corpus = join(base, 'corpus');
  const copied = new Map<string, string>();
  let report: Report;
  let stats: { ms: number; peakMb: number; files: number };

  beforeAll(() => {
    collect(join(ROOT, 'node_modules'), '', copied);
    for (const [from, to] of copied) {
      mkdirSync(join(corpus, to, '..'), { recursive: true });
      copyFileSync(join(ROOT, 'node_modules', from), join(corpus, to));
    }
    // Peak memory, as the process itself sees it (maxRSS), written when it exits.
    const peakFile = join(base, 'peak.txt');
    const preload = join(base, 'peak.mjs');
    writeFileSync(preload, `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(peakFile)}, String(process.resourceUsage().maxRSS)));\n`);
    const started = Date.now();
    const r = runCli(['--dry-run', '--json', '.'], { cwd: corpus, timeoutMs: 240_000, nodeArgs: ['--import', preload] });
    const ms = Date.now() - started;
    expect(r.signal, r.stderr).toBeNull();
    expect(r.stdout, `no JSON report; stderr:\n${r.stderr.slice(0, 2000)}`).toMatch(/^\{/);
    report = JSON.parse(r.stdout) as Report;
    // Exit 2 exactly when some file is in errors; nothing else.
    expect(r.code, r.stderr.slice(0, 2000)).toBe(report.errors.length ? 2 : 0);
    const peakKb = Number(readFileSync(peakFile, 'utf8'));
    stats = { ms, peakMb: Math.round(peakKb / 1024), files: copied.size };
    console.log(`corpus: ${stats.files} files in ${(ms / 1000).toFixed(1)} s (${Math.round(stats.files / (ms / 1000))} files/s, including Node start-up), peak RSS ${stats.peakMb} MB`);
  }, 300_000);
  afterAll(() => removeDir(base), 120_000);

  it(`copies at least ${MIN_FILES} third-party files`, () => {
    expect(copied.size).toBeGreaterThanOrEqual(MIN_FILES);
  });

  it('scans every file: none is lost, errors name a copied file and a reason', () => {
    expect(report.summary.scanned, 'every copied file is discovered and read').toBe(copied.size);
    const paths = new Set(copied.values());
    for (const e of report.errors) {
      expect(paths.has(e.path), `error names a corpus file: ${e.path}`).toBe(true);
      expect(e.message.length, `error for ${e.path} has a reason`).toBeGreaterThan(5);
      // Files that do not parse are fine to report; the tool's own failures are not.
      expect(e.message, `${e.path}`).not.toMatch(/internal error/);
    }
  });

  it('skips exactly the files over the size limit, with a warning', () => {
    const skipped = report.files.flatMap((f) => f.warnings.filter((w) => w.code === 'skipped-file').map(() => f.path)).sort();
    const oversized = [...copied.values()].filter((p) => statSync(join(corpus, p)).size > MAX_FILE_BYTES).sort();
    // Today: typescript/lib/typescript.js, typescript/lib/_tsc.js and ts-morph's two bundles.
    expect(oversized.length).toBeGreaterThan(0);
    expect(skipped).toEqual(oversized);
  });

  it('proposes no edit and no other warning in third-party code (each one would be reviewed here)', () => {
    // None of these packages creates an OpenAI client, calls the OpenAI API, or holds an OpenAI
    // model id: the expected count of edits is 0 and of warnings other than skipped-file is 0.
    // A new dependency or scanner rule that makes this fail must be reviewed one edit at a time
    // and listed here with the reason it is right.
    const edits = report.files.flatMap((f) => f.edits.map((e) => `${f.path}:${e.line} ${e.kind} ${e.before} -> ${e.after}`));
    const warnings = report.files.flatMap((f) => f.warnings.filter((w) => w.code !== 'skipped-file').map((w) => `${f.path}:${w.line} ${w.code} ${w.message}`));
    expect(edits).toEqual([]);
    expect(warnings).toEqual([]);
    expect(report.summary.changed).toBe(0);
  });

  it('holds each file to the scan time budget: over it, the file is reported and skipped, the run goes on', () => {
    // A budget of 0 ms puts every file that is parsed over it; files the prefilter drops are not parsed.
    const dir = join(base, 'budget');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.ts'), 'import OpenAI from "openai";\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nawait client.chat.completions.create({ model: "gpt-4o", messages: [] });\n');
    writeFileSync(join(dir, 'b.js'), 'const OpenAI = require("openai");\nconst client = new OpenAI();\nclient.responses.create({ model: "gpt-4o-mini", input: "hi" });\n');
    writeFileSync(join(dir, 'plain.js'), 'export const answer = 42;\n');
    const r = runCli(['--dry-run', '--json', '.'], { cwd: dir, env: { FLUX_MIGRATE_SCAN_BUDGET_MS: '0' } });
    const out = JSON.parse(r.stdout) as Report;
    expect(r.code).toBe(2);
    expect(out.summary.scanned).toBe(3);
    expect(out.errors.map((e) => e.path).sort()).toEqual(['a.ts', 'b.js']);
    for (const e of out.errors) expect(e.message).toMatch(/over the 0 s per-file budget: skipped/);
    expect(out.summary.changed).toBe(0);
    // With the default budget the same files are migrated.
    const normal = runCli(['--dry-run', '--json', '.'], { cwd: dir });
    expect(normal.code, normal.stderr).toBe(0);
    expect((JSON.parse(normal.stdout) as Report).summary.changed).toBe(2);
  });
});
