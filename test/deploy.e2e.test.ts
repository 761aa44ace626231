// End to end: the built CLI on temp copies of fixtures/projects/deploy-app: Python code, a
// Dockerfile, shell and PowerShell scripts, a devcontainer, fly.toml, app.json, vercel.json, a
// Continue config, and files that are not deployment configs (package.json, pyproject.toml).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSameTree, expectSecondRunChangesNothing, fixtureProject, git, runCli, snapshot } from './helpers/cli.js';

const { expected: EXPECTED, copy: project } = fixtureProject('deploy-app');
const KEYS = ['sk-proj-E2EfakeE2EfakeE2Efake00016', 'sk-proj-CONTfakeCONTfakeCONTfake00017'];
const CHANGED = ['.continue/config.json', '.devcontainer/devcontainer.json', 'app.json', 'Dockerfile', 'fly.toml', 'scripts/deploy.sh', 'scripts/setup.ps1', 'src/chat.py'];

describe('flux-migrate on a project with deployment files', () => {
  it('--dry-run prints a diff per deployment file that moves with the code, never a key, and writes nothing', () => {
    const dir = project();
    const before = snapshot(dir);
    const r = runCli(['--dry-run', '--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^diff --git a\/(\S+)/gm)).toEqual(CHANGED.map((p) => `diff --git a/${p}`));
    expect(r.stdout).toContain('-ARG OPENAI_API_KEY\n-ENV OPENAI_API_KEY=${OPENAI_API_KEY} \\\n-    OPENAI_MODEL=gpt-4o\n+ARG FLUX_API_KEY\n+ENV FLUX_API_KEY=${FLUX_API_KEY} \\\n+    OPENAI_MODEL=flux-auto');
    expect(r.stdout).toContain('+curl -sf https://api.fluxrouter.ai/v1/models -H "Authorization: Bearer $FLUX_API_KEY" > /dev/null');
    expect(r.stdout).toContain('+$env:FLUX_API_KEY = "sk-...0016"');
    // echoed text is docs: left as it is
    expect(r.stdout).not.toContain('deploying with FLUX_API_KEY');
    for (const key of KEYS) expect(r.stdout + r.stderr).not.toContain(key);
    expect(r.stderr).toContain('.continue/config.json:3  unresolved-key');
    expect(r.stderr).toContain('.devcontainer/devcontainer.json:7  secret-to-create');
    expect(r.stderr).toContain('9 files scanned, 8 files would change (19 edits), 2 warnings, 0 errors.');
    expect(snapshot(dir)).toEqual(before);
  });

  it('writes the migration; package.json and pyproject.toml stay; a second run changes nothing', () => {
    const dir = project();
    const r = runCli(['--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('8 files changed (19 edits)');
    expectSameTree(dir, EXPECTED, expect);
    expectSecondRunChangesNothing(dir, expect);
  });

  it('--check exits 1 while a deployment file would change', () => {
    const dir = project();
    const before = snapshot(dir);
    const r = runCli(['--check', 'Dockerfile', 'src'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(snapshot(dir)).toEqual(before);
  });

  it('--json reports the edits with the existing kinds', () => {
    const dir = project();
    const r = runCli(['--dry-run', '--json'], { cwd: dir });
    const report = JSON.parse(r.stdout);
    const kinds = (path: string) => report.files.find((f: { path: string }) => f.path === path).edits.map((e: { kind: string; before: string; after: string }) => `${e.kind} ${e.before} -> ${e.after}`);
    expect(kinds('Dockerfile')).toEqual(['env OPENAI_API_KEY -> FLUX_API_KEY', 'env OPENAI_API_KEY -> FLUX_API_KEY', 'model gpt-4o -> flux-auto']);
    expect(kinds('.continue/config.json')).toEqual(['base-url (OpenAI default) -> https://api.fluxrouter.ai/v1', 'model gpt-4o -> flux-auto']);
    expect(kinds('scripts/deploy.sh')).toContain('base-url https://api.openai.com/v1/models -> https://api.fluxrouter.ai/v1/models');
    for (const key of KEYS) expect(r.stdout).not.toContain(key);
  });

  it('a curl to an endpoint that stays on OpenAI keeps OPENAI_API_KEY: every file gets FLUX_API_KEY beside it', () => {
    const dir = project();
    writeFileSync(join(dir, 'scripts', 'embed.sh'), '#!/bin/sh\ncurl https://api.openai.com/v1/embeddings -H "Authorization: Bearer $OPENAI_API_KEY" -d \'{"model": "text-embedding-3-small", "input": "x"}\'\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'embed');
    const r = runCli(['--dry-run', '--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(' ARG OPENAI_API_KEY\n+ARG FLUX_API_KEY\n');
    expect(r.stdout).toContain('+ENV FLUX_API_KEY=${FLUX_API_KEY}\n');
    expect(r.stdout).toContain('-docker build --build-arg OPENAI_API_KEY -t chat .\n');
    expect(r.stdout).toContain('+docker build --build-arg OPENAI_API_KEY --build-arg FLUX_API_KEY -t chat .\n');
    // One warning, grouped over its places (the same message in every file that gained the key).
    const still = r.stderr.split('\n').find((l) => l.includes('  key-still-read  OPENAI_API_KEY stays and FLUX_API_KEY was added beside it: scripts/embed.sh:2 still reads OPENAI_API_KEY.'));
    expect(still, r.stderr).toMatch(/[ (]Dockerfile:3[,)]/);
    expect(r.stderr).toContain('scripts/embed.sh:2  unsupported-endpoint');
  });
});
