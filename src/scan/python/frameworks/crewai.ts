// CrewAI: `LLM(model=..., base_url=..., api_key=...)`, model strings given to agents and crews
// (`Agent(llm="gpt-4o")`, `Crew(manager_llm=...)`), agents on CrewAI's environment-driven default,
// and crew memory, which embeds with OpenAI by default.
//
// CrewAI's docs ("Connect to any LLM"): an agent without `llm` gets the model from MODEL /
// MODEL_NAME / OPENAI_MODEL_NAME (default gpt-4o-mini), the key from OPENAI_API_KEY and the base
// URL from OPENAI_API_BASE / OPENAI_BASE_URL; a model string becomes `LLM(model=<string>)`. Its
// `LLM` reaches an OpenAI-compatible server with `base_url` (or `api_base`) and `api_key`, with
// the `openai/` prefix on an id it does not know (LiteLLM before 1.0; the native OpenAI provider
// after). So a model string moves as `LLM(model="openai/<flux id>", base_url=..., api_key=...)`.
import { type PyContext, consume, consumeStrings, find, warn } from '../context.js';
import { migrateModelValue } from '../openaiSdk.js';
import { envNameUse, keyExpr } from '../osenv.js';
import type { Node } from '../parse.js';
import { quoted } from '../style.js';
import { keywordArg, lineOf, named, stringValue, unwrap } from '../tree.js';
import { dictEntry, dictOf, valueSources } from '../values.js';
import { configureLibrary, leaveOnOpenAI } from './configure.js';
import { argument, importedAs, migrateProviderModel, modelProviders, option } from './library.js';
import { libraryName } from '../libraryNames.js';

const CREWAI = /^crewai(\.llm|\.agent|\.crew|\.agents?(\.\w+)*)?$/;
const MODEL_KEYWORDS: Record<string, string[]> = {
  Agent: ['llm', 'function_calling_llm'],
  Crew: ['manager_llm', 'planning_llm', 'function_calling_llm', 'chat_llm'],
};

export function scanCrewAI(ctx: PyContext): void {
  if (!ctx.text.includes('crewai')) return;
  const defaults: Node[] = [];
  for (const call of ctx.index.calls) {
    const name = libraryName(ctx, call.childForFieldName('function'), CREWAI)?.name;
    if (name === 'LLM') llm(ctx, call);
    if (name !== 'Agent' && name !== 'Crew') continue;
    for (const kw of MODEL_KEYWORDS[name]) {
      const value = argument(call, kw);
      if (value) modelString(ctx, value, `the CrewAI ${name} ${kw}`);
    }
    if (name === 'Agent' && !argument(call, 'llm') && !named(call.childForFieldName('arguments')!).some((a) => a.type === 'dictionary_splat')) defaults.push(call);
    if (name === 'Crew') memory(ctx, call);
  }
  if (defaults.length) envDefaults(ctx, defaults);
}

function llm(ctx: PyContext, call: Node): void {
  const what = 'the CrewAI LLM';
  const { value: model, unseen } = option(ctx, call, 'model', 0);
  // `provider="openai"` names the provider itself: the id goes as is, without the `openai/` prefix.
  const provider = argument(call, 'provider');
  if (provider) {
    if (stringValue(provider) !== 'openai') return consumeStrings(ctx, call);
    const options = model && configureLibrary(ctx, { what, node: call, bases: ['base_url', 'api_base'], addBase: 'base_url', keys: ['api_key'], addKey: 'api_key' });
    if (options) migrateModelValue(ctx, model!, `${what} (line ${lineOf(call)})`, 'crewai.LLM');
    return;
  }
  const { providers, unresolved } = modelProviders(ctx, model, unseen);
  if (unresolved) {
    warn(ctx, 'unresolved-model', call, `${what} takes its model from ${unresolved}: flux-migrate cannot tell which provider serves it, so it was left as is; if it is OpenAI, use "openai/flux-auto" with base_url="${ctx.options.baseUrl}" and api_key from ${ctx.options.keyEnv}`);
    return consumeStrings(ctx, call);
  }
  if (providers.has('azure')) {
    warn(ctx, 'azure-client', call, `${what} left as is: its model is an Azure OpenAI deployment; move it to Flux by hand if you mean to`);
    return consumeStrings(ctx, call);
  }
  if (!providers.has('openai') || providers.has('other')) return consumeStrings(ctx, call);
  const options = configureLibrary(ctx, { what, node: call, bases: ['base_url', 'api_base'], addBase: 'base_url', keys: ['api_key'], addKey: 'api_key' });
  if (options) migrateProviderModel(ctx, model!, `${what} (line ${lineOf(call)})`, 'crewai.LLM');
}

// A model string (`llm="gpt-4o"`, or a constant holding one) that CrewAI would turn into an LLM
// on OpenAI's defaults: it becomes an explicit `LLM(model=..., base_url=..., api_key=...)`.
function modelString(ctx: PyContext, value: Node, what: string): void {
  const sources = valueSources(ctx, value);
  if (sources.unresolved || !sources.literals.length) return; // an LLM object, or a value it cannot see
  const ids = sources.literals.map((l) => stringValue(l)!);
  const { providers } = modelProviders(ctx, value);
  if (!providers.has('openai') || providers.has('other') || providers.has('azure')) {
    sources.literals.forEach((l) => consume(ctx, l));
    return;
  }
  const v = unwrap(value)!;
  const why = `${what} at line ${lineOf(v)}`;
  const cls = importedAs(ctx, 'crewai', 'LLM', /^crewai$/);
  const key = keyExpr(ctx, v);
  const url = quoted(ctx.options.baseUrl, ctx.style.quote);
  ctx.movedKey = true;
  find(ctx, 'base-url', v, `(CrewAI default for "${ids.join('", "')}": https://api.openai.com/v1)`, ctx.options.baseUrl, [
    ...(cls.edit ? [cls.edit] : []),
    { start: v.startIndex, end: v.startIndex, text: `${cls.local}(model=` },
    { start: v.endIndex, end: v.endIndex, text: `, base_url=${url}` },
  ], why);
  find(ctx, 'api-key', v, '(CrewAI default: OPENAI_API_KEY)', key, [{ start: v.endIndex, end: v.endIndex, text: `, api_key=${key})` }], why);
  migrateProviderModel(ctx, value, `${what} (line ${lineOf(v)})`, `CrewAI ${what.split(' ').pop()}`);
}

// Agents without `llm`: CrewAI builds their LLM from the environment, on OpenAI's key and URL.
function envDefaults(ctx: PyContext, agents: Node[]): void {
  ctx.keepsOpenAIKey = true; // their LLM reads OPENAI_API_KEY: what sets it here stays
  // `os.environ["OPENAI_MODEL_NAME"] = "gpt-4o"` in the same file chooses their model.
  const set: string[] = [];
  for (const s of ctx.index.strings) {
    const name = stringValue(s);
    if (!name || !/^(OPENAI_MODEL_NAME|MODEL|MODEL_NAME)$/.test(name) || envNameUse(ctx, s) !== 'set') continue;
    set.push(`${name} (line ${lineOf(s)})`);
    const assign = s.parent?.parent;
    if (assign?.type === 'assignment') consumeStrings(ctx, assign.childForFieldName('right'));
  }
  const model = set.length ? `the model this file sets in ${set.join(', ')}` : 'MODEL or OPENAI_MODEL_NAME (default gpt-4o-mini)';
  const line = `llm=LLM(model="openai/flux-auto", base_url="${ctx.options.baseUrl}", api_key=os.environ["${ctx.options.keyEnv}"])`;
  for (const agent of agents) {
    const config = keywordArg(agent.childForFieldName('arguments'), ['config']) ? ' (unless its config sets llm)' : '';
    warn(ctx, 'unresolved-client', agent, `this CrewAI Agent has no llm=${config}, so CrewAI builds one from the environment: ${model}, with OPENAI_API_KEY and OPENAI_API_BASE or OPENAI_BASE_URL (default OpenAI's URL); if that is OpenAI, move it to Flux by passing ${line}`);
  }
}

// `Crew(memory=True)` embeds with OpenAI unless another embedder is configured.
function memory(ctx: PyContext, call: Node): void {
  const mem = unwrap(argument(call, 'memory'));
  if (mem?.type !== 'true') return;
  const embedder = argument(call, 'embedder');
  const dict = embedder ? dictOf(ctx, embedder) : undefined;
  const provider = dict ? stringValue(dictEntry(dict, 'provider')) : embedder ? undefined : 'openai';
  if (provider === 'openai') leaveOnOpenAI(ctx, call, 'the CrewAI memory of this crew', 'OpenAI embeddings (its default embedder)');
}
