// The model catalog: the only place that knows model names, OpenAI's and Flux's. OpenAI ids are
// recognised by pattern (families, dated snapshots, `-latest`), so ids released later still are.

export const DEFAULT_FLUX_MODEL = 'flux-auto';

/** Flux aliases and what each means (flux-migration-guide.txt, "What to do about the model field"). */
export const FLUX_ALIASES: Record<string, string> = {
  'flux-auto': 'Flux routes each request to a sensible model for the prompt (recommended)',
  'flux-fast': 'tier alias: quick, low-cost answers',
  'flux-standard': 'tier alias: the general-purpose tier',
  'flux-reasoning': 'tier alias: multi-step reasoning',
  'flux-image': 'tier alias: image work',
};

export type FluxTier = 'flux-fast' | 'flux-standard' | 'flux-reasoning' | 'flux-image';
export const FLUX_TIERS: FluxTier[] = ['flux-fast', 'flux-standard', 'flux-reasoning', 'flux-image'];

export const PINNED_PREFIX = 'flux-pinned-';
const PINNED = /^flux-pinned-[a-z0-9](?:[a-z0-9._-]{0,98}[a-z0-9])?$/;

/** A `flux-pinned-<name>` id: lowercase letters, digits, `.`, `_` and `-`, ending on a letter or digit. */
export function isPinnedId(id: string): boolean {
  return PINNED.test(id);
}

/** A valid Flux model id: an alias or a `flux-pinned-*` id. */
export function isFluxId(id: string): boolean {
  return Object.hasOwn(FLUX_ALIASES, id) || isPinnedId(id);
}

/** The valid Flux ids, as a user reads them in an error message. */
export function validFluxIds(): string {
  return `${Object.keys(FLUX_ALIASES).join(', ')}, or ${PINNED_PREFIX}<name>`;
}

/** Why `id` is not a valid Flux id (one short sentence), or undefined when it is one. */
export function fluxIdProblem(id: string): string | undefined {
  if (isFluxId(id)) return undefined;
  if (!id.trim()) return `type a Flux model id: ${validFluxIds()}`;
  if (isFluxId(id.toLowerCase())) return `Flux model ids are lowercase: ${id.toLowerCase()}`;
  if (id === PINNED_PREFIX || id === PINNED_PREFIX.slice(0, -1)) return `add the model name: ${PINNED_PREFIX}<name>`;
  if (id.startsWith(PINNED_PREFIX)) return `${PINNED_PREFIX}<name> takes lowercase letters, digits, ".", "_" and "-" after the prefix`;
  if (classifyOpenAIModel(id)) return `${id} is an OpenAI model id, not a Flux one: use ${validFluxIds()}`;
  return `${id} is not a Flux model id: use ${validFluxIds()}`;
}

export type OpenAIModel =
  | { kind: 'chat'; tier: FluxTier }
  | { kind: 'unsupported'; endpoint: string };

// What an OpenAI id can start with: every family, current and legacy.
const OPENAI_PREFIX = /^(gpt-|chatgpt-|o\d|text-|dall-e-|whisper-|tts-|omni-moderation|davinci|babbage|curie|ada|code-|computer-use-|codex-|sora-)/;

// Ids served by endpoints Flux does not serve; checked before the chat families
// (`gpt-4o-mini-tts` is speech, `gpt-4o-realtime-preview` is realtime).
const UNSUPPORTED: [RegExp, string][] = [
  [/^text-(embedding|search|similarity)-|-embedding(-|$)/, 'embeddings'],
  [/^dall-e-|^(chat)?gpt-image(-|$)/, 'image generation'],
  [/^whisper-|-transcribe(-|$)/, 'audio transcription'],
  [/^tts-|-tts(-|$)/, 'text-to-speech'],
  [/(^|-)moderation(-|$)/, 'moderation'],
  [/(^|-)realtime(-|$)/, 'realtime'],
  [/(^|-)audio(-|$)/, 'audio'],
  [/-instruct(-|$)/, 'legacy completions'],
  [/^(text-)?(davinci|babbage|curie|ada)(-|$)|^code-(davinci|cushman)-/, 'legacy completions'],
  [/-search-(preview|api)(-|$)/, 'web search'],
  [/^computer-use-/, 'computer use'],
  [/^sora(-|$)/, 'video generation'],
];

// Chat completions and responses families: gpt-<n>[.<m>][o] with any suffixes (gpt-4o-2024-08-06,
// gpt-4.1-mini, gpt-5-chat-latest), chatgpt-*, the o-series, gpt-oss-*, codex-*.
const SEGMENTS = '(-[a-z0-9.]+)*';
const CHAT = new RegExp(`^(gpt-\\d+(\\.\\d+)?[a-z]?${SEGMENTS}|chatgpt-\\d[a-z0-9.]*${SEGMENTS}|o\\d+${SEGMENTS}|gpt-oss${SEGMENTS}|codex-[a-z0-9.]+${SEGMENTS})$`);

/** What an OpenAI model id is, or undefined when it is not one this catalog recognises. */
export function classifyOpenAIModel(id: string): OpenAIModel | undefined {
  if (!OPENAI_PREFIX.test(id) || !/^[a-z0-9.-]+$/.test(id) || /[.-]$/.test(id)) return undefined;
  for (const [pattern, endpoint] of UNSUPPORTED) if (pattern.test(id)) return { kind: 'unsupported', endpoint };
  if (!CHAT.test(id)) return undefined;
  return { kind: 'chat', tier: tierOf(id) };
}

// o-series -> reasoning; mini, nano and gpt-3.5 -> fast; the rest -> standard.
function tierOf(id: string): FluxTier {
  if (/^o\d/.test(id)) return 'flux-reasoning';
  if (/(^|-)(mini|nano)(-|$)|^gpt-3\.?5(-|$)/.test(id)) return 'flux-fast';
  return 'flux-standard';
}

/** The suggested Flux tier for an OpenAI chat/responses id; undefined for anything else. */
export function suggestTier(id: string): FluxTier | undefined {
  const model = classifyOpenAIModel(id);
  return model?.kind === 'chat' ? model.tier : undefined;
}

/** The tiers that fit an id's endpoint: chat/responses ids get the text tiers, never flux-image. */
export function tiersFor(id: string): FluxTier[] {
  const tier = suggestTier(id);
  const text = FLUX_TIERS.filter((t) => t !== 'flux-image');
  return tier ? [tier, ...text.filter((t) => t !== tier)] : text;
}

export function isOpenAIChatModel(id: string): boolean {
  return classifyOpenAIModel(id)?.kind === 'chat';
}

/** The built-in list `flux-migrate models` shows when the live one is not available. */
export function builtInModels(): { id: string; description: string }[] {
  return Object.entries(FLUX_ALIASES).map(([id, description]) => ({ id, description }));
}

/**
 * Text every OpenAI chat id family starts with, for the scanners' cheap text prefilters; the
 * o-series (`o3-mini`) counts only right after `quote` (a character class of quote characters).
 */
export function idMarkers(quote: string): string {
  return `gpt-|chatgpt|${quote}o\\d`;
}

/** A prefix code tests model ids against (`model.startsWith("gpt-")`). */
export const ID_PREFIX = /^(gpt-?|gpt-\d(\.\d)?-?|o\d-?|chatgpt-?|text-davinci-?)$/;

/** A regular expression source that matches model ids by their shape (`/^o\d/`, `/gpt-4/`). */
export const ID_PATTERN = /gpt-|chatgpt|\bo\[?\d|\^o\d|\bo[1-9]\b/;
