// Aider's `.aider.conf.yml` (aider.chat/docs/config/aider_conf.html, ".../llms/openai-compat.html"):
// Aider reaches an OpenAI-compatible server with `openai-api-base` and a model named
// `openai/<model>`. So an OpenAI chat id in `model`, `weak-model` or `editor-model` becomes
// `openai/<flux id>`, and `openai-api-base` is set to the Flux URL (added after the model when
// absent). Aider reads the key from `openai-api-key` or OPENAI_API_KEY, its own fixed name: that
// is warned (the key plan cannot rename it), and a literal key is never printed.
import { type Pair, type YAMLMap, isMap, isSeq } from 'yaml';
import { classifyOpenAIModel, isFluxId } from '../../../catalog/models.js';
import { classifyUrl } from '../../../catalog/urls.js';
import { registerSecret } from '../../../secrets.js';
import { KEY_VAR } from '../../env/index.js';
import type { Context } from '../context.js';
import { type ScalarSpan, keyOf, lineOf, pairOf, scalarSpan, setValue, textOf } from '../parse.js';
import { addPair, handleAll, own, quoteOf, splitProvider } from './shared.js';

const MODEL_KEYS = ['model', 'weak-model', 'editor-model'];
// Switches that pick an OpenAI model by name (`4o: true`).
const SWITCHES = new Set(['4', '4o', 'mini', '4-turbo', '35turbo', '3', 'o1-mini', 'o1-preview']);

export function aider(ctx: Context): void {
  const top = ctx.doc.contents;
  if (!isMap(top)) return;
  handleAll(ctx, top);
  const { options, out } = ctx;
  const why = ['Aider config'];
  const basePair = pairOf(top, 'openai-api-base');
  const base = scalarSpan(ctx.file, basePair?.value);
  const baseKind = base?.value ? classifyUrl(base.value, options.baseUrl) : undefined;
  if (baseKind === 'azure' || baseKind === 'other') {
    out.warnings.push({ code: baseKind === 'azure' ? 'azure-client' : 'other-provider', line: lineOf(ctx.file, base!.start), message: `openai-api-base points at ${base!.value}, ${baseKind === 'azure' ? 'Azure OpenAI' : 'another provider'}: left as is` });
    return;
  }
  registerKeys(ctx, top);
  let first: { pair: Pair; span: ScalarSpan } | undefined;
  for (const key of MODEL_KEYS) {
    const pair = pairOf(top, key);
    const span = scalarSpan(ctx.file, pair?.value);
    if (!pair || !span) continue;
    const { provider, id } = splitProvider(span.value);
    if ((provider && provider !== 'openai') || isFluxId(id) || classifyOpenAIModel(id)?.kind !== 'chat') continue;
    first ??= { pair: pair as Pair, span };
    out.findings.push(own({ kind: 'model', line: lineOf(ctx.file, span.start), before: id, after: '', why: [`${key} (Aider config)`], edits: [], literal: { start: span.start, end: span.end, quote: '', prefix: 'openai/' } }));
  }
  for (const pair of top.items) {
    const key = keyOf(pair);
    if (key && SWITCHES.has(key) && textOf(pair.value) === 'true') {
      out.warnings.push({ code: 'unresolved-model', line: lineOf(ctx.file, (pair.key as { range: number[] }).range[0]), message: `${key}: true picks an OpenAI model by name: replace it with model: openai/flux-auto (or another Flux model id)` });
    }
  }
  if (!first) return;
  if (baseKind !== 'flux') {
    const edit = base ? setValue(ctx.file, base, options.baseUrl) : addPair(ctx, top, first.pair, 'openai-api-base', options.baseUrl, quoteOf(first.span));
    if (edit) out.findings.push(own({ kind: 'base-url', line: lineOf(ctx.file, base?.start ?? first.span.start), before: base?.value || '(default: https://api.openai.com/v1)', after: options.baseUrl, why, edits: [edit] }));
  }
  const keyLine = scalarSpan(ctx.file, pairOf(top, 'openai-api-key')?.value);
  out.warnings.push({
    code: 'unresolved-key',
    line: lineOf(ctx.file, keyLine?.start ?? first.span.start),
    message: keyLine
      ? `openai-api-key is the key Aider now sends to Flux: put your Flux key there (or drop it and set ${KEY_VAR} to your Flux key where Aider runs)`
      : `Aider reads its key from ${KEY_VAR}, a name it fixes (the key plan cannot rename it): where you run Aider, set ${KEY_VAR} to your Flux key (or openai-api-key in this file)`,
  });
}

// `openai-api-key: sk-...` and `api-key: [openai=sk-...]` hold keys: never printed.
function registerKeys(ctx: Context, top: YAMLMap): void {
  const key = textOf(pairOf(top, 'openai-api-key')?.value);
  if (key) registerSecret(key);
  const list = pairOf(top, 'api-key')?.value;
  // `- openai=sk-...` as documented; also seen as a map (`openai: sk-...`).
  const items = isSeq(list) ? list.items : isMap(list) ? list.items.map((p) => p.value) : [list];
  for (const item of items) {
    const value = textOf(item);
    if (value) registerSecret(isMap(list) ? value : value.slice(value.indexOf('=') + 1));
  }
}
