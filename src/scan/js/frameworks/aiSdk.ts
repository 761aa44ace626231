// Vercel AI SDK: `@ai-sdk/openai` providers and `@ai-sdk/openai-compatible` ones pointed at OpenAI.
//
// - `createOpenAI({ baseURL, apiKey })` reads OPENAI_API_KEY when `apiKey` is absent and calls
//   https://api.openai.com/v1 when `baseURL` is absent (@ai-sdk/openai `openai-provider.ts`:
//   `loadApiKey({ environmentVariableName: 'OPENAI_API_KEY' })`, `withoutTrailingSlash(baseURL)
//   ?? 'https://api.openai.com/v1'`; 0.x also took `baseUrl`).
// - The exported `openai` is `createOpenAI()` with no options, so the default instance becomes a
//   configured one under the same local name, and every call site stays as it is.
// - `createOpenAICompatible({ name, baseURL, apiKey })` requires `baseURL` and sends no key unless
//   given one: it is another provider unless that URL is OpenAI's.
// - Model factories: `p(id)`, `p.chat`, `p.responses`, `p.languageModel` (and `chatModel` on
//   openai-compatible) take chat/responses ids; the embedding, image, transcription and speech
//   factories (and legacy `completion`) reach endpoints Flux does not serve.
// - A string model (`model: "openai/gpt-4o"`) goes through the AI SDK's global provider (the
//   Vercel AI Gateway by default), not through an OpenAI client: hinted, never rewritten.
import { classifyOpenAIModel } from '../../../catalog/models.js';
import { classifyUrl } from '../../../catalog/urls.js';
import type { Edit } from '../../../model.js';
import { type JsContext, consumeStrings, find, lineOf, moduleOf, warn } from '../context.js';
import { migrateModelValue } from '../openaiSdk.js';
import { define, definedValue, findProperty, valueSources } from '../resolve.js';
import { type Binding, type Node, type Scope, type Site, memberName, stringValue, unwrap } from '../scope.js';
import { quoted } from '../style.js';
import { configureOptions } from '../options.js';
import { type RegistryId, registryUses } from './registry.js';
import { libraryExport, migrateIdAt, semicolon } from './shared.js';

const OPENAI = /^@ai-sdk\/openai$/;
const COMPATIBLE = /^@ai-sdk\/openai-compatible$/;
const AI_SDK = /^(ai|@ai-sdk\/.+)$/;

const MODEL_FACTORIES = new Set(['', 'chat', 'responses', 'languageModel', 'chatModel']);
const UNSUPPORTED_FACTORIES: Record<string, string> = {
  completion: 'legacy completions', completionModel: 'legacy completions',
  embedding: 'embeddings', textEmbedding: 'embeddings', textEmbeddingModel: 'embeddings', embeddingModel: 'embeddings',
  image: 'images', imageModel: 'images',
  transcription: 'audio transcription', transcriptionModel: 'audio transcription',
  speech: 'text to speech', speechModel: 'text to speech',
};

interface Use {
  site: Site;
  /** `openai.chat` as written. */
  callee: string;
  /** Endpoint Flux does not serve, or undefined for a model factory. */
  unsupported?: string;
  /** Through a provider registry or custom provider (registry.ts): the id literal, or what it comes from. */
  id?: RegistryId;
  unresolved?: string;
}

interface Provider {
  kind: 'created' | 'compatible' | 'default';
  /** The module the provider is made in. */
  ctx: JsContext;
  /** The `createOpenAI(...)` call, or the local binding of the default instance. */
  call?: Site;
  binding?: Binding;
  uses: Use[];
}

/** Every AI SDK provider made in the files of the run, with its model factory calls from any of them. */
export function scanAiSdk(mods: JsContext[]): void {
  const byCall = new Map<Node, Provider>();
  const defaults = new Map<Binding | JsContext, Provider>();

  // A `createOpenAI(...)` / `createOpenAICompatible(...)` call, wherever it was reached from.
  const providerAt = (node: Node, scope: Scope): Provider | undefined => {
    if (node.type !== 'CallExpression') return undefined;
    const known = byCall.get(node);
    if (known) return known;
    const name = libraryExport(node.callee, scope, OPENAI) ?? (libraryExport(node.callee, scope, COMPATIBLE) === 'createOpenAICompatible' ? 'compatible' : undefined);
    if (name !== 'createOpenAI' && name !== 'compatible') return undefined;
    const provider: Provider = { kind: name === 'compatible' ? 'compatible' : 'created', ctx: moduleOf(scope), call: { node, scope }, uses: [] };
    byCall.set(node, provider);
    return provider;
  };

  const providerOf = (expr: Node | undefined, scope: Scope, depth = 0): Provider | undefined => {
    const node = unwrap(expr);
    if (!node || depth > 8) return undefined;
    const made = providerAt(node, scope);
    if (made) return made;
    if (libraryExport(node, scope, OPENAI) === 'openai') {
      const b = node.type === 'Identifier' ? scope.lookup(node.name) : undefined;
      // Rewritable: `import { openai }` and `const { openai } = require(...)`.
      const own = b && ((b.kind === 'import' && b.imported === 'openai') || (b.path.length === 1 && b.path[0] === 'openai')) ? b : undefined;
      const key = own ?? moduleOf(scope);
      if (!defaults.has(key)) defaults.set(key, { kind: 'default', ctx: moduleOf(scope), binding: own, uses: [] });
      return defaults.get(key);
    }
    if (node.type === 'Identifier') {
      const d = define(node.name, scope);
      const known = d && definedValue(d);
      if (known) return providerOf(known.value, known.scope, depth + 1);
    }
    return undefined;
  };

  for (const ctx of mods) {
    for (const site of ctx.index.calls) {
      providerAt(site.node, site.scope);
      const callee = unwrap(site.node.callee);
      if (!callee) continue;
      let provider = providerOf(callee, site.scope);
      let method = '';
      if (!provider && (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression')) {
        method = memberName(callee) ?? '?';
        provider = providerOf(callee.object, site.scope);
      }
      if (!provider) continue;
      const text = ctx.text.slice(callee.start, callee.end);
      if (MODEL_FACTORIES.has(method)) provider.uses.push({ site, callee: text });
      else if (method in UNSUPPORTED_FACTORIES) provider.uses.push({ site, callee: text, unsupported: UNSUPPORTED_FACTORIES[method] });
    }
  }

  // Ids asked of a provider registry or a custom provider reach the providers registered in it.
  for (const use of registryUses(mods, (expr, scope) => providerOf(expr, scope))) use.provider.uses.push(use);

  for (const provider of [...byCall.values(), ...defaults.values()]) migrateProvider(provider.ctx, provider);
  for (const ctx of mods) hintGatewayIds(ctx);
}

function migrateProvider(ctx: JsContext, provider: Provider): void {
  const leaveUses = () => provider.uses.forEach((u) => {
    consumeStrings(ctx, u.site.node);
    if (u.id) ctx.consumed.add(u.id.literal);
  });
  const unsupported = provider.uses.filter((u) => u.unsupported);
  // A provider that only makes models Flux does not serve stays on OpenAI.
  if (provider.uses.length > 0 && unsupported.length === provider.uses.length) {
    for (const u of unsupported) {
      warn(ctx, 'unsupported-endpoint', u.site.node, `\`${u.callee}(...)\` is for ${u.unsupported}, which Flux does not serve (only chat completions, responses and models): this provider was left on OpenAI`);
    }
    if (provider.call) consumeStrings(ctx, provider.call.node);
    return leaveUses();
  }

  let configured: boolean;
  if (provider.kind === 'default') {
    configured = provider.binding ? rewriteDefaultInstance(ctx, provider.binding) : false;
    if (!provider.binding) {
      const first = provider.uses[0]?.site.node;
      if (first) warn(ctx, 'unresolved-client', first, `the default \`openai\` provider of @ai-sdk/openai reads OPENAI_API_KEY and calls api.openai.com, and is left on OpenAI: flux-migrate rewrites it only when imported by name: use \`import { createOpenAI } from "@ai-sdk/openai"; const openai = createOpenAI({ baseURL: "${ctx.options.baseUrl}", apiKey: ${ctx.keyExpr} });\``);
    }
  } else if (provider.kind === 'compatible' && !pointsAtOpenAI(ctx, provider.call!)) {
    configured = false;
    consumeStrings(ctx, provider.call!.node);
  } else {
    const call = provider.call!;
    configured = configureOptions(ctx, {
      what: provider.kind === 'created' ? 'createOpenAI provider' : 'createOpenAICompatible provider',
      node: call.node, scope: call.scope, arg: call.node.arguments[0],
      keys: [['apiKey']], bases: [['baseURL'], ['baseUrl']], addBase: ['baseURL'],
      defaultKey: provider.kind === 'created' ? 'OPENAI_API_KEY' : 'no key',
    });
  }
  if (!configured) return leaveUses();

  for (const use of provider.uses) {
    const node = use.site.node;
    if (use.unsupported) {
      warn(ctx, 'unsupported-endpoint', node, `\`${use.callee}(...)\` is for ${use.unsupported}, which Flux does not serve: once this provider points at Flux this call fails; give it its own provider (\`createOpenAI()\` from @ai-sdk/openai)`);
      consumeStrings(ctx, node);
      if (use.id) ctx.consumed.add(use.id.literal);
      continue;
    }
    const where = `${use.callee}() (line ${lineOf(node)})`;
    if (use.id) {
      migrateIdAt(moduleOf(use.site.scope), use.id.literal, use.id.offset, where, `${use.callee}()`);
      continue;
    }
    if (use.unresolved) {
      warn(ctx, 'unresolved-model', node, `the model id of ${use.callee}() comes from ${use.unresolved}: flux-migrate cannot see it; ids that reach the registered OpenAI provider, which now points at Flux, must name Flux models (\`openai:flux-auto\`)`);
      continue;
    }
    const arg = node.arguments[0];
    if (arg && arg.type !== 'SpreadElement') migrateModelValue(moduleOf(use.site.scope), arg, use.site.scope, `${use.callee}() (line ${lineOf(node)})`, `${use.callee}()`, use.site.cls);
  }
}

// An openai-compatible provider is OpenAI's only when its base URL literally is.
function pointsAtOpenAI(ctx: JsContext, call: Site): boolean {
  const arg = unwrap(call.node.arguments[0]);
  const prop = arg?.type === 'ObjectExpression' ? findProperty(arg, 'baseURL') : undefined;
  if (!prop) return false;
  const sources = valueSources(prop.value, call.scope, ctx);
  const url = sources.literals.length === 1 && !sources.unresolved ? stringValue(sources.literals[0]) : undefined;
  return url !== undefined && classifyUrl(url, ctx.options.baseUrl) === 'openai';
}

/**
 * `import { openai } from "@ai-sdk/openai"` -> `import { createOpenAI } from "@ai-sdk/openai"` and,
 * after the imports, `const openai = createOpenAI({ baseURL, apiKey })` under the same local name.
 */
function rewriteDefaultInstance(ctx: JsContext, b: Binding): boolean {
  const body: Node[] = ctx.index.program.body;
  const root = ctx.index.scope;
  let existing: string | undefined;
  for (const other of root.bindings.values()) {
    if (other === b || other.typeOnly) continue;
    if ((other.kind === 'import' && other.imported === 'createOpenAI' && OPENAI.test(other.importSource ?? ''))
      || (other.path.length === 1 && other.path[0] === 'createOpenAI' && libraryExport(other.id, root, OPENAI) === 'createOpenAI')) existing = other.name;
  }
  if (!existing && root.lookup('createOpenAI')) {
    warn(ctx, 'unresolved-client', b.id, `the default \`openai\` provider of @ai-sdk/openai (OPENAI_API_KEY, api.openai.com) is left on OpenAI: \`createOpenAI\` is already taken in this file, so flux-migrate left it: create it with createOpenAI({ baseURL: "${ctx.options.baseUrl}", apiKey: ${ctx.keyExpr} }) by hand`);
    return false;
  }
  const create = existing ?? 'createOpenAI';

  // The specifier (or destructured property) that brings in `openai`, and its statement.
  let spec: Node;
  let statement: Node | undefined;
  let siblings: Node[];
  if (b.kind === 'import') {
    spec = b.decl;
    statement = body.find((s) => s.type === 'ImportDeclaration' && s.start <= spec.start && spec.end <= s.end);
    siblings = statement?.specifiers ?? [];
  } else {
    statement = body.find((s) => s.type === 'VariableDeclaration' && s.start <= b.id.start && b.id.end <= s.end);
    const pattern = b.decl.id;
    spec = pattern?.type === 'ObjectPattern' ? pattern.properties.find((p: Node) => p.value === b.id || p.value?.left === b.id) : undefined;
    siblings = pattern?.properties ?? [];
  }
  if (!statement || !spec) return false;

  const edits: Edit[] = [];
  let removed: Node | undefined;
  if (existing) {
    const i = siblings.indexOf(spec);
    if (siblings.length === 1) {
      removed = statement;
      const end = /^[ \t]*\r?\n?/.exec(ctx.text.slice(statement.end))![0].length + statement.end;
      edits.push({ start: statement.start, end, text: '' });
    } else if (i < siblings.length - 1) edits.push({ start: spec.start, end: siblings[i + 1].start, text: '' });
    else edits.push({ start: siblings[i - 1].end, end: spec.end, text: '' });
  } else {
    edits.push({ start: spec.start, end: spec.end, text: create });
  }

  // After the last import (or the require that brought it in).
  const anchor = b.kind === 'import' ? body.filter((s) => s.type === 'ImportDeclaration' && s !== removed).pop() : statement;
  if (!anchor) return false;
  const { eol, indentUnit, trailingComma } = ctx.style;
  const semi = semicolon(ctx, anchor);
  const env = `${ctx.keyExpr}`;
  const decl = `${eol}${eol}const ${b.name} = ${create}({${eol}${indentUnit}baseURL: ${quoted(ctx.options.baseUrl, ctx.style.quote)},${eol}${indentUnit}apiKey: ${env}${trailingComma ? ',' : ''}${eol}})${semi}`;
  const why = `the default openai provider of @ai-sdk/openai (line ${lineOf(b.id)})`;
  find(ctx, 'base-url', b.id, '(default: https://api.openai.com/v1)', ctx.options.baseUrl, [{ start: anchor.end, end: anchor.end, text: decl }], why);
  find(ctx, 'api-key', b.id, '(default: OPENAI_API_KEY)', env, edits, why);
  return true;
}

// `model: "openai/gpt-4o"` in a file that uses the AI SDK: a gateway id, not an OpenAI client's.
function hintGatewayIds(ctx: JsContext): void {
  const usesAiSdk = [...ctx.index.scope.bindings.values()].some((b) => b.kind === 'import' && AI_SDK.test(b.importSource ?? ''));
  if (!usesAiSdk) return;
  for (const { node } of ctx.index.strings) {
    if (ctx.consumed.has(node)) continue;
    const id = stringValue(node);
    const m = id ? /^openai\/(.+)$/.exec(id) : null;
    if (!m || classifyOpenAIModel(m[1])?.kind !== 'chat') continue;
    ctx.consumed.add(node);
    warn(ctx, 'model-hint', node, `"${id}" is a gateway model id: the AI SDK sends it through its global provider (the Vercel AI Gateway by default), not through an OpenAI client, so it was left as is; to send it to Flux, use a provider made with createOpenAI({ baseURL: "${ctx.options.baseUrl}" }) and a Flux model id`);
  }
}
