// End to end: the built CLI (`npm run build` first) on a temp copy of a Python app that reaches
// OpenAI through libraries (the Agents SDK across two modules, LiteLLM, LlamaIndex, pydantic-ai):
// files, stdout, stderr, exit code, the JSON report, and a second run that changes nothing.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSameTree, expectSecondRunChangesNothing, fixtureProject, runCli, snapshot } from './helpers/cli.js';

const { expected: EXPECTED, copy: project } = fixtureProject('python-frameworks-app');

const CHANGED = ['.env.example', 'app/main.py', 'app/search.py', 'app/summaries.py', 'app/team.py'];
// The LiteLLM embeddings stay on OpenAI, so the env file keeps OPENAI_API_KEY and gains FLUX_API_KEY.
const WARNINGS = ['.env.example:1  key-still-read', 'app/search.py:5  new-dependency', 'app/summaries.py:12  unsupported-endpoint'];

describe('flux-migrate on a Python app built on agent and LLM libraries', () => {
  it('--dry-run prints each library\'s migration and the warnings, writes nothing, exits 0', () => {
    const dir = project();
    const before = snapshot(dir);
    const r = runCli(['--dry-run', '--yes'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/^diff --git a\/(\S+)/gm)).toEqual(CHANGED.map((p) => `diff --git a/${p}`));
    // Agents SDK: the module that runs the agents gets the Flux default client; the agents' models move.
    expect(r.stdout).toContain('+set_default_openai_client(AsyncOpenAI(base_url="https://api.fluxrouter.ai/v1", api_key=os.environ["FLUX_API_KEY"]), use_for_tracing=False)');
    expect(r.stdout).toContain('-triage = Agent(name="Triage", instructions="Route the customer.", model="gpt-4o-mini")\n+triage = Agent(name="Triage", instructions="Route the customer.", model="flux-auto")');
    // LiteLLM: openai/<flux id> with api_base and the Flux key.
    expect(r.stdout).toContain('+    reply = litellm.completion(model="openai/flux-auto", messages=[{"role": "user", "content": text}], api_key=os.environ["FLUX_API_KEY"], api_base="https://api.fluxrouter.ai/v1")');
    // LlamaIndex: OpenAI becomes OpenAILike; pydantic-ai: the model string becomes a model with a Flux provider.
    expect(r.stdout).toContain('+from llama_index.llms.openai_like import OpenAILike');
    expect(r.stdout).toContain('+checker = Agent(OpenAIChatModel("flux-auto", provider=OpenAIProvider(base_url="https://api.fluxrouter.ai/v1", api_key=os.environ["FLUX_API_KEY"])), instructions="Check the facts.")');
    for (const w of WARNINGS) expect(r.stderr).toContain(w);
    expect(r.stderr.match(/^ {2}\S+:\d+ {2}\S+/gm)).toHaveLength(WARNINGS.length);
    expect(r.stderr).toContain('6 files scanned, 5 files would change (12 edits), 3 warnings, 0 errors.');
    expect(snapshot(dir)).toEqual(before);
  });

  it('writes the expected project; --check passes and a second run changes nothing', () => {
    const dir = project();
    expect(runCli(['--check', '--yes'], { cwd: dir }).code).toBe(1);
    const r = runCli(['--yes'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('5 files changed (12 edits), 3 warnings');
    expectSameTree(dir, EXPECTED, expect);
    expectSecondRunChangesNothing(dir, expect, ['--check', '--yes']);
    expectSameTree(dir, EXPECTED, expect);
  });

  it('--json reports the same edits and warnings', () => {
    const dir = project();
    const r = runCli(['--json', '--dry-run', '--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toEqual({ scanned: 6, changed: 5, warnings: 3, errors: 0 });
    const warnings = report.files.flatMap((f: { path: string; warnings: { line: number; code: string }[] }) => f.warnings.map((w) => `${f.path}:${w.line}  ${w.code}`));
    expect(warnings.sort()).toEqual([...WARNINGS].sort());
    const models = report.files.flatMap((f: { path: string; edits: { kind: string; before: string; after: string }[] }) => f.edits.filter((e) => e.kind === 'model').map((e) => `${f.path} ${e.before}->${e.after}`));
    expect(models.sort()).toEqual(['app/search.py gpt-4o->flux-auto', 'app/search.py o3-mini->flux-auto', 'app/summaries.py gpt-4o->flux-auto', 'app/team.py gpt-4o-mini->flux-auto']);
  });
});
