// Framework values across the files of one run: options objects and providers defined in one
// file and used in another are edited where they are defined, with that file's own text and style.
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../src/pipeline/edits.js';
import { planFindings } from '../src/pipeline/plan.js';
import { scanJsGroup } from '../src/scan/js/index.js';

const OPTIONS = { baseUrl: 'https://api.fluxrouter.ai/v1', keyEnv: 'FLUX_API_KEY' };

function migrate(files: Record<string, string>): { after: Record<string, string>; warnings: string[] } {
  const list = Object.entries(files).map(([path, text]) => ({ path, text }));
  const { results } = scanJsGroup(list, OPTIONS, new Set(Object.keys(files)));
  const after: Record<string, string> = {};
  const warnings: string[] = [];
  for (const [path, r] of results) {
    if (r instanceof Error) throw r;
    const choices = new Map(r.scan.findings.filter((f) => f.kind === 'model').map((f) => [f.before, 'flux-auto']));
    after[path] = applyEdits(r.text, planFindings(r.scan.findings, choices).flatMap((f) => f.edits));
    for (const w of r.scan.warnings) warnings.push(`${path}:${w.line} ${w.code}`);
  }
  return { after, warnings: warnings.sort() };
}

describe('frameworks across files', () => {
  it('ChatOpenAI options imported from a config module are edited there, in its style', () => {
    const config = "export const llmOptions = {\n\tmodel: 'gpt-4o',\n\ttemperature: 0,\n};\n";
    const app = 'import { ChatOpenAI } from "@langchain/openai";\nimport { llmOptions } from "./config";\n\nexport const llm = new ChatOpenAI(llmOptions);\n';
    const { after, warnings } = migrate({ '/p/config.ts': config, '/p/app.ts': app });
    expect(after['/p/config.ts']).toBe("export const llmOptions = {\n\tmodel: 'flux-auto',\n\ttemperature: 0,\n\tapiKey: process.env.FLUX_API_KEY,\n\tconfiguration: { baseURL: 'https://api.fluxrouter.ai/v1' },\n};\n");
    expect(Object.keys(after).sort(), 'both files are in the results').toEqual(['/p/app.ts', '/p/config.ts']);
    expect(after['/p/app.ts']).toBe(app);
    expect(warnings).toEqual([]);
  });

  it('an AI SDK provider exported by one module is followed into the routes that call it', () => {
    const lib = "import { createOpenAI } from '@ai-sdk/openai';\nexport const openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY, compatibility: 'strict' });\n";
    const chat = "import { openai } from './lib';\nexport const model = openai('gpt-4o');\nexport const embedder = openai.embedding('text-embedding-3-small');\n";
    const { after, warnings } = migrate({ '/p/lib.ts': lib, '/p/chat.ts': chat });
    expect(after['/p/lib.ts']).toBe("import { createOpenAI } from '@ai-sdk/openai';\nexport const openai = createOpenAI({ apiKey: process.env.FLUX_API_KEY, compatibility: 'strict', baseURL: 'https://api.fluxrouter.ai/v1' });\n");
    expect(after['/p/chat.ts']).toBe(chat.replace("'gpt-4o'", "'flux-auto'"));
    expect(warnings).toEqual(['/p/chat.ts:3 unsupported-endpoint']);
  });

  it('an Agents SDK setup in one file silences the default-client warning in the others', () => {
    const setup = 'import OpenAI from "openai";\nimport { setDefaultOpenAIClient, setTracingDisabled } from "@openai/agents";\nsetDefaultOpenAIClient(new OpenAI({ apiKey: process.env.FLUX_API_KEY, baseURL: "https://api.fluxrouter.ai/v1" }));\nsetTracingDisabled(true);\n';
    const agents = 'import { Agent } from "@openai/agents";\nexport const a = new Agent({ name: "A", model: "gpt-4o" });\n';
    const alone = migrate({ '/p/agents.ts': agents });
    expect(alone.warnings).toEqual(['/p/agents.ts:2 unresolved-client']);
    const both = migrate({ '/p/setup.ts': setup, '/p/agents.ts': agents });
    expect(both.warnings).toEqual([]);
    expect(both.after['/p/agents.ts']).toBe(agents.replace('"gpt-4o"', '"flux-auto"'));
    expect(Object.keys(both.after).sort(), 'both files are in the results').toEqual(['/p/agents.ts', '/p/setup.ts']);
    expect(both.after['/p/setup.ts']).toBe(setup);
  });
});
