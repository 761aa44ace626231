// End to end: the built CLI on temp copies of fixtures/projects/yaml-app (a TS client, a Compose
// file and a Kubernetes Secret holding literal keys, a workflow, a Continue config with a literal
// key, an Aider config, and two YAML files that do not parse: one that names nothing of OpenAI's,
// which the prefilter skips unread, and one that does).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSameTree, expectSecondRunChangesNothing, fixtureProject, runCli, snapshot } from './helpers/cli.js';

const { expected: EXPECTED, copy: project } = fixtureProject('yaml-app');
// The literal keys in the project: none may ever be printed.
const SECRETS = ['sk-proj-Compose0123456789abcdefghij', 'Zq7xK2mLp9Rt4Wv8', 'sk-proj-Continue0123456789abcdefgh', 'Yh3kP8wQz5Nc2Vb7'];
const CHANGED = ['.aider.conf.yml', '.continue/config.yaml', '.github/workflows/ci.yml', 'deploy/secret.yaml', 'docker-compose.yml', 'src/chat.ts'];

describe('flux-migrate on a project with YAML files', () => {
  it('--dry-run prints the YAML diffs with every key masked, writes nothing, exits 0', () => {
    const dir = project();
    const before = snapshot(dir);
    const r = runCli(['--dry-run', '--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^diff --git a\/(\S+)/gm)).toEqual(CHANGED.map((p) => `diff --git a/${p}`));
    expect(r.stdout).toContain('-      OPENAI_API_KEY: sk-...ghij   # a real key, committed by mistake\n-      OPENAI_MODEL: gpt-4o\n+      FLUX_API_KEY: sk-...ghij   # a real key, committed by mistake\n+      OPENAI_MODEL: flux-auto');
    expect(r.stdout).toContain('-  OPENAI_API_KEY: "...4Wv8"\n-  OPENAI_MODEL: gpt-4o-mini\n+  FLUX_API_KEY: "...4Wv8"\n+  OPENAI_MODEL: flux-auto');
    expect(r.stdout).toContain('-      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n+      FLUX_API_KEY: ${{ secrets.FLUX_API_KEY }}');
    expect(r.stdout).toContain('-    model: gpt-4o\n-    apiKey: sk-...efgh\n+    model: flux-auto\n+    apiBase: https://api.fluxrouter.ai/v1\n+    apiKey: ${{ secrets.FLUX_API_KEY }}');
    expect(r.stdout).toContain(' openai-api-key: ...2Vb7\n-model: o3-mini\n+model: openai/flux-auto\n+openai-api-base: https://api.fluxrouter.ai/v1');
    for (const secret of SECRETS) expect(r.stdout + r.stderr).not.toContain(secret);
    expect(r.stderr).toContain('.github/workflows/ci.yml:7  secret-to-create  create the Actions secret FLUX_API_KEY holding your Flux key (GitHub: the repository\'s Settings > Secrets and variables > Actions');
    expect(r.stderr).toContain('.continue/config.yaml:8  hardcoded-key');
    expect(r.stderr).toContain('broken.yaml:1  skipped-file  does not parse as YAML');
    expect(r.stderr).not.toContain('mkdocs.yml'); // no OpenAI name in it: never parsed
    expect(r.stderr).toContain('8 files scanned, 6 files would change (13 edits), 6 warnings, 0 errors.');
    expect(snapshot(dir)).toEqual(before);
  });

  it('writes the migration; the result matches the expected project; a second run changes nothing', () => {
    const dir = project();
    const r = runCli(['--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('6 files changed (13 edits)');
    expectSameTree(dir, EXPECTED, expect);
    expectSecondRunChangesNothing(dir, expect);
  });

  it('--check exits 1 while a YAML file would change', () => {
    const dir = project();
    const r = runCli(['--check', 'docker-compose.yml', 'src'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Check failed');
  });

  it('--json reports the YAML edits with their kinds, and never a key', () => {
    const dir = project();
    const r = runCli(['--json', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const edits = (path: string) => report.files.find((f: { path: string }) => f.path === path).edits.map((e: { line: number; kind: string; before: string; after: string }) => `${e.line} ${e.kind} ${e.before} -> ${e.after}`);
    expect(edits('docker-compose.yml')).toEqual(['5 env OPENAI_API_KEY -> FLUX_API_KEY', '6 model gpt-4o -> flux-auto']);
    expect(edits('.continue/config.yaml')).toEqual([
      '7 model gpt-4o -> flux-auto',
      '7 base-url (default: https://api.openai.com/v1) -> https://api.fluxrouter.ai/v1',
      '8 api-key sk-...efgh -> ${{ secrets.FLUX_API_KEY }}',
    ]);
    expect(edits('.aider.conf.yml')).toEqual(['2 model o3-mini -> openai/flux-auto', '2 base-url (default: https://api.openai.com/v1) -> https://api.fluxrouter.ai/v1']);
    for (const secret of SECRETS) expect(r.stdout).not.toContain(secret);
  });
});
