// DSPy: `dspy.LM("openai/gpt-4o-mini", api_base=..., api_key=...)` (2.5 on, through LiteLLM),
// the older `dspy.OpenAI(model=..., api_key=..., api_base=...)` (up to 2.5, on the openai module),
// and `dspy.Embedder` (embeddings, which Flux does not serve).
//
// DSPy's docs ("Language Models", other providers): an OpenAI-compatible server is reached with
// the `openai/` prefix on the model and `api_base` / `api_key`; LiteLLM also reads `base_url`.
// `model_type="text"` sends legacy completions. `dspy.OpenAI` defaults to
// "gpt-3.5-turbo-instruct" (legacy completions) and sends `model_type="text"` to completions too.
import { classifyOpenAIModel } from '../../../catalog/models.js';
import { type PyContext, consumeStrings, warn } from '../context.js';
import { migrateModelValue } from '../openaiSdk.js';
import type { Node } from '../parse.js';
import { lineOf, stringValue } from '../tree.js';
import { valueSources } from '../values.js';
import { configureLibrary, leaveOnOpenAI } from './configure.js';
import { argument, migrateProviderModel, modelProviders, option } from './library.js';
import { libraryName } from '../libraryNames.js';

const DSPY = /^dspy(\.clients(\.lm|\.embedding)?)?$/;

export function scanDspy(ctx: PyContext): void {
  if (!ctx.text.includes('dspy')) return;
  for (const call of ctx.index.calls) {
    const lib = libraryName(ctx, call.childForFieldName('function'), DSPY);
    if (lib?.name === 'LM') lm(ctx, call);
    else if (lib?.name === 'OpenAI' && lib.module === 'dspy') legacyOpenAI(ctx, call);
    else if (lib?.name === 'AzureOpenAI' && lib.module === 'dspy') {
      warn(ctx, 'azure-client', call, 'the DSPy AzureOpenAI LM left as is: it talks to an Azure OpenAI deployment, not to OpenAI; move it to Flux by hand if you mean to');
      consumeStrings(ctx, call);
    } else if (lib?.name === 'Embedder') embedder(ctx, call);
  }
}

function lm(ctx: PyContext, call: Node): void {
  const what = `the DSPy LM`;
  const { value: model, unseen } = option(ctx, call, 'model', 0);
  const { providers, unresolved } = modelProviders(ctx, model, unseen);
  if (unresolved) {
    warn(ctx, 'unresolved-model', call, `${what} takes its model from ${unresolved}: flux-migrate cannot tell which provider serves it, so the LM was left as is; if it is OpenAI, use "openai/flux-auto" with api_base="${ctx.options.baseUrl}" and api_key from ${ctx.options.keyEnv}`);
    return consumeStrings(ctx, call);
  }
  if (providers.has('azure')) {
    warn(ctx, 'azure-client', call, `${what} left as is: its model is an Azure OpenAI deployment; move it to Flux by hand if you mean to`);
    return consumeStrings(ctx, call);
  }
  if (!providers.has('openai')) return consumeStrings(ctx, call); // another provider's LM
  if (providers.has('other')) {
    warn(ctx, 'other-provider', call, `${what} left as is: its model can also be another provider's, and its base URL and key serve both`);
    return consumeStrings(ctx, call);
  }
  if (stringValue(argument(call, 'model_type')) === 'text') return leaveOnOpenAI(ctx, call, what, 'legacy completions (model_type="text")');
  const options = configureLibrary(ctx, { what, node: call, bases: ['api_base', 'base_url'], addBase: 'api_base', keys: ['api_key'], addKey: 'api_key' });
  if (options) migrateProviderModel(ctx, model!, `${what} (line ${lineOf(call)})`, 'dspy.LM');
}

// dspy.OpenAI (dsp.GPT3): the openai module with `model`, `api_key`, `api_base`.
function legacyOpenAI(ctx: PyContext, call: Node): void {
  const what = 'the DSPy OpenAI LM';
  const model = argument(call, 'model', 0);
  if (stringValue(argument(call, 'api_provider')) === 'azure') {
    warn(ctx, 'azure-client', call, `${what} set up for Azure (api_provider="azure") left as is: move it to Flux by hand if you mean to`);
    return consumeStrings(ctx, call);
  }
  if (!model) return leaveOnOpenAI(ctx, call, what, `legacy completions (its default model is "gpt-3.5-turbo-instruct"; give it a chat model and move it by hand)`);
  const ids = valueSources(ctx, model).literals.map((l) => stringValue(l)!);
  if (stringValue(argument(call, 'model_type')) === 'text' || (ids.length && ids.every((id) => classifyOpenAIModel(id)?.kind === 'unsupported'))) {
    return leaveOnOpenAI(ctx, call, what, 'legacy completions');
  }
  const options = configureLibrary(ctx, { what, node: call, bases: ['api_base'], addBase: 'api_base', keys: ['api_key'], addKey: 'api_key' });
  if (options) migrateModelValue(ctx, model, `${what} (line ${lineOf(call)})`, 'dspy.OpenAI');
}

function embedder(ctx: PyContext, call: Node): void {
  const model = argument(call, 'model', 0);
  const ids = model ? valueSources(ctx, model).literals.map((l) => stringValue(l)!) : [];
  if (ids.some((id) => id.startsWith('openai/') || classifyOpenAIModel(id)?.kind === 'unsupported')) {
    leaveOnOpenAI(ctx, call, 'the DSPy Embedder', 'OpenAI embeddings');
  }
}
