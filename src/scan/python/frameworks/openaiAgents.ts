// OpenAI Agents SDK for Python (`agents`, openai-agents on PyPI).
//
// - Models: `Agent(model="gpt-4o")` and `RunConfig(model=...)` are strings the default provider
//   resolves (`openai/gpt-4o` too: the prefix is stripped; `litellm/...` and `any-llm/...` are
//   other providers); `OpenAIChatCompletionsModel` / `OpenAIResponsesModel(model, openai_client)`
//   bring their own client, whose `AsyncOpenAI(...)` gets the core rules (openaiSdk.ts).
// - The default provider builds its client lazily from `set_default_openai_client(client)`, else
//   from `set_default_openai_key(key)` or OPENAI_API_KEY with OPENAI_BASE_URL or the SDK's default
//   URL (agents/models/openai_provider.py `_get_client`). Python has no default-provider setter, so a
//   key alone gets a default client on the next line; agents with no setup in the run get one where
//   they are run (`Runner.run*`), or an `unresolved-client` warning with the line to add.
// - Tracing is on by default and exports to api.openai.com with the default key, or with the
//   default client's key (`use_for_tracing=True`): written setups pass `use_for_tracing=False`, so
//   the Flux key never goes to OpenAI, and tracing itself is warned (`set_tracing_disabled(True)`).
// - Flux serves the Responses API the SDK uses by default, and chat completions: an app's
//   `set_default_openai_api(...)` choice stays as it is.
// This file: the models and providers; agentsRun.ts: which modules use the SDK and what each
// program sets up; agentsSetup.ts: the default client and tracing.
import { decideLiteral } from '../../modelValues.js';
import { clientOf } from '../clients.js';
import { type PyContext, consumeStrings, ownerOf, warn } from '../context.js';
import { migrateModelValue } from '../openaiSdk.js';
import type { Node } from '../parse.js';
import { keywordArg, lineOf, named, stringValue, unwrap } from '../tree.js';
import { valueSources } from '../values.js';
import { type RunUse, clientMoves, firstArg, isModelInstance, runUse } from './agentsRun.js';
import { defaultClient, defaultKey, setupAndTracing } from './agentsSetup.js';
import { callOptions, configure, findModelIn } from './libraryOptions.js';

const MODEL_CLASSES = new Set(['OpenAIChatCompletionsModel', 'OpenAIResponsesModel']);
const HOSTED: Record<string, string> = {
  FileSearchTool: 'searches OpenAI vector stores',
  ImageGenerationTool: 'generates images',
};
const LEFT_ON_OPENAI: Record<string, string> = { RealtimeRunner: 'realtime', RealtimeAgent: 'realtime', VoicePipeline: 'audio (speech-to-text and text-to-speech)' };

export function scanOpenAIAgents(ctx: PyContext): void {
  const run = runUse(ctx);
  const use = run.modules.find((m) => m.ctx === ctx);
  if (!use) return;
  for (const { node, name } of use.calls) {
    if (name === 'Agent' || name === 'SandboxAgent' || name === 'RunConfig') agentModel(ctx, node, name, run);
    else if (MODEL_CLASSES.has(name)) modelClass(ctx, node, name);
    else if (name === 'OpenAIProvider' || name === 'MultiProvider') provider(ctx, node, name);
    else if (name === 'set_default_openai_key') defaultKey(ctx, node, run);
    else if (name === 'set_default_openai_client') defaultClient(ctx, node);
    else if (HOSTED[name]) warn(ctx, 'unsupported-endpoint', node, `${name} ${HOSTED[name]}, which Flux does not serve: an agent on Flux that uses this tool fails; keep that agent on an OpenAI client`);
    else if (LEFT_ON_OPENAI[name]) {
      ctx.keepsOpenAIKey = true;
      warn(ctx, 'unsupported-endpoint', node, `${name} left on OpenAI: it uses ${LEFT_ON_OPENAI[name]}, which Flux does not serve (Flux serves chat completions, responses and models)`);
      consumeStrings(ctx, node);
    } else if (name === 'set_default_openai_responses_transport' && stringValue(firstArg(node, 'transport')) === 'websocket') {
      warn(ctx, 'unsupported-endpoint', node, `the Responses API over a websocket is not served by Flux (it serves responses over HTTP): remove this line to use HTTP`);
    }
  }
  setupAndTracing(ctx, use, run);
}

// `Agent(model=...)`, `RunConfig(model=...)`.
function agentModel(ctx: PyContext, node: Node, name: string, run: RunUse): void {
  const kw = keywordArg(node.childForFieldName('arguments'), ['model']);
  const value = unwrap(kw?.childForFieldName('value'));
  if (!value || value.type === 'none') {
    if (name === 'RunConfig' || named(node.childForFieldName('arguments')!).some((a) => a.type === 'dictionary_splat')) return;
    if (!run.custom) warn(ctx, 'unresolved-model', node, `Agent without a model uses the Agents SDK's default model (OPENAI_DEFAULT_MODEL, else an OpenAI id Flux does not serve): add model="flux-auto" (or another Flux model id), or give the run one with RunConfig(model=...)`);
    return;
  }
  if (isModelInstance(ctx, value)) return consumeStrings(ctx, value); // a Model instance brings its own client
  if (run.custom) return consumeStrings(ctx, value);
  const why = `${name} (line ${lineOf(node)})`;
  const sources = valueSources(ctx, value);
  const prefixed = sources.literals.filter((l) => /^[\w.-]+\//.test(stringValue(l)!));
  for (const l of prefixed) {
    const id = stringValue(l)!;
    ownerOf(ctx, l).consumed.add(l.startIndex);
    // `openai/<id>`: the default provider strips the prefix; `litellm/...`, `any-llm/...`: other providers.
    if (!id.startsWith('openai/')) continue;
    const inner = id.slice('openai/'.length);
    const decision = decideLiteral(inner, name);
    if (decision === 'migrate') findModelIn(ctx, l, 'openai/'.length, inner, why);
    else if (decision !== 'keep') warn(ctx, decision.code, l, decision.message);
  }
  if (prefixed.length === sources.literals.length && sources.literals.length) return;
  migrateModelValue(ctx, value, why, name);
}

// `OpenAIChatCompletionsModel(model="gpt-4o", openai_client=client)`: the model follows its client.
function modelClass(ctx: PyContext, node: Node, name: string): void {
  const args = named(node.childForFieldName('arguments')!);
  const model = keywordArg(node.childForFieldName('arguments'), ['model'])?.childForFieldName('value') ?? (args[0]?.type !== 'keyword_argument' ? args[0] : undefined);
  const clientArg = keywordArg(node.childForFieldName('arguments'), ['openai_client'])?.childForFieldName('value') ?? (args[1]?.type !== 'keyword_argument' ? args[1] : undefined);
  if (!model) return;
  const client = clientArg ? clientOf(ctx, clientArg) : undefined;
  if (!client) return; // a client it cannot trace: its ids get a hint
  if (!clientMoves(ctx, client)) return consumeStrings(ctx, node);
  migrateModelValue(ctx, model, `${name} (line ${lineOf(node)})`, name);
}

// `OpenAIProvider(api_key=..., base_url=...)`, `MultiProvider(openai_api_key=..., openai_base_url=...)`.
function provider(ctx: PyContext, node: Node, name: string): void {
  const options = callOptions(ctx, node);
  const p = name === 'MultiProvider' ? 'openai_' : '';
  if ('unresolved' in options) {
    ctx.keepsOpenAIKey = true;
    warn(ctx, 'unresolved-client', node, `the ${name} options come from \`${options.unresolved.text}\`, which flux-migrate cannot see: set ${p}base_url to ${ctx.options.baseUrl} and ${p}api_key to ${ctx.options.keyEnv} there by hand`);
    return;
  }
  if (options.get(['openai_client'])) return; // that client gets the core rules
  configure(ctx, { what: name, node, options, bases: [`${p}base_url`], keys: [`${p}api_key`], addBase: `${p}base_url`, addKey: `${p}api_key`, why: `${name} (line ${lineOf(node)})` });
}
