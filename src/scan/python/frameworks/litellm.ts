// LiteLLM in code (`import litellm`, `from litellm import completion, acompletion, Router`).
//
// LiteLLM picks the provider from the model id: a bare OpenAI id (`gpt-4o`) or `openai/<id>` goes
// to OpenAI with OPENAI_API_KEY. Its documented way to reach an OpenAI-compatible server
// (docs.litellm.ai, "OpenAI-Compatible Endpoints") is `model="openai/<id>"` with `api_base` and
// `api_key` on the call, or in a Router's `model_list[].litellm_params`. So a call whose model is
// an OpenAI id gets the Flux model as `openai/<flux id>`, `api_base` and the Flux key; a call to
// another provider (`anthropic/...`, `ollama/...`, `claude-3-...`) is left silently. The public
// `model_name` a Router's callers ask for stays. Embeddings, images, audio, moderations and text
// completions are warned (they stay on OpenAI).
import { classifyOpenAIModel, isFluxId } from '../../../catalog/models.js';
import { type PyContext, consume, consumeStrings, find, ownerOf, warn } from '../context.js';
import { lookup } from '../module.js';
import type { Node } from '../parse.js';
import { lineOf, named, stringValue, unwrap } from '../tree.js';
import { dictOf, valueSources } from '../values.js';
import { libraryName } from '../libraryNames.js';
import { type Options, callOptions, configure, contentStart, dictOptions, findModelIn } from './libraryOptions.js';

const LITELLM = /^litellm(\.main|\.router)?$/;
const CHAT = new Set(['completion', 'acompletion', 'responses', 'aresponses', 'completion_with_retries', 'acompletion_with_retries']);
const UNSUPPORTED: Record<string, string> = {
  embedding: 'embeddings', aembedding: 'embeddings',
  image_generation: 'image generation', aimage_generation: 'image generation',
  transcription: 'audio transcription', atranscription: 'audio transcription',
  speech: 'text-to-speech', aspeech: 'text-to-speech',
  moderation: 'moderations', amoderation: 'moderations',
  text_completion: 'legacy completions', atext_completion: 'legacy completions',
};
const ROUTER_CALLS = /^a?(completion|responses|embedding|image_generation|text_completion)$/;

/** What a model literal means to LiteLLM. */
type ModelKind =
  | { kind: 'openai'; offset: number; id: string } // an OpenAI chat id, `offset` after `openai/`
  | { kind: 'flux'; bare: boolean }
  | { kind: 'unsupported'; endpoint: string; id: string }
  | { kind: 'other' };

function modelKind(value: string): ModelKind {
  const slash = /^([\w.-]+)\/(.+)$/.exec(value);
  if (slash && slash[1] !== 'openai') return { kind: 'other' };
  const id = slash ? slash[2] : value;
  const offset = slash ? 'openai/'.length : 0;
  if (isFluxId(id)) return { kind: 'flux', bare: !slash };
  const model = classifyOpenAIModel(id);
  if (model?.kind === 'chat') return { kind: 'openai', offset, id };
  if (model?.kind === 'unsupported') return { kind: 'unsupported', endpoint: model.endpoint, id };
  return { kind: 'other' }; // an id LiteLLM sends elsewhere (claude-3-..., command-r), or unknown
}

export function scanLiteLLM(ctx: PyContext): void {
  if (!ctx.text.includes('litellm')) return;
  const routers: Node[] = [];
  for (const call of ctx.index.calls) {
    const lib = libraryName(ctx, call.childForFieldName('function'), LITELLM);
    if (!lib) continue;
    if (CHAT.has(lib.name)) chatCall(ctx, call, `LiteLLM ${lib.name}`);
    else if (lib.name === 'Router') routers.push(call);
    else if (UNSUPPORTED[lib.name]) unsupportedCall(ctx, call, lib.name, UNSUPPORTED[lib.name]);
  }
  for (const r of routers) router(ctx, r);
  if (routers.length) routerCalls(ctx, routers);
}

function modelArg(options: Options, call: Node): Node | undefined {
  const kw = options.get(['model']);
  if (kw) return kw.value;
  const first = named(call.childForFieldName('arguments')!)[0];
  return first && first.type !== 'keyword_argument' && first.type !== 'dictionary_splat' && first.type !== 'list_splat' ? first : undefined;
}

// `completion(model=..., messages=...)` and friends.
function chatCall(ctx: PyContext, call: Node, what: string): void {
  const options = callOptions(ctx, call);
  if ('unresolved' in options) {
    warn(ctx, 'unresolved-model', call, `the options of ${what} come from \`${options.unresolved.text}\`, which flux-migrate cannot see: if its model is an OpenAI one, pass model="openai/<Flux model id>", api_base="${ctx.options.baseUrl}" and api_key=os.environ["${ctx.options.keyEnv}"]`);
    return;
  }
  const model = modelArg(options, call);
  if (!model) return;
  moveOptions(ctx, call, options, model, what, `${what} (line ${lineOf(call)})`);
}

/**
 * Moves a call's (or a `litellm_params` dict's) options when its model is OpenAI's: the model id
 * (prefixed with `openai/` where bare), `api_base`, the key.
 */
function moveOptions(ctx: PyContext, node: Node, options: Options, model: Node, what: string, why: string): void {
  const provider = options.get(['custom_llm_provider']);
  const providerName = provider ? stringValue(provider.value) : undefined;
  if (provider && providerName !== 'openai') return consumeStrings(ctx, node); // another provider, or one it cannot see
  const sources = valueSources(ctx, model);
  // A parameter with a default: what the run's callers pass counts too (`complete(msgs, model="claude-3-haiku")`).
  const literals = [...sources.literals, ...passedLiterals(ctx, model)];
  const kinds = [...new Set(literals)].map((l) => ({ literal: l, kind: modelKind(stringValue(l)!) }));
  if (kinds.some((k) => k.kind.kind === 'other')) {
    // Another provider (at least sometimes): the call is not OpenAI's to move.
    for (const k of kinds) if (k.kind.kind === 'other') consume(ctx, k.literal);
    return;
  }
  if (!kinds.length) {
    warn(ctx, 'unresolved-model', model, `the model of ${what} comes from ${sources.unresolved ?? 'a value flux-migrate cannot see'}: LiteLLM picks the provider from it; if it is an OpenAI model, pass model="openai/<Flux model id>", api_base="${ctx.options.baseUrl}" and api_key=os.environ["${ctx.options.keyEnv}"]`);
    return;
  }
  const unsupported = kinds.find((k) => k.kind.kind === 'unsupported');
  if (unsupported) {
    const u = unsupported.kind as Extract<ModelKind, { kind: 'unsupported' }>;
    ctx.keepsOpenAIKey = true;
    warn(ctx, 'unsupported-endpoint', unsupported.literal, `"${u.id}" is a ${u.endpoint} model: ${what} left on OpenAI, since Flux does not serve it`);
    return consumeStrings(ctx, node);
  }
  // The `openai/` prefix tells LiteLLM to send the id to `api_base`. A literal an `openai` client
  // also uses keeps its shape: the call names the provider instead.
  const prefixed = kinds.filter(({ kind }) => (kind.kind === 'openai' && kind.offset === 0) || (kind.kind === 'flux' && kind.bare));
  const shared = !providerName && prefixed.some(({ literal }) => ownerOf(ctx, literal).models.has(literal.startIndex));
  const extra: [string, string][] = shared ? [['custom_llm_provider', quote(ctx, 'openai')]] : [];
  if (!configure(ctx, { what, node, options, bases: ['api_base', 'base_url'], keys: ['api_key'], addBase: 'api_base', addKey: 'api_key', extra, why })) return;
  if (!providerName && !shared) {
    for (const { literal } of prefixed) {
      const at = contentStart(literal);
      const value = stringValue(literal)!;
      find(ctx, 'base-url', literal, value, `openai/${value}`, [{ start: at, end: at, text: 'openai/' }], `${why}: LiteLLM sends openai/ ids to api_base`);
    }
  }
  for (const { literal, kind } of kinds) if (kind.kind === 'openai') findModelIn(ctx, literal, kind.offset, kind.id, why);
  if (sources.overriddenBy) {
    warn(ctx, 'unresolved-model', model, `the model of ${what} can also come from ${sources.overriddenBy}: this call now goes to Flux, so where that is set, set it to openai/<Flux model id> (a model of another provider set there would be sent to Flux)`);
  }
}

function passedLiterals(ctx: PyContext, model: Node): Node[] {
  const m = unwrap(model);
  const found = m?.type === 'identifier' ? lookup(ctx.index, m.text, m) : undefined;
  if (found?.kind !== 'param' || !found.fallback) return [];
  return (ctx.project?.arguments(ctx, found.fn, m!.text) ?? []).flatMap((a) => valueSources(a.ctx, a.value).literals);
}

function quote(ctx: PyContext, value: string): string {
  return `${ctx.style.quote}${value}${ctx.style.quote}`;
}

function unsupportedCall(ctx: PyContext, call: Node, name: string, endpoint: string): void {
  const options = callOptions(ctx, call);
  const model = 'unresolved' in options ? undefined : modelArg(options, call);
  const literals = model ? valueSources(ctx, model).literals : [];
  const openai = literals.some((l) => {
    const kind = modelKind(stringValue(l)!);
    return kind.kind !== 'other';
  });
  consumeStrings(ctx, call);
  if (!openai || ('unresolved' in options) || options.get(['api_base', 'base_url'])) return;
  ctx.keepsOpenAIKey = true;
  warn(ctx, 'unsupported-endpoint', call, `LiteLLM ${name} with an OpenAI model left on OpenAI: Flux does not serve ${endpoint} (it serves chat completions, responses and models)`);
}

// `Router(model_list=[{"model_name": "gpt-4o", "litellm_params": {"model": "gpt-4o", ...}}])`.
function router(ctx: PyContext, call: Node): void {
  const args = call.childForFieldName('arguments')!;
  const kw = named(args).find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'model_list');
  const first = named(args)[0];
  const value = kw?.childForFieldName('value') ?? (first && first.type !== 'keyword_argument' && first.type !== 'dictionary_splat' ? first : undefined);
  if (!value) return;
  const list = listOf(ctx, value);
  if (!list) {
    warn(ctx, 'unresolved-model', value, `the LiteLLM Router's model_list comes from \`${value.text}\`, which flux-migrate cannot see: for each OpenAI model there, set litellm_params model="openai/<Flux model id>", api_base="${ctx.options.baseUrl}" and api_key to the ${ctx.options.keyEnv} value`);
    return;
  }
  for (const element of named(list)) {
    const entry = dictOf(ctx, element);
    if (!entry) continue;
    const params = named(entry).find((i) => i.type === 'pair' && stringValue(i.childForFieldName('key')) === 'litellm_params');
    const alias = named(entry).find((i) => i.type === 'pair' && stringValue(i.childForFieldName('key')) === 'model_name');
    if (alias) consumeStrings(ctx, alias); // the public name callers ask the Router for
    const dict = params && dictOf(ctx, params.childForFieldName('value'));
    if (!dict) continue;
    const options = dictOptions(dict);
    if ('unresolved' in options) continue;
    const model = options.get(['model']);
    if (model) moveOptions(ctx, dict, options, model.value, 'the LiteLLM Router deployment', `Router model_list (line ${lineOf(dict)})`);
  }
}

function listOf(ctx: PyContext, expr: Node): Node | undefined {
  let n = unwrap(expr);
  for (let i = 0; n && i < 4 && n.type === 'identifier'; i++) {
    const found = lookup(ctx.index, n.text, n);
    n = found?.kind === 'assigned' && found.values.length === 1 ? unwrap(found.values[0].value) : undefined;
  }
  return n?.type === 'list' ? n : undefined;
}

// `router.acompletion(model="gpt-4o")`: the model is a Router alias (`model_name`), not an id to migrate.
function routerCalls(ctx: PyContext, routers: Node[]): void {
  const holders = new Set<string>();
  for (const [name, assigns] of ctx.index.assigns) if (assigns.some((a) => routers.some((r) => unwrap(a.value)?.id === r.id))) holders.add(name);
  for (const call of ctx.index.calls) {
    const fn = unwrap(call.childForFieldName('function'));
    if (fn?.type !== 'attribute' || !ROUTER_CALLS.test(fn.childForFieldName('attribute')!.text)) continue;
    const obj = fn.childForFieldName('object')!.text.replace(/^self\./, 'self.');
    if (holders.has(obj)) consumeStrings(ctx, call.childForFieldName('arguments'));
  }
}
