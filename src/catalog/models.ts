// The model catalog: the only place that knows model names, OpenAI's and Flux's.

export const DEFAULT_FLUX_MODEL = 'flux-auto';

/** Flux aliases and what each means (flux-migration-guide.txt, "What to do about the model field"). */
export const FLUX_ALIASES: Record<string, string> = {
  'flux-auto': 'Flux routes each request to a sensible model for the prompt (recommended)',
  'flux-fast': 'tier alias: quick, low-cost answers',
  'flux-standard': 'tier alias: the general-purpose tier',
  'flux-reasoning': 'tier alias: multi-step reasoning',
  'flux-image': 'tier alias: image understanding',
};

const PINNED = /^flux-pinned-[a-z0-9][a-z0-9._-]*$/;

/** A valid Flux model id: an alias or a `flux-pinned-*` id. */
export function isFluxId(id: string): boolean {
  return id in FLUX_ALIASES || PINNED.test(id);
}

export type OpenAIModel =
  | { kind: 'chat'; tier?: string }
  | { kind: 'unsupported'; endpoint: string };

// Ids served by endpoints Flux does not serve; checked before the chat families.
const UNSUPPORTED: [RegExp, string][] = [
  [/^text-embedding-|^text-search-|^text-similarity-/, 'embeddings'],
  [/^(dall-e-|gpt-image-)/, 'images'],
  [/^whisper-|-transcribe(-|$)/, 'audio transcription'],
  [/^tts-|-tts(-|$)/, 'text to speech'],
  [/moderation/, 'moderations'],
  [/-realtime(-|$)/, 'realtime'],
  [/-audio(-|$)/, 'audio'],
  [/-instruct(-|$)/, 'legacy completions'],
  [/^(text-)?(davinci|babbage|curie|ada)(-|$)/, 'legacy completions'],
  [/-search-(preview|api)/, 'web search models'],
  [/^computer-use-/, 'computer use'],
];

// Chat and responses families, by pattern so that future ids are recognised.
const CHAT = /^(gpt-\d+(\.\d+)?[a-z]?(-[a-z0-9.]+)*|chatgpt-[a-z0-9.-]+|o\d+(-[a-z0-9.]+)*|gpt-oss-[a-z0-9.-]+|codex-[a-z0-9.-]+)$/;

/** What an OpenAI model id is, or undefined when it is not one. */
export function classifyOpenAIModel(id: string): OpenAIModel | undefined {
  if (!/^[a-z0-9][a-z0-9.:_-]*$/.test(id)) return undefined;
  for (const [pattern, endpoint] of UNSUPPORTED) {
    if (pattern.test(id)) return CHAT.test(id) || /^(text-|dall-e|whisper|tts|omni|davinci|babbage|curie|ada|computer)/.test(id)
      ? { kind: 'unsupported', endpoint }
      : undefined;
  }
  if (!CHAT.test(id)) return undefined;
  return { kind: 'chat', tier: suggestTier(id) };
}

/** The suggested Flux tier for an OpenAI chat id. */
export function suggestTier(id: string): string | undefined {
  if (/^o\d/.test(id)) return 'flux-reasoning';
  if (/(^|-)(mini|nano)(-|$)|^gpt-3\.5/.test(id)) return 'flux-fast';
  if (CHAT.test(id)) return 'flux-standard';
  return undefined;
}

export function isOpenAIChatModel(id: string): boolean {
  return classifyOpenAIModel(id)?.kind === 'chat';
}
