// The prefilter (src/scan/index.ts) decides from the text alone whether a file is parsed: every
// framework fixture that changes or warns must get through it, whatever library it uses.
import { describe, expect, it } from 'vitest';
import { scannerFor } from '../src/scan/index.js';
import { fixturePath, loadCases } from './helpers/fixtures.js';

describe('prefilter lets framework files through', () => {
  for (const c of loadCases(fixturePath('fixtures/frameworks'))) {
    // Judged from the expectations (output or warnings), not from what the tool did.
    if (c.expected === c.input && c.warnings.length === 0) continue;
    it(c.name, () => {
      expect(scannerFor(c.inputFile)!.mayMatter(c.input)).toBe(true);
    });
  }

  it.each([
    'import { initChatModel } from "langchain";\nawait initChatModel("o3-mini");',
    'import { OpenAI, Settings } from "llamaindex";\nSettings.llm = new OpenAI();',
    'import { Agent } from "@openai/agents";\nnew Agent({ name: "a" });',
    'import { openai } from "@ai-sdk/openai";\nopenai("o4-mini");',
  ])('%s', (text) => {
    expect(scannerFor('a.ts')!.mayMatter(text)).toBe(true);
  });
});
