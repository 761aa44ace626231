// pydantic-ai: `OpenAIChatModel` / `OpenAIModel` / `OpenAIResponsesModel` (pydantic_ai.models.openai)
// with `OpenAIProvider(base_url=..., api_key=...)` (pydantic_ai.providers.openai), and model strings
// (`Agent("openai:gpt-4o")`).
//
// pydantic-ai's documented way to reach an OpenAI-compatible server ("OpenAI-compatible models")
// is a model class built with `provider=OpenAIProvider(base_url=..., api_key=...)`; without one the
// provider reads OPENAI_API_KEY and OPENAI_BASE_URL. A model string builds its own provider, so an
// inline `"openai:gpt-4o"` becomes `OpenAIChatModel("flux-auto", provider=OpenAIProvider(...))`
// (`openai-responses:` ids `OpenAIResponsesModel`; a model class the file already imports is
// reused); a string held elsewhere (a constant, an env var that may name another provider) is
// warned with the code to write. Other providers (`anthropic:...`, `OllamaProvider`) are left.
import type { Edit } from '../../../model.js';
import { decideLiteral } from '../../modelValues.js';
import { clientOf } from '../clients.js';
import { type PyContext, consume, consumeStrings, find, warn } from '../context.js';
import { lookup, scopeOf } from '../module.js';
import { keyExpr } from '../osenv.js';
import { migrateModelValue } from '../openaiSdk.js';
import type { Node } from '../parse.js';
import { quoted } from '../style.js';
import { keywordArg, lineOf, named, stringLiteral, stringValue, unwrap } from '../tree.js';
import { valueSources } from '../values.js';
import { ensureImport, importedLocal } from './libraryImports.js';
import { libraryName } from '../libraryNames.js';
import { callOptions, configure, decideBase, findModelIn } from './libraryOptions.js';
import { clientMoves } from './agentsRun.js';

const PYDANTIC_AI = /^pydantic_ai(\.[\w.]+)?$/;
const MODELS = 'pydantic_ai.models.openai';
const PROVIDERS = 'pydantic_ai.providers.openai';
const MODEL_CLASSES = new Set(['OpenAIModel', 'OpenAIChatModel', 'OpenAIResponsesModel']);
// `openai:`, `openai-chat:`, `openai-responses:` ids; a bare OpenAI id was read as `openai:` by older versions.
const OPENAI_PREFIX = /^(openai(-chat|-responses)?):/;

export function scanPydanticAI(ctx: PyContext): void {
  if (!ctx.text.includes('pydantic_ai')) return;
  for (const call of ctx.index.calls) {
    const lib = libraryName(ctx, call.childForFieldName('function'), PYDANTIC_AI);
    if (!lib) continue;
    if (lib.name === 'OpenAIProvider' && lib.module.startsWith('pydantic_ai.providers')) provider(ctx, call);
    else if (MODEL_CLASSES.has(lib.name) && lib.module.startsWith('pydantic_ai.models')) modelClass(ctx, call, lib.name);
    else if (lib.name === 'Agent') agent(ctx, call);
    else if (lib.name === 'Embedder' || lib.name === 'OpenAIEmbeddingModel') embedder(ctx, call, lib.name);
  }
}

function arg(call: Node, position: number, names: string[]): Node | undefined {
  const args = call.childForFieldName('arguments')!;
  const kw = keywordArg(args, names);
  if (kw) return kw.childForFieldName('value') ?? undefined;
  const positional = named(args).filter((a) => a.type !== 'keyword_argument' && !a.type.endsWith('splat'));
  return positional[position];
}

// `OpenAIProvider(base_url=..., api_key=...)`: the core rules (an `openai_client` gets them as a client).
function provider(ctx: PyContext, call: Node): void {
  const options = callOptions(ctx, call);
  if ('unresolved' in options) {
    ctx.keepsOpenAIKey = true;
    warn(ctx, 'unresolved-client', call, `the OpenAIProvider options come from \`${options.unresolved.text}\`, which flux-migrate cannot see: set base_url to ${ctx.options.baseUrl} and api_key to ${ctx.options.keyEnv} there by hand`);
    return;
  }
  if (options.get(['openai_client'])) return;
  configure(ctx, { what: 'the pydantic-ai OpenAIProvider', node: call, options, bases: ['base_url'], keys: ['api_key'], addBase: 'base_url', addKey: 'api_key', why: `OpenAIProvider (line ${lineOf(call)})` });
}

/** Whether a provider value goes to Flux after the run: `OpenAIProvider(...)` on OpenAI, `"openai"`. */
function providerMoves(ctx: PyContext, value: Node): boolean | 'string' {
  let v = unwrap(value);
  if (v?.type === 'identifier') {
    const found = lookup(ctx.index, v.text, v);
    v = found?.kind === 'assigned' && found.values.length === 1 ? unwrap(found.values[0].value) : undefined;
  }
  if (!v) return false;
  if (stringValue(v) !== undefined) return stringValue(v) === 'openai' ? 'string' : false;
  if (v.type !== 'call' || libraryName(ctx, v.childForFieldName('function'), PYDANTIC_AI)?.name !== 'OpenAIProvider') return false;
  const options = callOptions(ctx, v);
  if ('unresolved' in options) return false;
  const client = options.get(['openai_client']);
  if (client) {
    const c = clientOf(ctx, client.value);
    return !!c && clientMoves(ctx, c);
  }
  return decideBase(ctx, { what: 'OpenAIProvider', options, bases: ['base_url'], keys: ['api_key'] }, true).move;
}

// `OpenAIChatModel("gpt-4o", provider=...)`: the model moves with its provider; no provider gets one.
function modelClass(ctx: PyContext, call: Node, name: string): void {
  const model = arg(call, 0, ['model_name', 'model']);
  const why = `${name} (line ${lineOf(call)})`;
  const options = callOptions(ctx, call);
  if ('unresolved' in options) return;
  const providerArg = options.get(['provider']);
  const client = options.get(['openai_client']);
  if (client) {
    // The pre-provider API: `OpenAIModel(name, openai_client=AsyncOpenAI(...))`.
    const c = clientOf(ctx, client.value);
    if (c && clientMoves(ctx, c) && model) migrateModelValue(ctx, model, why, name);
    else consumeStrings(ctx, call);
    return;
  }
  if (!providerArg && options.get(['base_url', 'api_key'])) {
    // The pre-provider API: `OpenAIModel(name, base_url=..., api_key=...)`.
    if (configure(ctx, { what: `the pydantic-ai ${name}`, node: call, options, bases: ['base_url'], keys: ['api_key'], addBase: 'base_url', addKey: 'api_key', why }) && model) migrateModelValue(ctx, model, why, name);
    return;
  }
  if (providerArg) {
    const moves = providerMoves(ctx, providerArg.value);
    if (!moves) return consumeStrings(ctx, call);
    if (moves === 'string') {
      const built = providerCode(ctx, call);
      if (!built) return unresolvedProvider(ctx, call, name);
      const lit = stringLiteral(unwrap(providerArg.value)!);
      ctx.movedKey = true;
      find(ctx, 'api-key', providerArg.value, '"openai" (OPENAI_API_KEY, api.openai.com)', built.text, [{ start: lit.start, end: lit.end, text: built.text }, ...built.imports], why);
    }
    consume(ctx, providerArg.value);
  } else {
    const built = providerCode(ctx, call);
    if (!built) return unresolvedProvider(ctx, call, name);
    const last = named(call.childForFieldName('arguments')!).pop();
    if (!last) return unresolvedProvider(ctx, call, name);
    ctx.movedKey = true;
    find(ctx, 'api-key', call, `(pydantic-ai's default OpenAI provider: OPENAI_API_KEY, api.openai.com)`, built.text, [{ start: last.endIndex, end: last.endIndex, text: `, provider=${built.text}` }, ...built.imports], why);
  }
  if (model) migrateModelValue(ctx, model, why, name);
}

function unresolvedProvider(ctx: PyContext, call: Node, name: string): void {
  ctx.keepsOpenAIKey = true;
  warn(ctx, 'unresolved-client', call, `${name} uses pydantic-ai's default OpenAI provider (OPENAI_API_KEY, api.openai.com), and flux-migrate could not add one here: pass provider=OpenAIProvider(base_url="${ctx.options.baseUrl}", api_key=os.environ["${ctx.options.keyEnv}"]) (from ${PROVIDERS})`);
  consumeStrings(ctx, call);
}

/** `OpenAIProvider(base_url=..., api_key=...)` as code for this module, with the import it needs. */
function providerCode(ctx: PyContext, at: Node): { text: string; imports: Edit[] } | undefined {
  const anchor = pydanticImport(ctx);
  const imp = anchor && ensureImport(ctx, PROVIDERS, 'OpenAIProvider', anchor);
  if (!imp) return undefined;
  return { text: `${imp.local}(base_url=${quoted(ctx.options.baseUrl, ctx.style.quote)}, api_key=${keyExpr(ctx, at)})`, imports: imp.edits };
}

// The last module-level import from pydantic-ai: added imports go after it.
function pydanticImport(ctx: PyContext): Node | undefined {
  return named(ctx.index.root).filter((s) => s.type === 'import_from_statement' && /^pydantic_ai\b/.test(s.childForFieldName('module_name')?.text ?? '')).pop();
}

// `Agent("openai:gpt-4o")`: an inline OpenAI id becomes a model built with a Flux provider.
function agent(ctx: PyContext, call: Node): void {
  const model = arg(call, 0, ['model']);
  const value = unwrap(model);
  if (!value) return;
  const inline = stringValue(value);
  if (inline !== undefined) return modelString(ctx, call, value, inline);
  if (value.type === 'call') return; // a model instance: its own rules
  const constant = agentOnlyConstant(ctx, value);
  if (constant) {
    // `MODEL = "openai:gpt-4o"` used only as the model of this module's agents: the constant moves.
    const done = rewritten.get(ctx) ?? new Set<number>();
    rewritten.set(ctx, done);
    if (!done.has(constant.startIndex)) modelString(ctx, call, constant, stringValue(constant)!);
    done.add(constant.startIndex);
    return;
  }
  const sources = valueSources(ctx, value);
  const openai = sources.literals.filter((l) => isOpenAIString(stringValue(l)!));
  if (!openai.length) return;
  for (const l of openai) consume(ctx, l);
  ctx.keepsOpenAIKey = true;
  warn(ctx, 'unresolved-client', value, `the Agent's model comes from \`${value.text}\`, which can name ${openai.map((l) => `"${stringValue(l)}"`).join(', ')}: pydantic-ai builds that OpenAI provider itself (OPENAI_API_KEY, api.openai.com); to use Flux pass OpenAIChatModel("flux-auto", provider=OpenAIProvider(base_url="${ctx.options.baseUrl}", api_key=os.environ["${ctx.options.keyEnv}"])) instead`);
}

const rewritten = new WeakMap<PyContext, Set<number>>();

// The literal of a module constant whose every use in the module is the model of an Agent (and
// that no other module imports), or undefined.
function agentOnlyConstant(ctx: PyContext, value: Node): Node | undefined {
  if (value.type !== 'identifier') return undefined;
  const found = lookup(ctx.index, value.text, value);
  if (found?.kind !== 'assigned' || found.values.length !== 1 || found.values[0].scope !== 0) return undefined;
  const literal = unwrap(found.values[0].value);
  if (!literal || stringValue(literal) === undefined || !isOpenAIString(stringValue(literal)!)) return undefined;
  const target = found.values[0].node.childForFieldName('left');
  for (const id of ctx.index.root.descendantsOfType('identifier')) {
    if (!id || id.text !== value.text || id.id === target?.id) continue;
    const call = id.parent?.type === 'keyword_argument' ? id.parent.parent?.parent : id.parent?.parent;
    if (call?.type !== 'call' || libraryName(ctx, call.childForFieldName('function'), PYDANTIC_AI)?.name !== 'Agent' || unwrap(arg(call, 0, ['model']))?.id !== id.id) return undefined;
  }
  for (const m of ctx.project?.modules.values() ?? []) {
    if (m !== ctx && (m.index.imports.get(value.text) ?? []).some((i) => i.name === value.text)) return undefined;
  }
  return literal;
}

function isOpenAIString(id: string): boolean {
  const prefix = OPENAI_PREFIX.exec(id);
  const inner = prefix ? id.slice(prefix[0].length) : id;
  return (!!prefix || !id.includes(':')) && decideLiteral(inner, 'Agent') === 'migrate';
}

function modelString(ctx: PyContext, call: Node, literal: Node, id: string): void {
  const prefix = OPENAI_PREFIX.exec(id);
  if (!prefix && id.includes(':')) return consume(ctx, literal); // another provider's model
  const inner = prefix ? id.slice(prefix[0].length) : id;
  const decision = decideLiteral(inner, 'Agent');
  if (decision === 'keep' || decision !== 'migrate') {
    if (decision !== 'keep' && (prefix || decision.code !== 'unknown-model')) warn(ctx, decision.code, literal, decision.message);
    return consume(ctx, literal);
  }
  const cls = modelClassFor(ctx, prefix?.[1] ?? 'openai');
  const built = providerCode(ctx, literal);
  const anchor = pydanticImport(ctx);
  const clsImport = cls && anchor ? ensureImport(ctx, MODELS, cls, anchor) : undefined;
  // Module-level code above the added imports would run before them.
  const early = !!anchor && scopeOf(literal) === 0 && literal.startIndex < anchor.endIndex;
  if (!built || !clsImport || early) {
    ctx.keepsOpenAIKey = true;
    warn(ctx, 'unresolved-client', literal, `pydantic-ai builds the provider of "${id}" itself (OPENAI_API_KEY, api.openai.com), and flux-migrate could not add the imports here: pass OpenAIChatModel("flux-auto", provider=OpenAIProvider(base_url="${ctx.options.baseUrl}", api_key=os.environ["${ctx.options.keyEnv}"])) instead`);
    return consume(ctx, literal);
  }
  const lit = stringLiteral(literal);
  const open = lit.start + lit.quote.length + (prefix ? prefix[0].length : 0);
  const close = lit.end - lit.quote.length;
  const why = `Agent (line ${lineOf(call)})`;
  const edits: Edit[] = [
    { start: literal.startIndex, end: open, text: `${clsImport.local}(${lit.quote}` },
    { start: close, end: literal.endIndex, text: `${lit.quote}, provider=${built.text})` },
    ...clsImport.edits,
    ...built.imports,
  ];
  ctx.movedKey = true;
  find(ctx, 'api-key', literal, `"${id}" (pydantic-ai's OpenAI provider: OPENAI_API_KEY, api.openai.com)`, `${clsImport.local}(..., provider=${built.text})`, edits, why);
  findModelIn(ctx, literal, prefix ? prefix[0].length : 0, inner, why);
}

// The model class to write: one the file imports already, else by the id's prefix.
function modelClassFor(ctx: PyContext, prefix: string): string | undefined {
  const wanted = prefix === 'openai-responses' ? ['OpenAIResponsesModel'] : ['OpenAIChatModel', 'OpenAIModel'];
  for (const name of wanted) if (importedLocal(ctx, MODELS, name)) return name;
  return wanted[0];
}

function embedder(ctx: PyContext, call: Node, name: string): void {
  const model = arg(call, 0, ['model', 'model_name']);
  const id = stringValue(model);
  consumeStrings(ctx, call);
  if (name === 'Embedder' && !(id && /^openai:/.test(id))) return;
  ctx.keepsOpenAIKey = true;
  warn(ctx, 'unsupported-endpoint', call, `the pydantic-ai ${name}${id ? ` ("${id}")` : ''} left on OpenAI: Flux does not serve embeddings (it serves chat completions, responses and models)`);
}
