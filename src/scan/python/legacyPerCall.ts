// The `openai` module used for chat AND for endpoints Flux does not serve (embeddings, images,
// ...): its module-level key and base URL serve both, so moving them would send the embeddings to
// Flux and break them. The module stays on OpenAI instead. With openai<1.0 each chat call takes
// its own `api_key` and `api_base` (`openai.ChatCompletion.create(..., api_key=..., api_base=...)`,
// openai-python 0.x `EngineAPIResource.create`), so the chat calls move one by one; the 1.x module
// client has no per-call base URL, so it is left, with the client to write instead.
import type { Endpoint } from '../../catalog/endpoints.js';
import { type PyContext, consumeStrings, warn } from './context.js';
import { callOptions, configure } from './frameworks/libraryOptions.js';
import { migrateCall } from './openaiSdk.js';
import type { Node } from './parse.js';
import { lineOf } from './tree.js';

export interface ModuleCall {
  node: Node;
  legacy: boolean;
  name: string;
  endpoint: Endpoint;
}

/** Moves each chat call of a module that also calls unsupported endpoints; the module itself stays. */
export function moveChatCallsOnly(ctx: PyContext, m: string, calls: ModuleCall[], globals: Node[], legacy: boolean, displayName: (c: ModuleCall) => string): void {
  ctx.keepsOpenAIKey = true;
  for (const g of globals) consumeStrings(ctx, g);
  const chat = calls.filter((c) => c.endpoint.kind === 'model-call');
  const unsupported = calls.filter((c) => c.endpoint.kind === 'unsupported');
  for (const c of unsupported) {
    warn(ctx, 'unsupported-endpoint', c.node, `${displayName(c)} is not served by Flux (only chat completions, responses and models are): it stays on OpenAI, and so do the \`${m}\` module's key and base URL, which it uses`);
    consumeStrings(ctx, c.node);
  }
  if (!legacy) {
    const first = chat[0];
    if (first) {
      const client = `client = ${m}.OpenAI(base_url="${ctx.options.baseUrl}", api_key=os.environ["${ctx.options.keyEnv}"])`;
      warn(ctx, 'unsupported-endpoint', first.node, `the \`${m}\` module client left on OpenAI: it also calls endpoints Flux does not serve, and openai>=1.0 has no per-call base URL; for the chat calls create \`${client}\` and call \`client.chat.completions.create(...)\` with a Flux model id`);
    }
    for (const c of chat) consumeStrings(ctx, c.node);
    return;
  }
  for (const c of chat) {
    const options = callOptions(ctx, c.node);
    const what = displayName(c);
    if ('unresolved' in options) {
      warn(ctx, 'unresolved-client', c.node, `the \`${m}\` module stays on OpenAI (it also serves endpoints Flux does not), and the options of ${what} come from \`${options.unresolved.text}\`: add api_key=os.environ["${ctx.options.keyEnv}"] and api_base="${ctx.options.baseUrl}" to this call`);
      consumeStrings(ctx, c.node);
      continue;
    }
    const why = `${what} (line ${lineOf(c.node)}), moved on its own: the \`${m}\` module stays on OpenAI for the endpoints Flux does not serve`;
    if (configure(ctx, { what, node: c.node, options, bases: ['api_base'], keys: ['api_key'], addBase: 'api_base', addKey: 'api_key', why })) {
      migrateCall(ctx, { node: c.node, path: [], endpoint: c.endpoint }, what);
    }
  }
}
