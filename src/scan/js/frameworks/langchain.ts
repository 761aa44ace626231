// LangChain JS: `ChatOpenAI` from @langchain/openai (and the older `langchain/chat_models/openai`),
// and `initChatModel` (langchain/chat_models/universal, or `langchain` itself from v1).
//
// - ChatOpenAI fields (@langchain/openai `ChatOpenAIFields`): the model is `model` or the older
//   `modelName`; the key is `apiKey` or the older `openAIApiKey`, else OPENAI_API_KEY; there is no
//   top-level base URL: it goes to the `openai` client through `configuration: ClientOptions`
//   (`configuration.baseURL`; `basePath` in 0.0.x), merged into an existing `configuration`.
//   v0.3+ also takes `new ChatOpenAI("gpt-4o", fields)`.
// - initChatModel(model, fields): "openai:gpt-4o" names the provider in the id, `modelProvider:
//   "openai"` names it in the fields, and ids starting gpt-/o1/o3 are inferred to be OpenAI's.
//   The remaining fields go to the ChatOpenAI constructor, so the base URL is supplied as
//   `configuration: { baseURL }` there too.
// - OpenAIEmbeddings, DallEAPIWrapper and the completions `OpenAI` LLM reach endpoints Flux does
//   not serve; the Azure classes talk to Azure OpenAI.
import { classifyOpenAIModel } from '../../../catalog/models.js';
import { type JsContext, consumeStrings, find, ownerOf, warn } from '../context.js';
import { checkBaseUrl, configureOptions, quoteLike, requestObject } from '../options.js';
import { describe, findProperty, valueSources } from '../resolve.js';
import { type Node, type Scope, stringValue, unwrap } from '../scope.js';
import { PREFIX, azureOptions, libraryExport, migratePrefixedModel, modelProperty } from './shared.js';

const CLASSES = /^(@langchain\/openai|langchain\/(chat_models|llms|embeddings)\/openai)$/;
const UNIVERSAL = /^(langchain\/chat_models\/universal|langchain)$/;

const UNSUPPORTED: Record<string, string> = {
  OpenAIEmbeddings: 'embeddings',
  DallEAPIWrapper: 'images (DALL-E)',
  OpenAI: 'legacy completions',
};
const AZURE = new Set(['AzureChatOpenAI', 'AzureOpenAIEmbeddings', 'AzureOpenAI']);

const KEYS = [['apiKey'], ['openAIApiKey'], ['configuration', 'apiKey']];
const BASES = [['configuration', 'baseURL'], ['configuration', 'basePath']];

export function scanLangChain(mods: JsContext[]): void {
  for (const ctx of mods) {
    for (const site of ctx.index.news) {
      const name = libraryExport(site.node.callee, site.scope, CLASSES);
      if (!name) continue;
      if (name === 'ChatOpenAI') chatOpenAI(ctx, site.node, site.scope);
      else if (name in UNSUPPORTED) {
        warn(ctx, 'unsupported-endpoint', site.node, `${name} (@langchain/openai) calls ${UNSUPPORTED[name]}, which Flux does not serve (only chat completions, responses and models): left on OpenAI`);
        consumeStrings(ctx, site.node);
      } else if (AZURE.has(name)) {
        warn(ctx, 'azure-client', site.node, `${name} left as is: it talks to an Azure OpenAI deployment, not to OpenAI; move it to Flux by hand if you mean to`);
        consumeStrings(ctx, site.node);
      }
    }
    for (const site of ctx.index.calls) {
      if (libraryExport(site.node.callee, site.scope, UNIVERSAL) === 'initChatModel') initChatModel(ctx, site.node, site.scope);
    }
    hintProviderIds(ctx);
  }
}

// `createAgent({ model: "openai:gpt-4o" })` and the like: LangChain makes its own ChatOpenAI from
// the id, with no place for a base URL, so the line to write instead is given.
function hintProviderIds(ctx: JsContext): void {
  const usesLangChain = [...ctx.index.scope.bindings.values()].some((b) => b.kind === 'import' && /^(@langchain\/|langchain(\/|$))/.test(b.importSource ?? ''));
  if (!usesLangChain) return;
  for (const { node } of ctx.index.strings) {
    const id = stringValue(node);
    const m = id ? /^openai:(.+)$/.exec(id) : null;
    if (ctx.consumed.has(node) || !m || classifyOpenAIModel(m[1])?.kind !== 'chat') continue;
    ctx.consumed.add(node);
    warn(ctx, 'unresolved-client', node, `"${id}" makes LangChain create its own ChatOpenAI (OPENAI_API_KEY, api.openai.com), which takes no base URL here, so it is left on OpenAI: pass \`new ChatOpenAI({ model: "flux-auto", apiKey: ${ctx.keyExpr}, configuration: { baseURL: "${ctx.options.baseUrl}" } })\` instead`);
  }
}

function chatOpenAI(ctx: JsContext, node: Node, scope: Scope): void {
  const [first, second] = node.arguments as Node[];
  // `new ChatOpenAI("gpt-4o", fields)` (v0.3+) or `new ChatOpenAI(fields)`.
  const modelFirst = first && !requestObject(first, scope) && unwrap(first)?.type !== 'ObjectExpression' && valueSources(first, scope, ctx).literals.length > 0;
  const arg = modelFirst ? second : first;
  if (azureOptions(ctx, node, arg, scope, 'ChatOpenAI')) return;
  // 0.0.x: `new ChatOpenAI(fields, configuration)`, the client options (`basePath`/`baseURL`) second.
  const legacy = !modelFirst && second ? legacyBase(ctx, node, second, scope) : undefined;
  if (legacy === 'leave') return consumeStrings(ctx, node);
  const ok = configureOptions(ctx, {
    what: 'ChatOpenAI', node, scope, arg,
    keys: KEYS, bases: BASES, addBase: ['configuration', 'baseURL'], defaultKey: 'OPENAI_API_KEY',
    addBaseUrl: legacy === undefined,
  });
  if (!ok) return;
  const where = `ChatOpenAI (line ${node.loc.start.line})`;
  if (modelFirst) return migratePrefixedModel(ctx, first, scope, where, 'ChatOpenAI', true);
  const opts = arg ? requestObject(arg, scope) : undefined;
  const model = modelProperty(opts?.obj, ['model', 'modelName']);
  if (model) return migratePrefixedModel(ctx, model.value, opts!.scope, where, 'ChatOpenAI', true);
  if (!opts?.obj.properties.some((p: Node) => p.type === 'SpreadElement')) {
    warn(ctx, 'unresolved-model', node, 'ChatOpenAI without a model uses its default, an OpenAI model id Flux does not serve: add `model: "flux-auto"` (or another Flux model id)');
  }
}

// The base URL in the legacy second argument: 'leave' (another provider, or unseen: warned),
// 'set' (OpenAI's, replaced, or Flux's already), undefined (none there).
function legacyBase(ctx: JsContext, node: Node, arg: Node, scope: Scope): 'leave' | 'set' | undefined {
  const opts = requestObject(arg, scope);
  if (!opts) {
    warn(ctx, 'unresolved-client', node, `ChatOpenAI client options come from \`${describe(arg, ctx.text)}\`, which flux-migrate cannot see: set baseURL to ${ctx.options.baseUrl} there and the API key to ${ctx.keyExpr} by hand`);
    return 'leave';
  }
  const prop = findProperty(opts.obj, 'baseURL') ?? findProperty(opts.obj, 'basePath');
  if (!prop) return undefined;
  const checked = checkBaseUrl(ctx, prop, opts.scope, 'ChatOpenAI');
  if (checked === 'leave') return 'leave';
  if (checked) find(ctx, 'base-url', checked, stringValue(checked)!, ctx.options.baseUrl, [{ start: checked.start, end: checked.end, text: quoteLike(ownerOf(checked, ctx), checked, ctx.options.baseUrl) }], `ChatOpenAI at line ${node.loc.start.line}`);
  return 'set';
}

function initChatModel(ctx: JsContext, node: Node, scope: Scope): void {
  const [first, second] = node.arguments as Node[];
  const fields = second ? requestObject(second, scope) : undefined;
  if (second && !fields) {
    warn(ctx, 'unresolved-client', node, `initChatModel fields come from \`${describe(second, ctx.text)}\`, which flux-migrate cannot see: if it makes an OpenAI model, set configuration.baseURL to ${ctx.options.baseUrl} and apiKey to ${ctx.keyExpr} there`);
    return consumeStrings(ctx, node);
  }
  const providerProp = fields && findProperty(fields.obj, 'modelProvider');
  const provider = providerProp ? singleString(ctx, providerProp.value, fields!.scope) : undefined;
  const modelProp = fields && findProperty(fields.obj, 'model');
  const head = unwrap(first);
  const model = head && !(head.type === 'Identifier' && head.name === 'undefined') ? { value: first, scope }
    : modelProp ? { value: modelProp.value, scope: fields!.scope } : undefined;
  if (!model) return; // a configurable model: chosen at run time

  const ids = valueSources(model.value, model.scope, ctx).literals.map((l) => stringValue(l)!);
  // Which provider the ids reach: the prefix, else `modelProvider`, else LangChain's inference.
  const reachesOpenAI = (id: string) => {
    const prefix = PREFIX.exec(id);
    if (prefix) return prefix[1] === 'openai';
    if (providerProp) return provider === 'openai';
    return classifyOpenAIModel(id) !== undefined;
  };
  const openai = ids.some(reachesOpenAI) || (ids.length === 0 && provider === 'openai');
  if (!openai) return consumeStrings(ctx, node);
  const ok = configureOptions(ctx, {
    what: 'initChatModel', node, scope, arg: second,
    keys: KEYS, bases: BASES, addBase: ['configuration', 'baseURL'], defaultKey: 'OPENAI_API_KEY',
  });
  if (!ok) return;
  const bare = !providerProp || provider === 'openai';
  migratePrefixedModel(ctx, model.value, model.scope, `initChatModel (line ${node.loc.start.line})`, 'initChatModel', bare);
}

function singleString(ctx: JsContext, value: Node, scope: Scope): string | undefined {
  const sources = valueSources(value, scope, ctx);
  return sources.literals.length === 1 && !sources.unresolved ? stringValue(sources.literals[0]) : undefined;
}
