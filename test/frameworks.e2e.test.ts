// End to end: the built CLI (`npm run build` first) on temp copies of framework apps (a
// Next.js-style app on the Vercel AI SDK, a LangChain JS script, an AI SDK provider registry fed by
// a JSON config with its tests, and bots on wrapper packages): files, stdout, stderr, exit code,
// and a second run that changes nothing.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, copyToTemp, removeDir, runCli, snapshot } from './helpers/cli.js';

const PROJECTS = join(ROOT, 'fixtures', 'projects');
const dirs: string[] = [];

function copy(name: string): string {
  const dir = copyToTemp(join(PROJECTS, name, 'input'));
  dirs.push(dir);
  return dir;
}

function expectTree(actual: string, expected: string) {
  const a = snapshot(actual);
  const e = snapshot(expected);
  expect([...a.keys()]).toEqual([...e.keys()]);
  for (const [path, bytes] of e) expect(a.get(path)!.toString('utf8'), path).toBe(bytes.toString('utf8'));
}

function diffedFiles(stdout: string): string[] {
  return (stdout.match(/^diff --git a\/(\S+)/gm) ?? []).map((l) => l.slice('diff --git a/'.length));
}

afterEach(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});

const apps = [
  {
    name: 'next-ai-app',
    changed: ['.env.example', 'app/api/chat/route.ts', 'app/api/summarize/route.ts', 'lib/ai.ts'],
    // The shared provider module is followed from the route that imports it through `@/lib/ai`.
    stdout: [
      "-    model: openai('gpt-4o'),\n+    model: openai('flux-auto'),",
      '-import { openai } from "@ai-sdk/openai";\n+import { createOpenAI } from "@ai-sdk/openai";',
      '+const openai = createOpenAI({\n+  baseURL: "https://api.fluxrouter.ai/v1",\n+  apiKey: process.env.FLUX_API_KEY,\n+});',
      "-  apiKey: process.env.OPENAI_API_KEY,\n+  apiKey: process.env.FLUX_API_KEY,",
    ],
    // The embeddings route keeps the default provider, which reads OPENAI_API_KEY: the env file
    // keeps that name and gains FLUX_API_KEY beside it (the key plan), and says which code reads the old one.
    warnings: ['.env.example:2  key-still-read', 'app/api/embed/route.ts:8  unsupported-endpoint'],
    rerunWarnings: 1, // the env file has both keys now: nothing to add, nothing to say
    summary: '8 files scanned, 4 files would change (8 edits), 2 warnings, 0 errors.',
    written: '4 files changed (8 edits), 2 warnings',
  },
  {
    name: 'langchain-script',
    changed: ['src/models.mjs'],
    stdout: [
      '-const MODEL = process.env.CHAT_MODEL ?? "gpt-4o-mini";\n+const MODEL = process.env.CHAT_MODEL ?? "flux-auto";',
      '+  configuration: { baseURL: "https://api.fluxrouter.ai/v1" },',
      '+export const grader = await initChatModel("openai:flux-auto", {',
    ],
    warnings: ['src/models.mjs:7  unresolved-model', 'src/models.mjs:15  unsupported-endpoint'],
    rerunWarnings: 2,
    summary: '2 files scanned, 1 file would change (6 edits), 2 warnings, 0 errors.',
    written: '1 file changed (6 edits), 2 warnings',
  },
  {
    name: 'registry-app',
    changed: ['.env.example', 'config/models.json', 'lib/env.ts', 'lib/registry.ts', 'test/setup.ts'],
    // Ids asked of the provider registry are followed into the JSON config the routes import; the
    // start-up check, the test setup's key and its msw mock move with the code (the key plan renames).
    stdout: [
      '-  "chat": "openai:gpt-4o-mini",\n+  "chat": "openai:flux-auto",',
      '-  openai: createOpenAI({ apiKey: process.env.OPENAI_API_KEY }),\n+  openai: createOpenAI({ apiKey: process.env.FLUX_API_KEY, baseURL: "https://api.fluxrouter.ai/v1" }),',
      '-if (!process.env.OPENAI_API_KEY) {\n-  throw new Error("OPENAI_API_KEY is required: see .env.example");\n+if (!process.env.FLUX_API_KEY) {\n+  throw new Error("FLUX_API_KEY is required: see .env.example");',
      '-process.env.OPENAI_API_KEY = "sk-test";\n+process.env.FLUX_API_KEY = "sk-test";',
      '+  http.post("https://api.fluxrouter.ai/v1/chat/completions",',
    ],
    warnings: ['app/api/embed/route.ts:7  unsupported-endpoint'],
    rerunWarnings: 1,
    summary: '6 files scanned, 5 files would change (7 edits), 1 warning, 0 errors.',
    written: '5 files changed (7 edits), 1 warning',
  },
  {
    name: 'wrapper-bots',
    changed: ['.env.example', 'bot/chatgpt.mjs', 'edge/route.ts', 'extract/instructor.ts'],
    // Wrapper packages: chatgpt's ChatGPTAPI, openai-edge's v3-style client, instructor's wrapped client.
    stdout: [
      '+  completionParams: { model: "flux-auto", temperature: 0.8 },\n+  apiBaseUrl: "https://api.fluxrouter.ai/v1",',
      '+const openai = new OpenAIApi(new Configuration({ apiKey: process.env.FLUX_API_KEY, basePath: "https://api.fluxrouter.ai/v1" }));',
      '-    model: "gpt-4o-mini",\n+    model: "flux-auto",',
    ],
    warnings: [],
    rerunWarnings: 0,
    summary: '4 files scanned, 4 files would change (10 edits), 0 warnings, 0 errors.',
    written: '4 files changed (10 edits), 0 warnings',
  },
];

for (const app of apps) {
  describe(`flux-migrate on fixtures/projects/${app.name}`, () => {
    it('--dry-run prints the diff and the warnings, writes nothing, exits 0', () => {
      const dir = copy(app.name);
      const before = snapshot(dir);
      const r = runCli(['--dry-run', '--yes'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(diffedFiles(r.stdout)).toEqual(app.changed);
      for (const s of app.stdout) expect(r.stdout).toContain(s);
      for (const w of app.warnings) expect(r.stderr).toContain(w);
      expect(r.stderr.match(/^ {2}\S+:\d+ {2}\S+/gm) ?? []).toHaveLength(app.warnings.length);
      expect(r.stderr).toContain(app.summary);
      expect(snapshot(dir)).toEqual(before);
    });

    it('--check exits 1 before the migration and 0 after it', () => {
      const dir = copy(app.name);
      expect(runCli(['--check', '--yes'], { cwd: dir }).code).toBe(1);
      expect(runCli(['--yes'], { cwd: dir }).code).toBe(0);
      const after = runCli(['--check', '--yes'], { cwd: dir });
      expect(after.code).toBe(0);
      expect(after.stdout).toBe('');
    });

    it('writes exactly the expected files, then a second run changes nothing', () => {
      const dir = copy(app.name);
      const r = runCli(['--yes', '.'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(app.written);
      expect(r.stderr).toContain('Set FLUX_API_KEY to your Flux key');
      expectTree(dir, join(PROJECTS, app.name, 'expected'));
      const again = runCli(['--yes', '.'], { cwd: dir });
      expect(again.code).toBe(0);
      expect(again.stdout).toBe('');
      expect(again.stderr).toContain(`0 files changed (0 edits), ${app.rerunWarnings} warning`);
      expectTree(dir, join(PROJECTS, app.name, 'expected'));
    });

    it('--json reports the same edits and warnings', () => {
      const dir = copy(app.name);
      const r = runCli(['--json', '--dry-run', '--yes'], { cwd: dir });
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.summary.changed).toBe(app.changed.length);
      expect(report.summary.errors).toBe(0);
      const changed = report.files.filter((f: { changed: boolean }) => f.changed).map((f: { path: string }) => f.path).sort();
      expect(changed).toEqual(app.changed);
      const warnings = report.files.flatMap((f: { path: string; warnings: { line: number; code: string }[] }) => f.warnings.map((w) => `${f.path}:${w.line}  ${w.code}`));
      expect(warnings.sort()).toEqual([...app.warnings].sort());
    });
  });
}
