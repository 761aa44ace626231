// LlamaIndex TS: the OpenAI LLM of @llamaindex/openai (`new OpenAI({...})`, `openai({...})`,
// `OpenAIResponses`) and of the older `llamaindex` package, however it is then used
// (`Settings.llm = new OpenAI(...)` included).
//
// - @llamaindex/openai `llm.ts`: `model` defaults to "gpt-4o"; the client is
//   `new OpenAI({ apiKey: this.apiKey ?? getEnv("OPENAI_API_KEY"), baseURL: this.baseURL ??
//   getEnv("OPENAI_BASE_URL"), ...this.additionalSessionOptions })`, so
//   `additionalSessionOptions.baseURL` wins over `baseURL`.
// - The older `llamaindex` package (0.0.20 on) took the base URL only through
//   `additionalSessionOptions`, which every version reads: that is where it is added for it.
// - OpenAIEmbedding reaches embeddings, which Flux does not serve.
import { type JsContext, consumeStrings, lineOf, warn } from '../context.js';
import { migrateModelValue } from '../openaiSdk.js';
import { configureOptions, requestObject } from '../options.js';
import { type Node, type Scope } from '../scope.js';
import { azureOptions, libraryExport, modelProperty } from './shared.js';

const PROVIDER = /^@llamaindex\/openai$/;
const LEGACY = /^llamaindex(\/llm\/openai|\/llms\/openai)?$/;
const LLMS = new Set(['OpenAI', 'OpenAIResponses', 'openai']);

export function scanLlamaIndex(mods: JsContext[]): void {
  for (const ctx of mods) {
    for (const site of [...ctx.index.news, ...ctx.index.calls]) {
      const callee = site.node.callee;
      const current = libraryExport(callee, site.scope, PROVIDER);
      const name = current ?? libraryExport(callee, site.scope, LEGACY);
      if (!name) continue;
      if (name === 'OpenAIEmbedding') {
        warn(ctx, 'unsupported-endpoint', site.node, 'OpenAIEmbedding calls embeddings, which Flux does not serve (only chat completions, responses and models): left on OpenAI');
        consumeStrings(ctx, site.node);
      } else if (LLMS.has(name) && (name === 'openai') === (site.node.type === 'CallExpression')) {
        llm(ctx, site.node, site.scope, name, current !== undefined);
      }
    }
  }
}

function llm(ctx: JsContext, node: Node, scope: Scope, name: string, current: boolean): void {
  const arg = node.arguments[0];
  if (azureOptions(ctx, node, arg, scope, `LlamaIndex ${name}`)) return;
  const ok = configureOptions(ctx, {
    what: `LlamaIndex ${name}`, node, scope, arg,
    keys: [['apiKey']],
    bases: [['additionalSessionOptions', 'baseURL'], ['baseURL']],
    addBase: current ? ['baseURL'] : ['additionalSessionOptions', 'baseURL'],
    defaultKey: 'OPENAI_API_KEY',
  });
  if (!ok) return;
  const opts = arg ? requestObject(arg, scope) : undefined;
  const model = modelProperty(opts?.obj);
  if (model) return migrateModelValue(ctx, model.value, opts!.scope, `LlamaIndex ${name} (line ${lineOf(node)})`, `LlamaIndex ${name}`);
  if (!opts?.obj.properties.some((p: Node) => p.type === 'SpreadElement')) {
    warn(ctx, 'unresolved-model', node, `LlamaIndex ${name} without a model uses its default, an OpenAI model id Flux does not serve: add \`model: "flux-auto"\` (or another Flux model id)`);
  }
}
