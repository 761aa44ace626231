// Continue's `.continue/config.json` (docs.continue.dev, "config.json Reference"): `models[]` and
// `tabAutocompleteModel` (one entry or a list) take `provider`, `model`, `apiKey` and `apiBase`.
// An entry with `"provider": "openai"` is an OpenAI client of its own: it gets `apiBase` (the
// Flux URL, added after `provider` or replacing OpenAI's), and its `model` is mapped like code.
// These findings do not follow the app's key plan (Continue is a tool beside the app). config.json
// holds `apiKey` as a literal (it has no env references), so the key is warned, never printed:
// the user puts their Flux key there. `embeddingsProvider` with `openai` stays on OpenAI.
import { classifyUrl } from '../../catalog/urls.js';
import type { Finding } from '../../model.js';
import { decideLiteral } from '../modelValues.js';
import { hostOf } from '../../catalog/urls.js';
import { registerSecret } from '../../secrets.js';
import type { JsonContext } from './index.js';
import { type Node, contentRange, member, properties, propertyAfter } from './json.js';

export function migrateContinue(ctx: JsonContext, root: Node): void {
  const models = member(root, 'models');
  const tab = member(root, 'tabAutocompleteModel');
  const entries = [...(models?.type === 'array' ? models.children ?? [] : []), ...(tab?.type === 'array' ? tab.children ?? [] : tab ? [tab] : [])];
  for (const entry of entries) if (entry.type === 'object') migrateEntry(ctx, entry);
  const embeddings = member(root, 'embeddingsProvider');
  if (member(embeddings, 'provider')?.value === 'openai') {
    ctx.out.warnings.push({ code: 'unsupported-endpoint', line: ctx.line(embeddings!.offset), message: 'Continue\'s embeddingsProvider uses OpenAI embeddings, which Flux does not serve: it stays on OpenAI, with its own OpenAI key' });
  }
}

function migrateEntry(ctx: JsonContext, entry: Node): void {
  const { text, options, out } = ctx;
  const provider = properties(entry).find((p) => p.key === 'provider');
  if (provider?.value.value !== 'openai') return;
  const line = ctx.line(entry.offset);
  const title = member(entry, 'title')?.value ?? member(entry, 'model')?.value ?? 'an OpenAI model';
  const why = `Continue model "${title}" (line ${line})`;
  const own = (f: Finding): Finding => ({ ...f, ownClient: true });
  if (member(entry, 'apiType')?.value === 'azure' || member(entry, 'engine')) {
    out.warnings.push({ code: 'azure-client', line, message: `Continue model "${title}" uses Azure OpenAI: left as is; move it to Flux by hand if you mean to` });
    return;
  }
  const apiBase = properties(entry).find((p) => p.key === 'apiBase');
  if (apiBase) {
    const url = String(apiBase.value.value ?? '');
    const kind = classifyUrl(url, options.baseUrl);
    if (kind === 'other' || kind === 'azure') {
      out.warnings.push({ code: kind === 'azure' ? 'azure-client' : 'other-provider', line: ctx.line(apiBase.value.offset), message: `Continue model "${title}" points at ${hostOf(url)}, ${kind === 'azure' ? 'Azure OpenAI' : 'another provider'}: left as is` });
      return;
    }
    const range = contentRange(text, apiBase.value);
    if (kind === 'openai' && range) out.findings.push(own({ kind: 'base-url', line: ctx.line(range.start), before: url, after: options.baseUrl, why: [why], edits: [{ ...range, text: options.baseUrl }] }));
  } else {
    out.findings.push(own({ kind: 'base-url', line: ctx.line(provider.prop.offset), before: '(OpenAI default)', after: options.baseUrl, why: [why], edits: [propertyAfter(text, provider.prop, 'apiBase', JSON.stringify(options.baseUrl))] }));
  }
  const model = member(entry, 'model');
  const range = model && contentRange(text, model);
  if (model?.type === 'string' && range && model.value !== 'AUTODETECT') {
    const decision = decideLiteral(String(model.value), `Continue model "${title}"`);
    if (decision === 'migrate') out.findings.push(own({ kind: 'model', line: ctx.line(range.start), before: String(model.value), after: '', why: [why], edits: [], literal: { ...range, quote: '' } }));
    else if (decision !== 'keep') out.warnings.push({ ...decision, line: ctx.line(range.start) });
  }
  const apiKey = member(entry, 'apiKey');
  if (apiKey?.type === 'string' && apiKey.value) registerSecret(String(apiKey.value));
  out.warnings.push({
    code: 'unresolved-key',
    line: apiKey ? ctx.line(apiKey.offset) : line,
    message: apiKey
      ? `Continue model "${title}" now talks to Flux: put your Flux key in its apiKey (config.json reads it as written; the value there was left as is and is not shown)`
      : `Continue model "${title}" now talks to Flux: give it "apiKey" with your Flux key`,
  });
}
