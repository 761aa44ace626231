// The JS/TS cross-file scan splits a run's candidates into groups of files that may reach one
// another (src/scan/js/groups.ts) and scans them one by one, and in worker threads on large runs.
// Whatever the grouping, the result must be the one scan of all candidates together would give.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover } from '../src/pipeline/discover.js';
import { readAll } from '../src/pipeline/pool.js';
import { scannerFor } from '../src/scan/index.js';
import { groupFiles } from '../src/scan/js/groups.js';
import { type JsResults, scanJsFiles, scanJsGroup } from '../src/scan/js/index.js';
import { ImportGraph } from '../src/scan/js/imports.js';
import { importSpecifiers } from '../src/scan/js/specifiers.js';
import { isKeyCheck } from '../src/scan/js/keyChecks.js';
import { ROOT, removeDir, runCli, tempDir } from './helpers/cli.js';

const OPTIONS = { baseUrl: 'https://api.fluxrouter.ai/v1', keyEnv: 'FLUX_API_KEY' };
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

// A monorepo of independent apps, with what makes grouping hard: a client passed to a function
// from a file that mentions no OpenAI, a tsconfig alias whose name is not the file's (two apps
// reach the same module through it, one where only a parse sees the import: alone, the app that
// uses it for embeddings only would leave it on OpenAI), Agents SDK defaults set in one app for agents in another,
// and a start-up key check in a file that imports nothing. `pad` bytes of plain code per file.
function monorepo(pad: number): string {
  const root = tempDir('flux-groups-');
  dirs.push(root);
  const put = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text + filler(file, pad));
  };
  put('tsconfig.json', '{ "compilerOptions": { "baseUrl": ".", "paths": { "@llm": ["shared/provider.ts"], "@shared/*": ["shared/*"] } } }\n');
  put('shared/prompts.ts', 'export const SYSTEM = "You help.";\n');
  put('apps/app3/services/withPrompt.ts', 'import { SYSTEM } from "@shared/prompts";\nimport OpenAI from "openai";\n\nexport const p = () => new OpenAI().responses.create({ model: "gpt-4o", instructions: SYSTEM, input: "x" });\n');
  put('apps/app2/services/alsoPrompt.ts', 'import { SYSTEM } from "@shared/prompts";\nimport OpenAI from "openai";\n\nexport const q = () => new OpenAI().responses.create({ model: "gpt-4o", instructions: SYSTEM, input: "y" });\n');
  put('shared/provider.ts', 'import OpenAI from "openai";\n\nexport const llm = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n');
  for (let i = 0; i < 6; i++) {
    const app = `apps/app${i}`;
    put(`${app}/lib/client${i}.ts`, `import OpenAI from "openai";\n\nexport const client${i} = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n`);
    put(`${app}/config/models${i}.ts`, `export const MODEL_${i} = "gpt-4o-mini";\n`);
    put(`${app}/lib/ask${i}.ts`, `import type OpenAI from "openai";\n\nexport async function ask${i}(c: OpenAI, model: string) {\n  return c.chat.completions.create({ model, messages: [] });\n}\n`);
    put(`${app}/routes/caller${i}.ts`, `import { client${i} } from "../lib/client${i}";\nimport { ask${i} } from "../lib/ask${i}";\n\nexport const run${i} = () => ask${i}(client${i}, "gpt-4.1");\n`);
    put(`${app}/startup${i}.ts`, `if (!process.env.OPENAI_API_KEY) throw new Error("set OPENAI_API_KEY");\n`);
    for (let j = 0; j < 12; j++) {
      put(`${app}/services/svc${i}_${j}.ts`, `import { client${i} } from "../lib/client${i}";\nimport { MODEL_${i} } from "../config/models${i}";\n\nexport async function svc${i}_${j}(q: string) {\n  const r = await client${i}.responses.create({ model: MODEL_${i}, input: q });\n  return r.output_text;\n}\n`);
    }
  }
  put('apps/app4/services/alias4.ts', 'import { llm } from "@llm";\nimport { MODEL_4 } from "../config/models4";\n\nexport const a = () => llm.chat.completions.create({ model: MODEL_4, messages: [] });\n');
  put('apps/app5/services/alias5.ts', 'import type OpenAI from "openai";\nimport { llm } from /* the shared client */ "@llm";\n\nexport const b = (): ReturnType<OpenAI["embeddings"]["create"]> => llm.embeddings.create({ model: "text-embedding-3-small", input: "x" });\n');
  put('apps/app1/helperAgent.ts', 'import { Agent } from "@openai/agents";\n\nexport const helper = new Agent({ name: "helper", model: "gpt-4o" });\n');
  put('apps/app2/setup.ts', 'import { setDefaultOpenAIKey } from "@openai/agents";\n\nsetDefaultOpenAIKey(process.env.OPENAI_API_KEY!);\n');
  return root;
}

function filler(file: string, bytes: number): string {
  let text = '';
  for (let k = 0; text.length < bytes; k++) {
    text += `\nexport function pad${k}(items: number[], limit = ${k + 3}): number[] {\n  const out: number[] = [];\n  for (const n of items) if (out.length < limit && n % 2 === ${k % 2}) out.push(n * ${k});\n  return out;\n}\n`;
  }
  return text;
}

// The candidates of a run, as the pipeline gathers them (src/pipeline/run.ts).
async function candidates(root: string) {
  const { files } = await discover([root], []);
  const importers = new Map<string, string[]>();
  const reads = await readAll(files, undefined, importers);
  const batch = files.flatMap((path, i) => {
    const r = reads[i];
    return scannerFor(path)?.name === 'js' && r && !(r instanceof Error) && 'text' in r ? [{ path, text: r.text }] : [];
  });
  return { batch, known: new Set(files), importers };
}

const plain = (results: JsResults) => JSON.stringify([...results].sort(([a], [b]) => a.localeCompare(b)).map(([p, r]) => [p, r instanceof Error ? r.message : r]));

// All candidates in one scan, key checks settled the way scanJsFiles settles them.
function together(batch: { path: string; text: string }[], known: Set<string>, importers: Map<string, string[]>): JsResults {
  const one = scanJsGroup(batch, OPTIONS, known, new ImportGraph(known, importers));
  if (!one.keyMigrated) for (const r of one.results.values()) if (!(r instanceof Error)) r.scan.warnings = r.scan.warnings.filter((w) => !isKeyCheck(w));
  return one.results;
}

describe('grouped cross-file scan', () => {
  it('splits independent apps into groups; files an import links share one; a link it misses is caught after', async () => {
    const { batch, known, importers } = await candidates(monorepo(0));
    const groups = groupFiles(batch, new ImportGraph(known, new Map([...importers, ...batch.map((f): [string, string[]] => [f.path, importSpecifiers(f.text)])])));
    expect(groups.length).toBeGreaterThan(4);
    const groupOf = (end: string) => groups.find((g) => g.some((f) => f.path.endsWith(end)))!;
    expect(groupOf('helperAgent.ts'), 'Agents SDK files share a group').toBe(groupOf('setup.ts'));
    // An alias links files by name, unresolved (no TypeScript compiler to load): `@shared/prompts`
    // names shared/prompts.ts (two apps import it: one group); `@llm` names shared/provider.ts, which the name does not say, and
    // alias5.ts hides its specifier behind a comment (`from /* ... */ "@llm"`). Grouped apart from
    // shared/provider.ts, their scans still reach it, so scanJsFiles scans those groups again together.
    expect(groupOf('withPrompt.ts')).toBe(groupOf('alsoPrompt.ts'));
    expect(groupOf('alias4.ts')).not.toBe(groupOf('shared/provider.ts'));
    expect(groupOf('alias5.ts')).not.toBe(groupOf('shared/provider.ts'));
    const graph = new ImportGraph(known, importers);
    const reach = groups.map((g) => scanJsGroup(g, OPTIONS, known, graph).loaded);
    expect(reach.filter((loaded) => loaded.some((p) => p.endsWith('shared/provider.ts'))).length).toBe(3);
  });

  it('gives what one scan of all candidates gives, on the monorepo and on every cross-file fixture', async () => {
    // Padded, each app is a unit of work of its own (scanJsFiles packs small groups together).
    const projects = [monorepo(4_000), join(ROOT, 'fixtures', 'demo-app')];
    for (const name of ['commonjs-factory-and-argument', 'default-export-handler', 'reexport-through-index', 'subclass-and-embeddings-only-export', 'tsconfig-paths-alias']) {
      projects.push(join(ROOT, 'fixtures', 'cross-file', name, 'input'));
    }
    for (const root of projects) {
      const { batch, known, importers } = await candidates(root);
      const grouped = await scanJsFiles(batch, OPTIONS, known, importers);
      expect(plain(grouped), root).toBe(plain(together(batch, known, importers)));
    }
  });

  it('the built CLI gives the same report with worker threads as without', () => {
    const root = monorepo(4_000); // ~450 KB of candidates: enough for workers
    const args = ['--dry-run', '--yes', '--json', '.'];
    const alone = runCli(args, { cwd: root, env: { FLUX_MIGRATE_THREADS: '0' } });
    const threads = runCli(args, { cwd: root, env: { FLUX_MIGRATE_THREADS: '2' } });
    expect(alone.code).toBe(0);
    expect(threads.stdout).toBe(alone.stdout);
    const report = JSON.parse(alone.stdout);
    const codes = report.files.flatMap((f: { path: string; warnings: { code: string; message: string }[] }) => f.warnings.map((w) => `${f.path} ${w.code}`));
    expect(codes.filter((c: string) => c.includes('startup'))).toEqual([]);
    const changed = report.files.filter((f: { changed: boolean }) => f.changed).map((f: { path: string }) => f.path).sort();
    const expected = ['apps/app1/helperAgent.ts', 'apps/app2/services/alsoPrompt.ts', 'apps/app2/setup.ts', 'apps/app3/services/withPrompt.ts', 'shared/provider.ts'];
    // A key check in a file that imports nothing follows the run's key plan: nothing reads
    // OPENAI_API_KEY after the run, so it checks the Flux key.
    for (let i = 0; i < 6; i++) expected.push(`apps/app${i}/config/models${i}.ts`, `apps/app${i}/lib/client${i}.ts`, `apps/app${i}/routes/caller${i}.ts`, `apps/app${i}/startup${i}.ts`);
    expect(changed).toEqual(expected.sort());
  });

  it("holds each file to the scan budget for its own scan, not for the cross-file scan's", () => {
    const root = monorepo(0);
    writeFileSync(join(root, 'ask.py'), 'from openai import OpenAI\n\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[])\n');
    // A clock that advances 1 ms per reading (budget.ts): a file's own scan reads it twice, a span
    // that also covered other files' scans would read it dozens of times. No wall-clock time.
    const r = runCli(['--dry-run', '--yes', '--json', '.'], { cwd: root, env: { FLUX_MIGRATE_SCAN_BUDGET_MS: '3', FLUX_MIGRATE_TEST_CLOCK: 'ticks' } });
    const report = JSON.parse(r.stdout);
    expect(report.errors).toEqual([]);
    expect(report.files.map((f: { path: string }) => f.path)).toContain('ask.py');
  });
});
