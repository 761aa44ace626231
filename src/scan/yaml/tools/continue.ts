// Continue's config.yaml (docs.continue.dev, "config.yaml Reference"), also its assistants
// (`.continue/assistants/*.yaml`) and model blocks (`.continue/models/*.yaml`): a `models:` entry
// with `provider: openai` and an OpenAI chat model moves to Flux: `apiBase` set to the Flux URL
// (the documented way to an OpenAI-compatible server), `model` mapped, `apiKey` read from
// `${{ secrets.FLUX_API_KEY }}` (Continue reads local secrets from the workspace's .env or
// ~/.continue/.env, so this follows the env files; a `secret-to-create` says where to set it).
// Other providers and `mcpServers` are left; embedding and rerank models stay on OpenAI.
import { type Pair, type YAMLMap, isMap, isSeq } from 'yaml';
import { classifyOpenAIModel, isFluxId } from '../../../catalog/models.js';
import { classifyUrl } from '../../../catalog/urls.js';
import { maskSecret, registerSecret } from '../../../secrets.js';
import { KEY_VAR } from '../../env/index.js';
import type { Context } from '../context.js';
import { get, lineOf, pairOf, scalarSpan, setValue, textOf } from '../parse.js';
import { onlyRefs, refsIn } from '../refs.js';
import { secretMessage } from '../secretStores.js';
import { addPair, handleAll, own, quoteOf } from './shared.js';

export function continueConfig(ctx: Context): void {
  const models = get(ctx.doc, ctx.doc.contents, 'models');
  if (!isSeq(models)) return;
  for (const entry of models.items) {
    handleAll(ctx, entry);
    if (isMap(entry)) modelEntry(ctx, entry);
  }
}

function modelEntry(ctx: Context, entry: YAMLMap): void {
  const { doc, options, out } = ctx;
  const uses = textOf(get(doc, entry, 'uses'));
  if (uses?.startsWith('openai/')) {
    const line = lineOf(ctx.file, scalarSpan(ctx.file, pairOf(entry, 'uses')?.value)?.start ?? 0);
    out.warnings.push({ code: 'unresolved-client', line, message: `the hub block ${uses} calls OpenAI, and flux-migrate cannot change a hub block: replace it with a model entry (provider: openai, model: flux-auto, apiBase: ${options.baseUrl}, apiKey: \${{ secrets.${options.keyEnv} }})` });
    return;
  }
  if (textOf(get(doc, entry, 'provider')) !== 'openai') return;
  const modelPair = pairOf(entry, 'model');
  const model = scalarSpan(ctx.file, modelPair?.value);
  if (!modelPair || !model || isFluxId(model.value)) return;
  const line = lineOf(ctx.file, model.start);
  const name = textOf(get(doc, entry, 'name')) ?? model.value;
  const why = [`Continue model ${name}`];
  const basePair = pairOf(entry, 'apiBase');
  const base = scalarSpan(ctx.file, basePair?.value);
  const baseKind = base?.value ? classifyUrl(base.value, options.baseUrl) : undefined;
  const keySpan = scalarSpan(ctx.file, pairOf(entry, 'apiKey')?.value);
  const oldRef = keySpan && refsIn(keySpan.value, keySpan.start).find((r) => r.context === 'secrets' && r.name === KEY_VAR);
  const kind = classifyOpenAIModel(model.value);
  if (baseKind === 'azure' || baseKind === 'other') {
    // Another server behind the OpenAI provider (a local router, OpenRouter): named only for an OpenAI id.
    if (kind) out.warnings.push({ code: baseKind === 'azure' ? 'azure-client' : 'other-provider', line, message: `model ${name} points at ${base!.value}, ${baseKind === 'azure' ? 'Azure OpenAI' : 'another provider'}: left as is` });
    return;
  }
  const roles = get(doc, entry, 'roles');
  const onlyEmbed = isSeq(roles) && roles.items.length > 0 && roles.items.every((r) => /^(embed|rerank)$/.test(textOf(r) ?? ''));
  if (kind?.kind === 'unsupported' || onlyEmbed) {
    out.warnings.push({ code: 'unsupported-endpoint', line, message: `model ${name} (${model.value}) is ${kind?.kind === 'unsupported' ? `a model for ${kind.endpoint}` : 'used for embeddings or reranking'}: Flux does not serve it, so it stays on OpenAI` });
    if (oldRef) out.keyReads.push({ name: KEY_VAR, line: lineOf(ctx.file, oldRef.start), start: oldRef.start, end: oldRef.end });
    return;
  }
  if (kind) out.findings.push(own({ kind: 'model', line, before: model.value, after: '', why, edits: [], literal: { start: model.start, end: model.end, quote: '' } }));
  else out.warnings.push({ code: 'unknown-model', line, message: `model ${name} (${model.value}) is not an OpenAI model flux-migrate knows, so it was left as is: Flux will not serve it; choose a Flux model id by hand` });
  if (baseKind !== 'flux') {
    const edit = base ? setValue(ctx.file, base, options.baseUrl) : addPair(ctx, entry, modelPair as Pair, 'apiBase', options.baseUrl, quoteOf(model));
    if (edit) out.findings.push(own({ kind: 'base-url', line: base ? lineOf(ctx.file, base.start) : line, before: base?.value ?? '(default: https://api.openai.com/v1)', after: options.baseUrl, why, edits: [edit] }));
  }
  apiKey(ctx, entry, modelPair as Pair, why);
}

function apiKey(ctx: Context, entry: YAMLMap, modelPair: Pair, why: string[]): void {
  const { options, out } = ctx;
  const flux = `\${{ secrets.${options.keyEnv} }}`;
  const key = scalarSpan(ctx.file, pairOf(entry, 'apiKey')?.value);
  const line = lineOf(ctx.file, key?.start ?? (modelPair.value as { range: number[] }).range[0]);
  const refs = key ? refsIn(key.value, key.start) : [];
  const secret = refs.find((r) => r.context === 'secrets');
  if (key && secret) {
    if (secret.name === options.keyEnv) return;
    if (secret.name === KEY_VAR) out.keyReads.push({ name: KEY_VAR, line, start: secret.start, end: secret.end });
    out.findings.push(own({ kind: 'api-key', line, before: key.value, after: flux, why, edits: [{ start: secret.start, end: secret.end, text: options.keyEnv }] }));
  } else if (key && refs.length) {
    out.warnings.push({ code: 'unresolved-key', line, message: `the key comes from ${key.value}: make sure it is your Flux key` });
    return;
  } else if (key && key.value && !onlyRefs(key.value)) {
    registerSecret(key.value);
    out.findings.push(own({ kind: 'api-key', line, before: maskSecret(key.value), after: flux, why, edits: [{ start: key.start, end: key.end, text: flux }] }));
    out.warnings.push({ code: 'hardcoded-key', line, message: `a literal API key (${maskSecret(key.value)}) was replaced by ${flux}: revoke the old key if it was ever committed` });
  } else if (key) {
    out.findings.push(own({ kind: 'api-key', line, before: '(empty)', after: flux, why, edits: [setValue(ctx.file, key, flux)] }));
  } else {
    const edit = addPair(ctx, entry, modelPair, 'apiKey', flux);
    if (!edit) return;
    out.findings.push(own({ kind: 'api-key', line, before: '(none)', after: flux, why, edits: [edit] }));
  }
  out.warnings.push({ code: 'secret-to-create', line, message: secretMessage('continue:secrets', options.keyEnv) });
}
