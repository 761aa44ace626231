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

describe('prefilter lets Python library files through', () => {
  for (const c of loadCases(fixturePath('fixtures/python'))) {
    if (c.expected === c.input && c.warnings.length === 0) continue;
    it(c.name, () => {
      expect(scannerFor(c.inputFile)!.mayMatter(c.input)).toBe(true);
    });
  }

  it.each([
    'from crewai import Agent\nAgent(role="r", goal="g", backstory="b")',
    'import dspy\nlm = dspy.LM("openai/gpt-4o-mini")',
    'from haystack.components.generators.chat import OpenAIChatGenerator\nOpenAIChatGenerator()',
    'import httpx\nhttpx.post("https://api.openai.com/v1/chat/completions")',
  ])('%s', (text) => {
    expect(scannerFor('a.py')!.mayMatter(text)).toBe(true);
  });
});
