// End to end: the built CLI on a temp copy of fixtures/projects/python-libraries (a CrewAI crew,
// a Haystack pipeline with an OpenAI embedder that stays, and an httpx client written by hand),
// as a user runs it: files, stdout, stderr, exit codes, and a second run that changes nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSameTree, fixtureProject, git, runCli, snapshot } from './helpers/cli.js';

const { input: INPUT, expected: EXPECTED, copy: project } = fixtureProject('python-libraries');

const CHANGED = ['.env.example', 'crew/agents.py', 'rag/pipeline.py', 'tools/http_chat.py'];

describe('flux-migrate on a Python project built on CrewAI, Haystack and hand-written HTTP', () => {
  it('--dry-run prints the diffs and the warnings, writes nothing, exits 0', () => {
    const dir = project();
    const before = snapshot(dir);
    const r = runCli(['--dry-run', '--yes'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/^diff --git a\/(\S+)/gm)).toEqual(CHANGED.map((p) => `diff --git a/${p}`));
    // A model string becomes an explicit LLM on Flux; the LLM's own key and URL move too.
    expect(r.stdout).toContain('+researcher = Agent(role="Researcher", goal="Find sources", backstory="Thorough.", llm=LLM(model="openai/flux-auto", base_url="https://api.fluxrouter.ai/v1", api_key=os.environ["FLUX_API_KEY"]))');
    expect(r.stdout).toContain('+    llm=LLM(model="openai/flux-auto", temperature=0.4, api_key=os.environ["FLUX_API_KEY"], base_url="https://api.fluxrouter.ai/v1"),');
    expect(r.stdout).toContain('+pipe.add_component("llm", OpenAIChatGenerator(api_key=Secret.from_env_var("FLUX_API_KEY"), model="flux-auto", api_base_url="https://api.fluxrouter.ai/v1"))');
    // The key moves with the URL of the hand-written request.
    expect(r.stdout).toContain('-API = "https://api.openai.com/v1"\n+API = "https://api.fluxrouter.ai/v1"');
    expect(r.stdout).toContain(`+    with httpx.Client(base_url=API, headers={"Authorization": f"Bearer {os.environ['FLUX_API_KEY']}"}) as client:`);
    // The embedder stays on OpenAI and reads OPENAI_API_KEY: the env file keeps it and gains the Flux key.
    expect(r.stdout).toContain(' OPENAI_API_KEY=sk-...here\n+FLUX_API_KEY=');
    expect(r.stdout + r.stderr).not.toContain('sk-your-key-here');
    expect(r.stderr).toContain('rag/pipeline.py:7  unsupported-endpoint  the Haystack OpenAITextEmbedder left on OpenAI');
    expect(r.stderr).toContain('.env.example:1  key-still-read  OPENAI_API_KEY stays and FLUX_API_KEY was added beside it: rag/pipeline.py:7');
    expect(r.stderr).toContain('4 files scanned, 4 files would change (13 edits), 2 warnings, 0 errors.');
    expect(snapshot(dir)).toEqual(before);
  });

  it('writes the migration; the result matches the expected project; a second run changes nothing', () => {
    const dir = project();
    const r = runCli(['--yes'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('4 files changed (13 edits)');
    expectSameTree(dir, EXPECTED, expect);
    git(dir, 'commit', '-qam', 'migrated');
    const again = runCli(['--yes'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('0 files changed (0 edits)');
    expectSameTree(dir, EXPECTED, expect);
    expect(runCli(['--check'], { cwd: dir }).code).toBe(0);
  });

  it('--check exits 1 while something would change, and writes nothing', () => {
    const dir = project();
    const r = runCli(['--check'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, 'tools', 'http_chat.py'), 'utf8')).toBe(readFileSync(join(INPUT, 'tools', 'http_chat.py'), 'utf8'));
  });

  it('--json lists the edits by kind, with the why of the request model', () => {
    const dir = project();
    const r = runCli(['--json', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toEqual({ scanned: 4, changed: 4, warnings: 2, errors: 0 });
    const http = report.files.find((f: { path: string }) => f.path === 'tools/http_chat.py');
    expect(http.edits.map((e: { kind: string; before: string; after: string }) => `${e.kind} ${e.before} -> ${e.after}`)).toEqual([
      'base-url https://api.openai.com/v1/chat/completions -> https://api.fluxrouter.ai/v1/chat/completions',
      'api-key os.environ[\'OPENAI_API_KEY\'] -> os.environ[\'FLUX_API_KEY\']',
      'model gpt-4.1-mini -> flux-auto',
    ]);
    expect(http.edits[2].why).toEqual(['request to /chat/completions (line 10)']);
  });
});
