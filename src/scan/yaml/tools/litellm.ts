// A LiteLLM proxy's config.yaml (docs.litellm.ai/docs/proxy/configs): each `model_list` entry
// whose `litellm_params.model` is an OpenAI chat model (`openai/gpt-4o`, or `gpt-4o`, which LiteLLM
// routes to OpenAI) moves to Flux: `model: openai/<flux id>` (the `openai/` provider is LiteLLM's
// way to an OpenAI-compatible server), `api_base` set to the Flux URL, and `api_key` read from the
// Flux key (`os.environ/FLUX_API_KEY`; added when absent, since LiteLLM would read
// OPENAI_API_KEY). The public `model_name` callers ask for stays. Entries of other providers
// (`azure/`, `anthropic/`, an `openai/` model on another server) are left; embedding, image and
// audio entries stay on OpenAI and keep reading OPENAI_API_KEY, which the key plan counts.
import { type Pair, type YAMLMap, isMap, isSeq } from 'yaml';
import { classifyOpenAIModel, isFluxId } from '../../../catalog/models.js';
import { classifyUrl } from '../../../catalog/urls.js';
import { maskSecret, registerSecret } from '../../../secrets.js';
import { KEY_VAR } from '../../env/index.js';
import type { Context } from '../context.js';
import { type ScalarSpan, get, lineOf, pairOf, scalarSpan, setValue, textOf } from '../parse.js';
import { refsIn } from '../refs.js';
import { addPair, handleAll, own, quoteOf, splitProvider } from './shared.js';

const NOT_CHAT_MODES = /^(embedding|image_generation|audio_transcription|audio_speech|moderation|rerank|realtime)$/;

export function litellm(ctx: Context): void {
  const list = get(ctx.doc, ctx.doc.contents, 'model_list');
  if (!isSeq(list)) return;
  for (const entry of list.items) {
    handleAll(ctx, entry);
    const params = get(ctx.doc, entry, 'litellm_params');
    if (isMap(params)) modelEntry(ctx, entry as YAMLMap, params);
  }
}

function modelEntry(ctx: Context, entry: YAMLMap, params: YAMLMap): void {
  const { options, out } = ctx;
  const modelPair = pairOf(params, 'model');
  const model = scalarSpan(ctx.file, modelPair?.value);
  if (!modelPair || !model) return;
  const { provider, id } = splitProvider(model.value);
  if ((provider && provider !== 'openai') || isFluxId(id)) return;
  const kind = classifyOpenAIModel(id);
  if (!kind && !provider) return; // not an OpenAI id, no provider: LiteLLM routes it elsewhere
  const line = lineOf(ctx.file, model.start);
  const name = textOf(get(ctx.doc, entry, 'model_name')) ?? id;
  const why = [`LiteLLM proxy model ${name}`];
  const basePair = pairOf(params, 'api_base') ?? pairOf(params, 'base_url');
  const base = scalarSpan(ctx.file, basePair?.value);
  const baseKind = base?.value && !refsIn(base.value, 0).length ? classifyUrl(base.value, options.baseUrl) : undefined;
  const keyPair = pairOf(params, 'api_key');
  const key = scalarSpan(ctx.file, keyPair?.value);
  if (baseKind === 'azure' || baseKind === 'other') {
    if (kind) out.warnings.push({ code: baseKind === 'azure' ? 'azure-client' : 'other-provider', line, message: `model ${name} sends ${model.value} to ${base!.value}, ${baseKind === 'azure' ? 'Azure OpenAI' : 'another provider'}: left as is` });
    return;
  }
  const mode = textOf(get(ctx.doc, get(ctx.doc, entry, 'model_info'), 'mode')) ?? '';
  if (kind?.kind !== 'chat' || NOT_CHAT_MODES.test(mode)) {
    if (kind?.kind === 'unsupported' || NOT_CHAT_MODES.test(mode)) {
      out.warnings.push({ code: 'unsupported-endpoint', line, message: `model ${name} (${model.value}) is a model for ${kind?.kind === 'unsupported' ? kind.endpoint : mode.replace(/_/g, ' ')}: Flux does not serve it, so it stays on OpenAI and keeps reading ${KEY_VAR}` });
    } else {
      out.warnings.push({ code: 'unknown-model', line, message: `model ${name} (${model.value}) is not an OpenAI model flux-migrate knows, so it was left as is: choose a Flux model id by hand` });
    }
    readsOldKey(ctx, key, model);
    return;
  }
  out.findings.push(own({ kind: 'model', line, before: id, after: '', why, edits: [], literal: { start: model.start, end: model.end, quote: '', prefix: 'openai/' } }));
  if (baseKind !== 'flux') {
    const edit = base ? setValue(ctx.file, base, options.baseUrl) : addPair(ctx, params, modelPair as Pair, 'api_base', options.baseUrl, quoteOf(model));
    if (edit) out.findings.push(own({ kind: 'base-url', line: base ? lineOf(ctx.file, base.start) : line, before: base?.value ?? '(LiteLLM default: https://api.openai.com/v1)', after: options.baseUrl, why, edits: [edit] }));
  }
  keySetting(ctx, params, modelPair as Pair, model, key, why);
}

function keySetting(ctx: Context, params: YAMLMap, modelPair: Pair, model: ScalarSpan, key: ScalarSpan | undefined, why: string[]): void {
  const { options, out } = ctx;
  const flux = `os.environ/${options.keyEnv}`;
  if (key?.value === flux) return;
  const ref = key && refsIn(key.value, key.start).find((r) => r.context === 'os.environ');
  if (key && ref && ref.name !== KEY_VAR) {
    out.warnings.push({ code: 'unresolved-key', line: lineOf(ctx.file, key.start), message: `the key is read from ${ref.name}: make sure it holds your Flux key` });
    return;
  }
  if (key && ref) {
    out.keyReads.push({ name: KEY_VAR, line: lineOf(ctx.file, ref.start), start: ref.start, end: ref.end });
    out.findings.push(own({ kind: 'api-key', line: lineOf(ctx.file, key.start), before: key.value, after: flux, why, edits: [{ start: ref.start, end: ref.end, text: options.keyEnv }] }));
  } else if (key && !key.value) {
    out.findings.push(own({ kind: 'api-key', line: lineOf(ctx.file, key.start), before: '(empty)', after: flux, why, edits: [setValue(ctx.file, key, flux)] }));
  } else if (key) {
    registerSecret(key.value);
    const line = lineOf(ctx.file, key.start);
    out.findings.push(own({ kind: 'api-key', line, before: maskSecret(key.value), after: flux, why, edits: [{ start: key.start, end: key.end, text: flux }] }));
    out.warnings.push({ code: 'hardcoded-key', line, message: `a literal API key (${maskSecret(key.value)}) was replaced by ${flux}: set ${options.keyEnv} to your Flux key where the proxy runs, and revoke the old key if it was ever committed` });
  } else {
    // LiteLLM's OpenAI provider reads OPENAI_API_KEY when no key is given.
    const edit = addPair(ctx, params, modelPair, 'api_key', flux, quoteOf(model));
    if (edit) out.findings.push(own({ kind: 'api-key', line: lineOf(ctx.file, model.start), before: `(LiteLLM default: ${KEY_VAR})`, after: flux, why, edits: [edit] }));
  }
}

// An entry left on OpenAI reads OPENAI_API_KEY (by `os.environ/`, or LiteLLM's default).
function readsOldKey(ctx: Context, key: ScalarSpan | undefined, model: ScalarSpan): void {
  const ref = key && refsIn(key.value, key.start).find((r) => r.context === 'os.environ');
  if (ref?.name === KEY_VAR) ctx.out.keyReads.push({ name: KEY_VAR, line: lineOf(ctx.file, ref.start), start: ref.start, end: ref.end });
  else if (!key) ctx.out.keyReads.push({ name: KEY_VAR, line: lineOf(ctx.file, model.start), start: model.start, end: model.start });
}
