// The `openai` package: point each OpenAI client at Flux (base URL and key) and migrate the
// model of every chat completions / responses call made on it.
import { decideLiteral, literalWhy, sourcesMessage } from '../modelValues.js';
import { relative, sep } from 'node:path';
import { classifyOpenAIModel } from '../../catalog/models.js';
import { resourceOf } from '../../catalog/endpoints.js';
import { type Call, type Client, type UntracedCall } from './clients.js';
import { type JsContext, consumeStrings, findModel, lineOf, moduleOf, ownerOf, warn } from './context.js';
import { extendModelUnion } from './modelTypes.js';
import { configureOptions, requestObject } from './options.js';
import { define, describe, findProperty, valueSources } from './resolve.js';
import { type Node, type Scope, stringValue, unwrap } from './scope.js';

/** Decides every OpenAI client constructed in a file, with all its calls (in any file of the run). */
export function migrateClients(ctx: JsContext): void {
  for (const client of ctx.clients.values()) migrateClient(ctx, client);
}

/** Model ids passed to SDK-shaped calls on receivers that could not be traced to a client. */
export function hintUntraced(ctx: JsContext, untraced: UntracedCall[]): void {
  for (const u of untraced) {
    // Leave the literals to the hint pass, which names the receiver it could not trace.
    const arg = unwrap(u.site.node.arguments[0]);
    const model = arg?.type === 'ObjectExpression' ? findProperty(arg, 'model') : undefined;
    const value = stringValue(unwrap(model?.value));
    if (model && value && classifyOpenAIModel(value)?.kind === 'chat') {
      ctx.consumed.add(unwrap(model.value)!);
      warn(ctx, 'model-hint', model.value, `"${value}" is passed to \`${u.receiver}.${u.name}\`, but flux-migrate could not trace \`${u.receiver}\` to an OpenAI client, so it was left as is: if it is one, use a Flux model id here`);
    }
  }
}

function migrateClient(ctx: JsContext, client: Client): void {
  const node = client.site.node;
  const leave = () => {
    consumeStrings(ctx, node);
    for (const call of client.calls) {
      consumeStrings(ctx, call.site.node);
      // A request built away from the call (`const params = {...}`) stays with its client too.
      const request = requestObject(call.site.node.arguments[0], call.site.scope);
      if (request) consumeStrings(ctx, request.obj);
    }
  };
  // A client left on OpenAI: each of its calls says so where it is made (the call may sit in
  // another file than the client).
  const stays = (why: string) => {
    for (const call of client.calls) {
      warn(ctx, 'unsupported-endpoint', call.site.node, `${endpointName(call)} still goes to OpenAI: its client (${describeSite(ctx, client, call.site.node)}) stays on OpenAI (${why}), and needs OPENAI_API_KEY`);
    }
  };
  if (client.cls === 'azure') {
    warn(ctx, 'azure-client', node, 'AzureOpenAI client left as is: it talks to an Azure OpenAI deployment, not to OpenAI; move it to Flux by hand if you mean to');
    client.moved = false;
    return leave();
  }
  // The v3 SDK's Configuration calls the base URL `basePath`.
  const base = client.cls === 'openai-v3' ? 'basePath' : 'baseURL';
  const configured = configureOptions(ctx, {
    what: client.cls === 'openai-v3' ? 'OpenAI Configuration' : 'OpenAI client', node, scope: client.site.scope, arg: node.arguments[0],
    keys: [['apiKey']], bases: [[base]], addBase: [base], defaultKey: client.cls === 'openai-v3' ? 'none' : 'OPENAI_API_KEY',
    leaveIf: (obj) => {
      // `new OpenAI({ provider: bedrock({...}) })`: the SDK routes the client to another cloud.
      const provider = obj && findProperty(obj, 'provider');
      if (provider) {
        warn(ctx, 'other-provider', provider, `OpenAI client left as is: its \`provider\` option (${describe(provider.value, ctx.text)}) routes it to another service`);
        return true;
      }
      if (obj && isAzureQuery(obj)) {
        warn(ctx, 'azure-client', node, "OpenAI client with an 'api-version' query (Azure OpenAI) left as is: move it to Flux by hand if you mean to");
        return true;
      }
      // A model that comes from an unsupported call's result (a fine-tuning job) exists only on OpenAI.
      const derived = client.calls.find((c) => c.endpoint.kind === 'model-call' && modelFromUnsupportedCall(c, client));
      if (derived) {
        const resource = resourceOf(endpointName(modelFromUnsupportedCall(derived, client)!));
        warn(ctx, 'unsupported-endpoint', node, `OpenAI client left on OpenAI: the model of its ${endpointName(derived)} call (line ${lineOf(derived.site.node)}) comes from a ${resource} result, which only OpenAI has`);
        stays(`its model comes from a ${resource} result`);
        return true;
      }
      // A client that only calls endpoints Flux does not serve keeps working only on OpenAI.
      const unsupported = client.calls.filter((c) => c.endpoint.kind === 'unsupported');
      if (client.calls.length === 0 || unsupported.length < client.calls.length) return false;
      const names = [...new Set(unsupported.map((c) => resourceOf(endpointName(c))))].join(', ');
      warn(ctx, 'unsupported-endpoint', node, `OpenAI client left on OpenAI: it only calls ${names}, which Flux does not serve (Flux serves chat completions, responses and models)`);
      stays(`Flux does not serve ${names}`);
      return true;
    },
  });
  client.moved = configured;
  if (!configured) return leave();
  for (const call of client.calls) migrateCall(moduleOf(call.site.scope), call);
}

// `model: job.fine_tuned_model` where `job = await client.fineTuning.jobs.retrieve(...)`, directly
// or through other variables.
function modelFromUnsupportedCall(call: Call, client: Client): Call | undefined {
  const request = requestObject(call.site.node.arguments[0], call.site.scope);
  const origin = (expr: Node | undefined, scope: Scope, depth: number): Call | undefined => {
    let node = unwrap(expr);
    while (node && (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression' || node.type === 'AwaitExpression')) {
      node = unwrap(node.type === 'AwaitExpression' ? node.argument : node.object);
    }
    if (!node || depth > 6) return undefined;
    const found = client.calls.find((c) => c.site.node === node && c.endpoint.kind === 'unsupported');
    if (found || node.type !== 'Identifier') return found;
    const d = define(node.name, scope);
    if (!d || !('binding' in d)) return undefined;
    for (const v of [d.binding.init, ...d.binding.assigned]) {
      const o = v && origin(v, d.binding.scope, depth + 1);
      if (o) return o;
    }
    return undefined;
  };
  return request ? origin(findProperty(request.obj, 'model')?.value, request.scope, 0) : undefined;
}

function describeSite(ctx: JsContext, client: Client, from: Node): string {
  const owner = ownerOf(client.site.node, ctx);
  return owner === ownerOf(from, ctx) ? `line ${lineOf(client.site.node)}` : `${relative(process.cwd(), owner.path).split(sep).join('/')}:${lineOf(client.site.node)}`;
}

function isAzureQuery(obj: Node): boolean {
  const query = unwrap(findProperty(obj, 'defaultQuery')?.value);
  return query?.type === 'ObjectExpression' && findProperty(query, 'api-version') !== undefined;
}

function endpointName(call: Call): string {
  return call.endpoint.kind === 'other' ? call.path.join('.') : call.endpoint.name;
}

function migrateCall(ctx: JsContext, call: Call): void {
  const node = call.site.node;
  const name = endpointName(call);
  if (call.endpoint.kind === 'unsupported') {
    warn(ctx, 'unsupported-endpoint', node, `${name} is not served by Flux (only chat completions, responses and models are): once this client points at Flux this call fails; give it its own OpenAI client`);
    consumeStrings(ctx, node);
    return;
  }
  if (call.endpoint.kind === 'other') {
    // A call flux-migrate does not know (a new SDK resource): its model is not rewritten, so say so.
    const request = requestObject(node.arguments[0], call.site.scope);
    const model = request && findProperty(request.obj, 'model');
    if (model) warn(ctx, 'unresolved-model', model, `${name} is not a call flux-migrate knows Flux serves, so its model was left as is while the client moves to Flux: check this call by hand`);
    return;
  }
  if (call.endpoint.kind !== 'model-call') return;
  const where = `${name} at ${relative(process.cwd(), ctx.path).split(sep).join('/')}:${lineOf(node)}`;
  const request = requestObject(node.arguments[0], call.site.scope);
  const modelProp = request && findProperty(request.obj, 'model');
  if (modelProp) return migrateModelValue(ctx, modelProp.value, request.scope, where, name, call.site.cls);
  if (!node.arguments[0] || (request && !request.obj.properties.some((p: Node) => p.type === 'SpreadElement'))) return;
  // Built away from the call: `create(buildParams(messages))`, `create({ ...params, stream: true })`,
  // `create(params)` with `params` a parameter: the request's `model` wherever it comes from.
  migrateModelValue(ctx, node.arguments[0], call.site.scope, where, name, call.site.cls, ['model'], `the request to ${name} (\`${describe(node.arguments[0], ctx.text)}\`)`);
}

/** Finds the literals a model value can be and records them, or warns when it cannot see them. */
export function migrateModelValue(ctx: JsContext, value: Node, scope: Scope, where: string, name: string, cls?: Node, path: string[] = [], what?: string): void {
  const sources = valueSources(value, scope, { text: ctx.text, index: ctx.index, cls }, 0, path);
  if (what && !sources.literals.length && sources.unresolved) sources.unresolved = `${what}, whose model comes from ${sources.unresolved}`;
  for (const literal of sources.literals) {
    ctx.consumed.add(literal);
    const decision = decideLiteral(stringValue(literal)!, name);
    if (decision === 'migrate') {
      const fresh = !ownerOf(literal, ctx).models.has(literal.start);
      findModel(ctx, literal, stringValue(literal)!, literalWhy(where, sources.overriddenBy));
      if (fresh) extendModelUnion(ownerOf(literal, ctx), literal, stringValue(literal)!);
    }
    else if (decision !== 'keep') warn(ctx, decision.code, literal, decision.message);
  }
  const message = sourcesMessage(name, sources.literals.length, sources.unresolved, sources.overriddenBy);
  if (message) warn(ctx, 'unresolved-model', value, message);
}

