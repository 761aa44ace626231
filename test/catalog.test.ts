// The model catalog as a table: every OpenAI id shape it must recognise (and must not), what each
// is, the tier it suggests; the Flux id rule; and the --model/--map flags built on them.
import { describe, expect, it } from 'vitest';
import { builtInModels, classifyOpenAIModel, fluxIdProblem, isFluxId, isPinnedId, suggestTier } from '../src/catalog/models.js';
import { chooseModel, checkModelFlag, mapFlags, parseMapFlag, parseMapFlags } from '../src/pipeline/plan.js';

// [id, tier] for chat completions / responses ids.
const CHAT: [string, string][] = [
  ['gpt-4o', 'flux-standard'],
  ['gpt-4o-2024-08-06', 'flux-standard'],
  ['gpt-4o-2024-05-13', 'flux-standard'],
  ['chatgpt-4o-latest', 'flux-standard'],
  ['gpt-4o-mini', 'flux-fast'],
  ['gpt-4o-mini-2024-07-18', 'flux-fast'],
  ['gpt-4-turbo', 'flux-standard'],
  ['gpt-4-turbo-2024-04-09', 'flux-standard'],
  ['gpt-4-0613', 'flux-standard'],
  ['gpt-4-32k', 'flux-standard'],
  ['gpt-4', 'flux-standard'],
  ['gpt-4.1', 'flux-standard'],
  ['gpt-4.1-mini', 'flux-fast'],
  ['gpt-4.1-nano-2025-04-14', 'flux-fast'],
  ['gpt-4.5-preview', 'flux-standard'],
  ['gpt-5', 'flux-standard'],
  ['gpt-5-mini', 'flux-fast'],
  ['gpt-5-nano', 'flux-fast'],
  ['gpt-5-chat-latest', 'flux-standard'],
  ['gpt-5-codex', 'flux-standard'],
  ['gpt-5.1', 'flux-standard'],
  ['gpt-3.5-turbo', 'flux-fast'],
  ['gpt-3.5-turbo-0125', 'flux-fast'],
  ['gpt-3.5-turbo-16k', 'flux-fast'],
  ['gpt-35-turbo', 'flux-fast'],
  ['o1', 'flux-reasoning'],
  ['o1-mini', 'flux-reasoning'],
  ['o1-preview', 'flux-reasoning'],
  ['o1-pro', 'flux-reasoning'],
  ['o3', 'flux-reasoning'],
  ['o3-mini', 'flux-reasoning'],
  ['o3-mini-2025-01-31', 'flux-reasoning'],
  ['o4-mini', 'flux-reasoning'],
  ['o4-mini-deep-research', 'flux-reasoning'],
  ['gpt-oss-120b', 'flux-standard'],
  ['codex-mini-latest', 'flux-fast'],
  // Ids released after this catalog was written, recognised by pattern.
  ['gpt-6', 'flux-standard'],
  ['gpt-5.5-mini-2027-01-01', 'flux-fast'],
  ['o7', 'flux-reasoning'],
  ['o9-nano', 'flux-reasoning'],
];

// [id, endpoint] for ids of endpoints Flux does not serve.
const UNSUPPORTED: [string, string][] = [
  ['text-embedding-3-small', 'embeddings'],
  ['text-embedding-3-large', 'embeddings'],
  ['text-embedding-ada-002', 'embeddings'],
  ['dall-e-3', 'image generation'],
  ['dall-e-2', 'image generation'],
  ['gpt-image-1', 'image generation'],
  ['gpt-image-1-mini', 'image generation'],
  ['whisper-1', 'audio transcription'],
  ['gpt-4o-transcribe', 'audio transcription'],
  ['gpt-4o-mini-transcribe', 'audio transcription'],
  ['tts-1', 'text-to-speech'],
  ['tts-1-hd', 'text-to-speech'],
  ['gpt-4o-mini-tts', 'text-to-speech'],
  ['omni-moderation-latest', 'moderation'],
  ['text-moderation-latest', 'moderation'],
  ['gpt-4o-realtime-preview', 'realtime'],
  ['gpt-4o-mini-realtime-preview-2024-12-17', 'realtime'],
  ['gpt-realtime', 'realtime'],
  ['gpt-4o-audio-preview', 'audio'],
  ['gpt-audio', 'audio'],
  ['gpt-3.5-turbo-instruct', 'legacy completions'],
  ['davinci-002', 'legacy completions'],
  ['babbage-002', 'legacy completions'],
  ['text-davinci-003', 'legacy completions'],
  ['gpt-4o-search-preview', 'web search'],
  ['computer-use-preview', 'computer use'],
  ['sora-2', 'video generation'],
];

// Not OpenAI ids (or not ones it can rewrite): no classification, no tier.
const NOT_OPENAI = [
  '', 'gpt', 'gpt-', 'gpt-4o-', 'GPT-4o', 'gpt 4o', 'gpt-4o ', 'o', 'oauth', 'order-1', 'ollama', 'llama3', 'claude-3-5-sonnet',
  'mistral-large', 'gemini-1.5-pro', 'ft:gpt-4o-mini:acme::abc123', 'adaptive', 'code-llama', 'flux-auto', 'flux-pinned-gpt-4o', 'gpt_4o',
];

describe('classifyOpenAIModel / suggestTier', () => {
  it.each(CHAT)('%s is a chat model; suggested tier %s', (id, tier) => {
    expect(classifyOpenAIModel(id)).toEqual({ kind: 'chat', tier });
    expect(suggestTier(id)).toBe(tier);
  });
  it.each(UNSUPPORTED)('%s belongs to %s, which Flux does not serve', (id, endpoint) => {
    expect(classifyOpenAIModel(id)).toEqual({ kind: 'unsupported', endpoint });
    expect(suggestTier(id)).toBeUndefined();
  });
  it.each(NOT_OPENAI)('%j is not an OpenAI model id', (id) => {
    expect(classifyOpenAIModel(id)).toBeUndefined();
    expect(suggestTier(id)).toBeUndefined();
  });
});

describe('Flux ids', () => {
  it.each(['flux-auto', 'flux-fast', 'flux-standard', 'flux-reasoning', 'flux-image', 'flux-pinned-gpt-4o-2024-08-06', 'flux-pinned-a', 'flux-pinned-claude-3.5_x'])(
    '%s is valid',
    (id) => {
      expect(isFluxId(id)).toBe(true);
      expect(fluxIdProblem(id)).toBeUndefined();
    },
  );
  it.each([
    ['', /type a Flux model id/],
    ['flux-pinned-', /add the model name/],
    ['flux-pinned', /add the model name/],
    ['flux-pinned-GPT', /lowercase/],
    ['flux-pinned-a b', /lowercase letters, digits/],
    ['flux-pinned-x-', /lowercase letters, digits/],
    ['Flux-Fast', /lowercase: flux-fast/],
    ['gpt-4o', /OpenAI model id, not a Flux one/],
    ['flux-turbo', /not a Flux model id: use flux-auto, flux-fast, flux-standard, flux-reasoning, flux-image, or flux-pinned-<name>/],
    ['toString', /not a Flux model id/],
  ])('%j is not valid: %s', (id, why) => {
    expect(isFluxId(id)).toBe(false);
    expect(fluxIdProblem(id)).toMatch(why);
  });
  it('pinned ids are only flux-pinned-*', () => {
    expect(isPinnedId('flux-pinned-x')).toBe(true);
    expect(isPinnedId('flux-auto')).toBe(false);
  });
  it('the built-in list is the aliases, flux-auto first, each with a meaning', () => {
    const list = builtInModels();
    expect(list.map((m) => m.id)).toEqual(['flux-auto', 'flux-fast', 'flux-standard', 'flux-reasoning', 'flux-image']);
    for (const m of list) expect(m.description.length).toBeGreaterThan(10);
  });
});

describe('--model and --map', () => {
  const policy = (model: string, ...maps: string[]) => ({ model, map: parseMapFlags(maps) });

  it('--model takes a Flux id or "tiers"; anything else is a usage error (exit 2) listing the valid ids', () => {
    expect(checkModelFlag('flux-fast')).toBe('flux-fast');
    expect(checkModelFlag('tiers')).toBe('tiers');
    expect(checkModelFlag('flux-pinned-gpt-4o')).toBe('flux-pinned-gpt-4o');
    for (const bad of ['gpt-4o', 'flux-turbo', 'FLUX-AUTO', 'flux-pinned-']) {
      expect(() => checkModelFlag(bad)).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringContaining('flux-auto, flux-fast') }));
    }
  });

  it('--map parses old=new, keep and globs; malformed or unknown ids are usage errors', () => {
    expect(parseMapFlag('gpt-4o=flux-standard')).toEqual({ pattern: 'gpt-4o', target: 'flux-standard' });
    expect(parseMapFlag('o3-mini=keep')).toEqual({ pattern: 'o3-mini', target: 'keep' });
    expect(parseMapFlag('gpt-4o*=flux-fast')).toEqual({ pattern: 'gpt-4o*', target: 'flux-fast' });
    const bad: [string, RegExp][] = [
      ['gpt-4o', /expected <openai-id>=<flux-id>/],
      ['=flux-fast', /expected/],
      ['gpt-4o=', /expected/],
      ['gpt-4o=gpt-4o-mini', /OpenAI model id, not a Flux one/],
      ['gpt-4o=flux-turbo', /flux-auto, flux-fast, flux-standard, flux-reasoning, flux-image, or flux-pinned-<name>/],
      ['gtp-4o=flux-fast', /gtp-4o is not an OpenAI chat model id/],
      ['text-embedding-3-small=flux-fast', /embeddings model; Flux does not serve it/],
    ];
    for (const [flag, why] of bad) expect(() => parseMapFlag(flag), flag).toThrow(why);
    expect(() => parseMapFlags(['gpt-4o=flux-fast', 'gpt-4o=flux-standard'])).toThrow(/given twice/);
    expect(parseMapFlags(['gpt-4o=flux-fast', 'gpt-4o=flux-fast'])).toHaveLength(2);
  });

  it('an exact --map wins over a glob, a glob over --model; keep leaves the id; tiers takes the suggestion', () => {
    const p = policy('flux-reasoning', 'gpt-4o*=flux-fast', 'gpt-4o=flux-standard', 'o3-mini=keep');
    expect(chooseModel('gpt-4o', p)).toBe('flux-standard');
    expect(chooseModel('gpt-4o-mini', p)).toBe('flux-fast');
    expect(chooseModel('o3-mini', p)).toBeUndefined();
    expect(chooseModel('gpt-4.1', p)).toBe('flux-reasoning');
    const t = policy('tiers');
    expect(['gpt-4o', 'gpt-4o-mini', 'o3-mini', 'gpt-3.5-turbo'].map((id) => chooseModel(id, t))).toEqual(['flux-standard', 'flux-fast', 'flux-reasoning', 'flux-fast']);
    expect(chooseModel('gpt-4o', policy('flux-auto'))).toBe('flux-auto');
  });

  it('the --map line printed after prompts parses back to the same choices', () => {
    const choices = new Map<string, string | undefined>([['gpt-4o', 'flux-standard'], ['o3-mini', undefined], ['gpt-4.1', 'flux-pinned-x']]);
    const line = mapFlags(choices);
    expect(line).toBe('--map gpt-4o=flux-standard --map o3-mini=keep --map gpt-4.1=flux-pinned-x');
    const back = policy('flux-reasoning', ...line.split(' ').filter((w) => w !== '--map'));
    for (const [id, target] of choices) expect(chooseModel(id, back)).toBe(target);
  });
});
