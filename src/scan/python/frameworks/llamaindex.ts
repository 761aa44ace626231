// LlamaIndex for Python: `OpenAI` from `llama_index.llms.openai` (0.9: `llama_index.llms`),
// `OpenAILike`, `OpenAIEmbedding`, also as `Settings.llm = ...`.
//
// LlamaIndex's `OpenAI` LLM looks its model up in OpenAI's own list: its `metadata` calls
// `openai_modelname_to_contextsize(model)`, which raises "Unknown model" for a Flux id, and `chat()`
// and `complete()` read that metadata. Its documented way to reach an OpenAI-compatible server is
// `OpenAILike(model=..., api_base=..., api_key=..., is_chat_model=True, context_window=...)`
// (llama-index-llms-openai-like; in 0.9, part of `llama_index.llms`). So an `OpenAI(...)` LLM becomes
// `OpenAILike(...)` with the Flux URL and key, chat and function calling on (Flux serves both), and
// the context window of the OpenAI model it replaces (128k at most), so prompt packing and chat
// memory stay as they were. Embeddings stay on OpenAI (warned).
import { classifyOpenAIModel, isFluxId } from '../../../catalog/models.js';
import { type PyContext, consumeStrings, warn } from '../context.js';
import { migrateModelValue } from '../openaiSdk.js';
import type { Node } from '../parse.js';
import { describe, keywordArg, lineOf, named, stringValue, unwrap } from '../tree.js';
import { valueSources } from '../values.js';
import { ensureImport } from './libraryImports.js';
import { libraryName } from '../libraryNames.js';
import { type Options, callOptions, configure, decideBase } from './libraryOptions.js';

const LLAMA = /^llama_index(\.core)?\.(llms|embeddings)(\.(openai|openai_like|azure_openai)(\.(base|responses))?)?$/;
const FUNCTION_CALLING = [['is_chat_model', 'True'], ['is_function_calling_model', 'True']] as const;

const CORE = /^llama_index(\.core)?(\.indices(\.[\w.]+)?)?$/;

export function scanLlamaIndex(ctx: PyContext): void {
  if (!ctx.text.includes('llama_index')) return;
  for (const call of ctx.index.calls) {
    const callee = call.childForFieldName('function');
    const lib = libraryName(ctx, callee, LLAMA);
    if (!lib) {
      defaultEmbeddings(ctx, call);
      continue;
    }
    const embeddings = lib.module.includes('embeddings');
    if (lib.name === 'OpenAI' && !embeddings) openaiLlm(ctx, call, lib.module);
    else if (lib.name === 'OpenAILike' && !embeddings) openaiLike(ctx, call);
    else if (lib.name === 'OpenAIEmbedding' && embeddings) embedding(ctx, call);
    else if (/^Azure(OpenAI|OpenAIEmbedding)$/.test(lib.name)) {
      warn(ctx, 'azure-client', call, `the LlamaIndex ${lib.name} left as is: it talks to an Azure OpenAI deployment, not to OpenAI; move it to Flux by hand if you mean to`);
      consumeStrings(ctx, call);
    } else if (lib.name === 'OpenAIResponses' && !embeddings) {
      ctx.keepsOpenAIKey = true;
      warn(ctx, 'unresolved-client', call, `LlamaIndex's OpenAIResponses looks its model up in OpenAI's model list (context window, function calling), so it cannot take a Flux model id: it was left on OpenAI; to move it, use OpenAILike(model="flux-auto", api_base="${ctx.options.baseUrl}", api_key=os.environ["${ctx.options.keyEnv}"], is_chat_model=True, is_function_calling_model=True) from llama-index-llms-openai-like`);
      consumeStrings(ctx, call);
    }
  }
}

function modelArg(options: Options, call: Node): Node | undefined {
  const kw = options.get(['model']);
  if (kw) return kw.value;
  const first = named(call.childForFieldName('arguments')!)[0];
  return first && first.type !== 'keyword_argument' && !first.type.endsWith('splat') ? first : undefined;
}

// `OpenAI(model="gpt-4o", ...)` -> `OpenAILike(model="flux-auto", api_base=..., api_key=..., is_chat_model=True, ...)`.
function openaiLlm(ctx: PyContext, call: Node, module: string): void {
  const what = 'the LlamaIndex OpenAI LLM';
  const options = callOptions(ctx, call);
  if ('unresolved' in options) {
    ctx.keepsOpenAIKey = true;
    warn(ctx, 'unresolved-client', call, `the options of ${what} come from \`${describe(options.unresolved)}\`, which flux-migrate cannot see: to move it, use OpenAILike with api_base="${ctx.options.baseUrl}", api_key from ${ctx.options.keyEnv}, is_chat_model=True and a Flux model id`);
    return consumeStrings(ctx, call);
  }
  if (!decideBase(ctx, { what, options, bases: ['api_base'], keys: ['api_key'] }).move) return consumeStrings(ctx, call);
  const model = modelArg(options, call);
  const ids = model ? valueSources(ctx, model).literals.map((l) => stringValue(l)!) : [];
  // A completions-only or embeddings id stays on OpenAI: LlamaIndex sends it to /completions.
  const unsupported = ids.map((id) => classifyOpenAIModel(id)).find((m) => m?.kind === 'unsupported');
  if (unsupported?.kind === 'unsupported') {
    ctx.keepsOpenAIKey = true;
    warn(ctx, 'unsupported-endpoint', call, `${what} left on OpenAI: its model is a ${unsupported.endpoint} model, which Flux does not serve`);
    return consumeStrings(ctx, call);
  }
  const callee = unwrap(call.childForFieldName('function'))!;
  const target = module === 'llama_index.llms' ? 'llama_index.llms' : 'llama_index.llms.openai_like';
  const imp = callee.type === 'identifier' ? ensureImport(ctx, target, 'OpenAILike', importOf(ctx, callee.text) ?? call) : undefined;
  if (!imp) {
    ctx.keepsOpenAIKey = true;
    warn(ctx, 'unresolved-client', call, `${what} checks its model against OpenAI's model list, so it cannot take a Flux model id, and flux-migrate could not rename it here: use OpenAILike (from ${target}) with api_base="${ctx.options.baseUrl}", api_key from ${ctx.options.keyEnv}, is_chat_model=True and a Flux model id`);
    return consumeStrings(ctx, call);
  }
  const why = `${what} (line ${lineOf(call)})`;
  const rename = { start: callee.startIndex, end: callee.endIndex, text: imp.local };
  const extra: [string, string][] = [...FUNCTION_CALLING.map(([k, v]) => [k, v] as [string, string]), ['context_window', String(contextWindow(ids))]];
  configure(ctx, { what, node: call, options, bases: ['api_base'], keys: ['api_key'], addBase: 'api_base', addKey: 'api_key', extra, edits: [rename, ...imp.edits], why });
  if (target === 'llama_index.llms.openai_like' && imp.edits.length) {
    warn(ctx, 'new-dependency', call, `${what} became OpenAILike, since LlamaIndex's OpenAI class rejects model ids that are not OpenAI's: install it with \`pip install llama-index-llms-openai-like\` (and add it to your requirements)`);
  }
  if (model) migrateModelValue(ctx, model, why, 'OpenAILike');
  else warn(ctx, 'unresolved-model', call, `${what} has no model=, so LlamaIndex sends its default OpenAI model: add model="flux-auto" (or another Flux model id)`);
}

function importOf(ctx: PyContext, local: string): Node | undefined {
  return (ctx.index.imports.get(local) ?? []).find((i) => i.name)?.node;
}

// The window of the OpenAI model replaced, at most 128k (Flux routes to models of its own).
function contextWindow(ids: string[]): number {
  const id = ids.find((i) => !isFluxId(i)) ?? '';
  if (/^gpt-3\.5/.test(id)) return 16385;
  if (/^gpt-4-32k/.test(id)) return 32768;
  if (/^gpt-4(-0314|-0613)?$/.test(id)) return 8192;
  return 128000;
}

// `OpenAILike(...)`: another provider's stays silently (that is what it is for); OpenAI's moves.
function openaiLike(ctx: PyContext, call: Node): void {
  const what = 'the LlamaIndex OpenAILike LLM';
  const options = callOptions(ctx, call);
  if ('unresolved' in options) return consumeStrings(ctx, call);
  if (!decideBase(ctx, { what, options, bases: ['api_base'], keys: ['api_key'] }, true).move) return consumeStrings(ctx, call);
  const chat = options.get(['is_chat_model']);
  if (chat && unwrap(chat.value)?.type === 'false') {
    ctx.keepsOpenAIKey = true;
    warn(ctx, 'unsupported-endpoint', call, `${what} left on OpenAI: is_chat_model=False sends it to the legacy completions endpoint, which Flux does not serve; set is_chat_model=True to move it`);
    return consumeStrings(ctx, call);
  }
  const why = `${what} (line ${lineOf(call)})`;
  configure(ctx, { what, node: call, options, bases: ['api_base'], keys: ['api_key'], addBase: 'api_base', addKey: 'api_key', extra: [['is_chat_model', 'True']], why });
  const model = modelArg(options, call);
  if (model) migrateModelValue(ctx, model, why, 'OpenAILike');
}

function embedding(ctx: PyContext, call: Node): void {
  const options = callOptions(ctx, call);
  consumeStrings(ctx, call);
  if ('unresolved' in options || !decideBase(ctx, { what: 'OpenAIEmbedding', options, bases: ['api_base'], keys: ['api_key'] }, true).move) return;
  ctx.keepsOpenAIKey = true;
  warn(ctx, 'unsupported-endpoint', call, `the LlamaIndex OpenAIEmbedding left on OpenAI: Flux does not serve embeddings (it serves chat completions, responses and models)`);
}

// `VectorStoreIndex.from_documents(docs)` with no embedding model anywhere in the run embeds with
// LlamaIndex's default, OpenAI's (OpenAIEmbedding, OPENAI_API_KEY): it stays on OpenAI.
function defaultEmbeddings(ctx: PyContext, call: Node): void {
  const fn = unwrap(call.childForFieldName('function'));
  const cls = fn?.type === 'attribute' && /^from_(documents|vector_store)$/.test(fn.childForFieldName('attribute')!.text) ? fn.childForFieldName('object') : fn;
  if (libraryName(ctx, cls, CORE)?.name !== 'VectorStoreIndex') return;
  if (keywordArg(call.childForFieldName('arguments'), ['embed_model', 'service_context'])) return;
  const modules = ctx.project ? [...ctx.project.modules.values()] : [ctx];
  if (modules.some((m) => m.text.includes('embed_model'))) return;
  ctx.keepsOpenAIKey = true;
  warn(ctx, 'unsupported-endpoint', call, `this index embeds with LlamaIndex's default embedding model, OpenAI's (OpenAIEmbedding), which is left on OpenAI and keeps reading OPENAI_API_KEY: Flux does not serve embeddings; keep OPENAI_API_KEY set, or set Settings.embed_model to another embedding model`);
}
