// The `chatgpt` package (transitive-bullshit/chatgpt-api): `new ChatGPTAPI({ apiKey, apiBaseUrl,
// completionParams: { model } })` wraps OpenAI's chat completions with fetch.
// - `apiKey` is required (no env default); `apiBaseUrl` defaults to OpenAI's and the request goes
//   to `${apiBaseUrl}/chat/completions` from 5.1.0 (default `https://api.openai.com/v1`); in 5.0.x
//   to `${apiBaseUrl}/v1/chat/completions` (default `https://api.openai.com`), so the Flux URL is
//   written without its `/v1` there. Before 5.0, ChatGPTAPI called the legacy completions
//   endpoint, which Flux does not serve. The installed version is read from the lockfile or
//   package.json above the file (packageVersion.ts); without either, the current API is assumed.
// - The model is `completionParams.model` (default `gpt-3.5-turbo`), in the constructor or per
//   call in `sendMessage(text, { completionParams })`.
// - `ChatGPTUnofficialProxyAPI` (and 4.x `ChatGPTAPIBrowser`) drive the ChatGPT web app, not the
//   API: there is nothing to point at Flux.
import { type JsContext, consumeStrings, lineOf, moduleOf, warn } from '../context.js';
import { migrateModelValue } from '../openaiSdk.js';
import { configureOptions, lookup, requestObject } from '../options.js';
import { define, definedValue } from '../resolve.js';
import { type Node, type Site, memberName, unwrap } from '../scope.js';
import { before, packageVersion } from '../packageVersion.js';
import { libraryExport } from './shared.js';

const CHATGPT = /^chatgpt$/;
const WEB_APP = new Set(['ChatGPTUnofficialProxyAPI', 'ChatGPTAPIBrowser', 'ChatGPTAPIBrowserless']);

export function scanChatGPT(mods: JsContext[]): void {
  const migrated = new Set<Node>();
  for (const ctx of mods) {
    if (!ctx.text.includes('chatgpt')) continue;
    for (const site of ctx.index.news) {
      const name = libraryExport(site.node.callee, site.scope, CHATGPT);
      if (!name) continue;
      if (WEB_APP.has(name)) {
        warn(ctx, 'unsupported-endpoint', site.node, `${name} (chatgpt) talks to the ChatGPT web app, not to the OpenAI API, so Flux cannot stand in for it: left as is; ChatGPTAPI (same package) takes the Flux URL and key`);
        consumeStrings(ctx, site.node);
      } else if (name === 'ChatGPTAPI' && migrateApi(ctx, site)) migrated.add(site.node);
    }
  }
  if (migrated.size) migrateSendMessage(mods, migrated);
}

function migrateApi(ctx: JsContext, site: Site): boolean {
  const node = site.node;
  const installed = packageVersion(ctx.path, 'chatgpt');
  if (installed && before(installed.version, [5, 0, 0])) {
    warn(ctx, 'unsupported-endpoint', node, `ChatGPTAPI of chatgpt ${installed.version.join('.')} calls OpenAI's legacy completions endpoint, which Flux does not serve: left on OpenAI; chatgpt 5 and later call chat completions, which move`);
    consumeStrings(ctx, node);
    return false;
  }
  // 5.0.x appends `/v1/chat/completions` to apiBaseUrl itself.
  let baseValue: string | undefined;
  if (installed && before(installed.version, [5, 1, 0])) {
    if (!/\/v1\/?$/.test(ctx.options.baseUrl)) {
      warn(ctx, 'unresolved-client', node, `chatgpt ${installed.version.join('.')} appends /v1/chat/completions to apiBaseUrl, and the Flux base URL ${ctx.options.baseUrl} does not end in /v1: upgrade chatgpt to 5.1 or later and set apiBaseUrl to ${ctx.options.baseUrl} by hand`);
      consumeStrings(ctx, node);
      return false;
    }
    baseValue = ctx.options.baseUrl.replace(/\/v1\/?$/, '');
  }
  const arg = node.arguments[0];
  const configured = configureOptions(ctx, {
    what: 'ChatGPTAPI', node, scope: site.scope, arg,
    keys: [['apiKey']], bases: [['apiBaseUrl']], addBase: ['apiBaseUrl'], defaultKey: 'none: apiKey is required', baseValue,
  });
  if (!configured) return false;
  const model = completionModel(arg, site);
  if (model) migrateModelValue(moduleOf(model.scope), model.value, model.scope, `ChatGPTAPI (line ${lineOf(node)})`, 'ChatGPTAPI completionParams');
  else warn(ctx, 'unresolved-model', node, `ChatGPTAPI sends its default model, gpt-3.5-turbo, an OpenAI id, unless completionParams.model is set: add \`completionParams: { model: "flux-auto" }\` (or another Flux model id) to its options`);
  return true;
}

// `completionParams: { model }` in a ChatGPTAPI options object or a sendMessage options object.
// Spreads are looked into (`new ChatGPTAPI({ ...options })`); undefined also when one hides it.
function completionModel(arg: Node | undefined, site: Site): { value: Node; scope: Site['scope'] } | undefined {
  const opts = arg ? requestObject(arg, site.scope) : undefined;
  const params = opts && lookup(opts.obj, 'completionParams', opts.scope);
  const inner = params && params !== 'unresolved' && params.prop.type === 'ObjectProperty' ? requestObject(params.prop.value, opts!.scope) : undefined;
  const model = inner && lookup(inner.obj, 'model', inner.scope);
  return model && model !== 'unresolved' && model.prop.type === 'ObjectProperty' ? { value: model.prop.value, scope: inner!.scope } : undefined;
}

// `api.sendMessage(text, { completionParams: { model } })` on a ChatGPTAPI that moved.
function migrateSendMessage(mods: JsContext[], apis: Set<Node>): void {
  for (const ctx of mods) {
    if (!ctx.text.includes('sendMessage')) continue;
    for (const site of ctx.index.calls) {
      const callee = unwrap(site.node.callee);
      if (!callee || memberName(callee) !== 'sendMessage') continue;
      const obj = unwrap(callee.object);
      const d = obj?.type === 'Identifier' ? define(obj.name, site.scope) : undefined;
      const made = d && definedValue(d);
      if (!made || !apis.has(unwrap(made.value)!)) continue;
      const model = completionModel(site.node.arguments[1], site);
      if (model) migrateModelValue(moduleOf(model.scope), model.value, model.scope, `sendMessage (line ${lineOf(site.node)})`, 'ChatGPTAPI sendMessage completionParams');
    }
  }
}
