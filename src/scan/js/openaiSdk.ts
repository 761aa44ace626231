// The `openai` package: point each OpenAI client at Flux (base URL and key) and migrate the
// model of every chat completions / responses call made on it.
import { relative, sep } from 'node:path';
import { classifyOpenAIModel, isFluxId } from '../../catalog/models.js';
import { resourceOf } from '../../catalog/endpoints.js';
import { maskSecret } from '../../secrets.js';
import type { Edit } from '../../model.js';
import { type Call, type Client, type UntracedCall } from './clients.js';
import { type JsContext, consumeStrings, find, findModel, lineOf, moduleOf, warn } from './context.js';
import { define, definedValue, describe, envRead, findProperty, valueSources } from './resolve.js';
import { type Node, type Scope, descendants, stringValue, unwrap } from './scope.js';
import { type Prop, addOptionsArgument, addProperties, quoted } from './style.js';
import { classifyUrl } from '../../catalog/urls.js';

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

function clientLabel(client: Client): string {
  return `the client at line ${lineOf(client.site.node)}`;
}

function migrateClient(ctx: JsContext, client: Client): void {
  const node = client.site.node;
  const leave = () => {
    consumeStrings(ctx, node);
    for (const call of client.calls) consumeStrings(ctx, call.site.node);
  };
  if (client.cls === 'azure') {
    warn(ctx, 'azure-client', node, 'AzureOpenAI client left as is: it talks to an Azure OpenAI deployment, not to OpenAI; move it to Flux by hand if you mean to');
    return leave();
  }

  const options = clientOptions(node, client.site.scope);
  if (options === 'unresolved') {
    warn(ctx, 'unresolved-client', node, `OpenAI client options come from \`${describe(node.arguments[0], ctx.text)}\`, which flux-migrate cannot see: set baseURL to ${ctx.options.baseUrl} and apiKey to process.env.${ctx.options.keyEnv} there by hand`);
    return leave();
  }
  const obj = options?.obj;
  const spread = obj?.properties.find((p: Node) => p.type === 'SpreadElement');

  // Base URL: decided by what the client is configured with.
  const baseProp = obj && findProperty(obj, 'baseURL');
  let baseLiteral: Node | undefined;
  if (baseProp) {
    const checked = checkBaseUrl(ctx, baseProp, options!.scope);
    if (checked === 'leave') return leave();
    baseLiteral = checked;
  } else if (spread) {
    warn(ctx, 'unresolved-client', spread, `OpenAI client left as is: its options spread \`${describe(spread.argument, ctx.text)}\`, which may set baseURL; set baseURL to ${ctx.options.baseUrl} and apiKey to process.env.${ctx.options.keyEnv} by hand if it is an OpenAI client`);
    return leave();
  }
  if (obj && isAzureQuery(obj)) {
    warn(ctx, 'azure-client', node, "OpenAI client with an 'api-version' query (Azure OpenAI) left as is: move it to Flux by hand if you mean to");
    return leave();
  }

  // A client that only calls endpoints Flux does not serve keeps working only on OpenAI.
  const unsupported = client.calls.filter((c) => c.endpoint.kind === 'unsupported');
  if (client.calls.length > 0 && unsupported.length === client.calls.length) {
    const names = [...new Set(unsupported.map((c) => resourceOf(endpointName(c))))].join(', ');
    warn(ctx, 'unsupported-endpoint', node, `OpenAI client left on OpenAI: it only calls ${names}, which Flux does not serve (Flux serves chat completions, responses and models)`);
    return leave();
  }

  const why = clientLabel(client);
  const added: { kind: 'api-key' | 'base-url'; prop: Prop; before: string }[] = [];
  const envExpr = `process.env.${ctx.options.keyEnv}`;

  // API key.
  const keyProp = obj && findProperty(obj, 'apiKey');
  if (!keyProp) {
    added.push({ kind: 'api-key', prop: { key: 'apiKey', value: envExpr }, before: '(SDK default: OPENAI_API_KEY)' });
  } else {
    migrateKey(ctx, keyProp, options!.scope, why);
  }

  // Base URL.
  if (baseLiteral) {
    const before = stringValue(baseLiteral)!;
    find(ctx, 'base-url', baseLiteral, before, ctx.options.baseUrl, [{ start: baseLiteral.start, end: baseLiteral.end, text: quoteLike(ctx, baseLiteral, ctx.options.baseUrl) }], why);
  } else if (!baseProp) {
    added.push({ kind: 'base-url', prop: { key: 'baseURL', value: quoted(ctx.options.baseUrl, ctx.style.quote) }, before: '(SDK default: https://api.openai.com/v1)' });
  }

  if (added.length) {
    const props = added.map((a) => a.prop);
    const edits = obj ? addProperties(ctx.text, obj, props, ctx.style) : addOptionsArgument(ctx.text, node, props, ctx.style);
    added.forEach((a, i) => find(ctx, a.kind, obj ?? node, a.before, a.prop.value, edits[i], why));
  }
  consumeStrings(ctx, node);

  for (const call of client.calls) migrateCall(moduleOf(call.site.scope), call);
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
  if (call.endpoint.kind !== 'model-call') return;
  const where = `${name} at ${relative(process.cwd(), ctx.path).split(sep).join('/')}:${lineOf(node)}`;
  const request = requestObject(node.arguments[0], call.site.scope);
  if (!request) {
    if (node.arguments[0]) warn(ctx, 'unresolved-model', node, `the request to ${name} comes from \`${describe(node.arguments[0], ctx.text)}\`: flux-migrate cannot see its model; make sure it is a Flux model id`);
    return;
  }
  const modelProp = findProperty(request.obj, 'model');
  if (!modelProp) {
    const spread = request.obj.properties.find((p: Node) => p.type === 'SpreadElement');
    if (spread) warn(ctx, 'unresolved-model', node, `the model of ${name} may come from \`...${describe(spread.argument, ctx.text)}\`: make sure it is a Flux model id`);
    return;
  }
  migrateModelValue(ctx, modelProp.value, request.scope, where, name, call.site.cls);
}

/** Finds the literals a model value can be and records them, or warns when it cannot see them. */
export function migrateModelValue(ctx: JsContext, value: Node, scope: Scope, where: string, name: string, cls?: Node): void {
  const sources = valueSources(value, scope, { text: ctx.text, index: ctx.index, cls });
  for (const literal of sources.literals) {
    const id = stringValue(literal)!;
    ctx.consumed.add(literal);
    if (isFluxId(id)) continue;
    const model = classifyOpenAIModel(id);
    if (model?.kind === 'chat') {
      findModel(ctx, literal, id, sources.overriddenBy ? `${where}, used when ${sources.overriddenBy} is unset` : where);
    } else if (model?.kind === 'unsupported') {
      warn(ctx, 'unsupported-endpoint', literal, `"${id}" is a ${model.endpoint} model, passed to ${name}: Flux does not serve it; left as is`);
    } else {
      warn(ctx, 'unknown-model', literal, `model "${id}" (${name}) is not an OpenAI model flux-migrate knows, so it was left as is: Flux will not serve it; choose a Flux model id by hand`);
    }
  }
  if (sources.unresolved && sources.literals.length === 0) {
    warn(ctx, 'unresolved-model', value, `the model of ${name} comes from ${sources.unresolved}: flux-migrate cannot see its value; make sure it is a Flux model id`);
  } else if (sources.overriddenBy && sources.literals.length) {
    warn(ctx, 'unresolved-model', value, `the model of ${name} can also come from ${sources.overriddenBy}: where that is set, set it to a Flux model id`);
  }
}

export function requestObject(arg: Node | undefined, scope: Scope): { obj: Node; scope: Scope } | undefined {
  const node = unwrap(arg);
  if (node?.type === 'ObjectExpression') return { obj: node, scope };
  if (node?.type === 'Identifier') {
    const d = define(node.name, scope);
    const known = d && definedValue(d);
    if (known && unwrap(known.value)?.type === 'ObjectExpression') return { obj: unwrap(known.value)!, scope: known.scope };
  }
  return undefined;
}

function clientOptions(node: Node, scope: Scope): { obj: Node; scope: Scope } | undefined | 'unresolved' {
  const arg = node.arguments?.[0];
  if (!arg) return undefined;
  return requestObject(arg, scope) ?? 'unresolved';
}

/**
 * What a client's `baseURL` property says: 'leave' (another provider, Azure, or a value it cannot
 * see: warned), the OpenAI URL literal to replace, or undefined (already Flux).
 */
export function checkBaseUrl(ctx: JsContext, baseProp: Node, scope: Scope, what = 'OpenAI client'): Node | 'leave' | undefined {
  const sources = valueSources(baseProp.value, scope, ctx);
  const url = sources.literals.length === 1 && !sources.unresolved ? stringValue(sources.literals[0]) : undefined;
  if (url === undefined) {
    warn(ctx, 'other-provider', baseProp, `${what} left as is: its base URL comes from ${sources.unresolved ?? describe(baseProp.value, ctx.text)}, which may point at another provider; if it is OpenAI, set it to ${ctx.options.baseUrl}`);
    return 'leave';
  }
  const kind = classifyUrl(url, ctx.options.baseUrl);
  if (kind === 'azure') {
    warn(ctx, 'azure-client', baseProp, `${what} pointed at Azure OpenAI left as is: move it to Flux by hand if you mean to`);
    return 'leave';
  }
  if (kind === 'other') {
    warn(ctx, 'other-provider', baseProp, `${what} left as is: its base URL points at ${hostOf(url)}, another provider`);
    return 'leave';
  }
  return kind === 'openai' ? sources.literals[0] : undefined;
}

function isAzureQuery(obj: Node): boolean {
  const query = unwrap(findProperty(obj, 'defaultQuery')?.value);
  return query?.type === 'ObjectExpression' && findProperty(query, 'api-version') !== undefined;
}

export function migrateKey(ctx: JsContext, keyProp: Node, scope: Scope, why: string): void {
  const envExpr = `process.env.${ctx.options.keyEnv}`;
  let value = unwrap(keyProp.value)!;
  // `apiKey` (shorthand) or `apiKey: KEY` where KEY is a same-file constant.
  if (value.type === 'Identifier') {
    const d = define(value.name, scope);
    const known = d && definedValue(d);
    if (known) value = unwrap(known.value)!;
  }
  if (renameKeyReads(ctx, value, why)) return;
  const literal = stringValue(value);
  if (literal !== undefined) {
    find(ctx, 'api-key', value, maskSecret(literal), envExpr, [{ start: value.start, end: value.end, text: envExpr }], why);
    ctx.consumed.add(value);
    warn(ctx, 'hardcoded-key', value, `a literal API key (${maskSecret(literal)}) was replaced by ${envExpr}: set ${ctx.options.keyEnv} to your Flux key, and revoke the old key if it was ever committed`);
    return;
  }
  if (envReads(value).some((r) => r.name === ctx.options.keyEnv)) return;
  warn(ctx, 'unresolved-key', keyProp, `the API key comes from \`${describe(keyProp.value, ctx.text)}\`: make sure it holds your Flux key (flux-migrate reads it from ${ctx.options.keyEnv} elsewhere)`);
}

/** Environment reads (`process.env.X`) anywhere under a node. */
export function envReads(node: Node): { name: string; nameNode: Node }[] {
  const found: { name: string; nameNode: Node }[] = [];
  for (const n of descendants(node)) {
    const read = envRead(n);
    if (read && !found.some((f) => f.nameNode === read.nameNode)) found.push(read);
  }
  return found;
}

/** Renames every read of OPENAI_API_KEY under a node to the Flux key variable; false when there is none. */
export function renameKeyReads(ctx: JsContext, node: Node, why: string): boolean {
  const envExpr = `process.env.${ctx.options.keyEnv}`;
  const reads = envReads(node).filter((r) => r.name === 'OPENAI_API_KEY');
  for (const r of reads) {
    const edit: Edit = r.nameNode.type === 'Identifier'
      ? { start: r.nameNode.start, end: r.nameNode.end, text: ctx.options.keyEnv }
      : { start: r.nameNode.start, end: r.nameNode.end, text: quoteLike(ctx, r.nameNode, ctx.options.keyEnv) };
    find(ctx, 'api-key', r.nameNode, 'process.env.OPENAI_API_KEY', envExpr, [edit], why);
  }
  return reads.length > 0;
}

export function quoteLike(ctx: JsContext, literal: Node, value: string): string {
  const q = ctx.text[literal.start];
  return q === '`' ? '`' + value + '`' : quoted(value, q === "'" || q === '"' ? q : ctx.style.quote);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
