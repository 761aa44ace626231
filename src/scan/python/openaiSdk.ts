// The `openai` SDK and LangChain's ChatOpenAI in Python: point each client at Flux (base URL and
// key, added or replaced) and migrate the model of every chat completions / responses call.
import { decideLiteral, literalWhy, sourcesMessage } from '../modelValues.js';
import { resourceOf } from '../../catalog/endpoints.js';
import { classifyOpenAIModel } from '../../catalog/models.js';
import { type Call, type Client, attachCalls, collectClients } from './clients.js';
import { envReadsOf, migrateKey } from './clientKey.js';
import { type PyContext, consume, consumeStrings, find, findModel, ownerOf, warn } from './context.js';
import { keyExpr } from './osenv.js';
import type { Node } from './parse.js';
import { markClient, wrappersOf } from './sharedCalls.js';
import { addItems, quoted } from './style.js';
import { describe, keywordArg, lineOf, named, stringValue, unwrap } from './tree.js';

// Re-exported: the module globals (legacy.ts), the key names (keyNames.ts) and analyzers use them.
export { envReadsOf, migrateKey, renameEnvName } from './clientKey.js';
export { warnSharedCalls } from './sharedCalls.js';
import { decideBaseUrl } from './baseUrl.js';
import { envDefaults } from './envDefaults.js';
import { dictItem, dictValues, dictView } from './dicts.js';
import { valueSources } from './values.js';

/** Collects a module's clients and attaches its calls (for a run's modules: each step over all of them first). */
export function prepareOpenAISdk(ctx: PyContext): void {
  if (!ctx.clients) collectClients(ctx);
}

export function attachOpenAISdkCalls(ctx: PyContext): void {
  ctx.untraced ??= attachCalls(ctx);
}

export function scanOpenAISdk(ctx: PyContext): void {
  prepareOpenAISdk(ctx);
  attachOpenAISdkCalls(ctx);
  for (const client of ctx.clients!.values()) migrateClient(ctx, client);
  for (const u of ctx.untraced!) {
    const model = keywordArg(u.node.childForFieldName('arguments'), ['model']);
    const value = model && stringValue(model.childForFieldName('value'));
    if (model && value && classifyOpenAIModel(value)?.kind === 'chat') {
      ctx.consumed.add(unwrap(model.childForFieldName('value'))!.startIndex);
      warn(ctx, 'model-hint', model, `"${value}" is passed to \`${u.receiver}.${u.name}\`, but flux-migrate could not trace \`${u.receiver}\` to an OpenAI client, so it was left as is: if it is one, use a Flux model id here`);
    }
  }
}

/** The options a client (or a request) is built with: its keyword arguments, or the dict it is splatted from. */
export interface Options {
  /** Where added options go: the call's argument list, or the dict built for `**kwargs`; and its module. */
  target: Node;
  targetCtx: PyContext;
  /** `pair`: a `{...}` dict; `kw`: an argument list (the call's, or `dict(...)`'s). */
  form: 'pair' | 'kw';
  /** The item written for a name (a keyword argument, or the dict's literal entry). */
  get(names: string[]): { item: Node; value: Node } | undefined;
  /** Every value the option can have (also items set on the dict later), and what may set it unseen. */
  values(names: string[]): { values: Node[]; unseen?: Node };
}

export function clientOptions(ctx: PyContext, call: Node): Options | (Options & { unresolved: Node }) {
  const args = call.childForFieldName('arguments')!;
  const splats = named(args).filter((a) => a.type === 'dictionary_splat');
  const own = (names: string[]) => {
    const kw = keywordArg(args, names);
    return kw && { item: kw, value: kw.childForFieldName('value')! };
  };
  if (splats.length === 0) return { target: args, targetCtx: ctx, form: 'kw', get: own, values: (names) => ({ values: own(names) ? [own(names)!.value] : [] }) };
  const view = splats.length === 1 ? dictView(ctx, named(splats[0])[0]) : undefined;
  if (!view) {
    // A request's own `model=` wins over what `**kwargs` holds (Python refuses both).
    return { unresolved: splats[0], target: args, targetCtx: ctx, form: 'kw', get: own, values: (names) => (own(names) ? { values: [own(names)!.value] } : { values: [], unseen: splats[0] }) };
  }
  return {
    target: view.dict,
    targetCtx: view.ctx,
    form: view.dict.type === 'dictionary' ? 'pair' : 'kw',
    get: (names) => own(names) ?? names.map((n) => dictItem(view.dict, n)).find(Boolean),
    values: (names) => {
      const kw = own(names);
      if (kw) return { values: [kw.value] };
      const found = names.map((n) => dictValues(view, n));
      return { values: found.flatMap((f) => f.values), unseen: found.find((f) => f.unseen)?.unseen };
    },
  };
}

function migrateClient(ctx: PyContext, client: Client): void {
  const node = client.node;
  const leave = () => {
    consumeStrings(ctx, node);
    for (const call of client.calls) consumeStrings(ctx, call.node);
  };
  const cls = client.cls;
  if (cls.kind === 'azure') {
    warn(ctx, 'azure-client', node, `the ${client.name} client left as is: it talks to an Azure OpenAI deployment, not to OpenAI; move it to Flux by hand if you mean to`);
    return leave();
  }
  if (cls.kind === 'unsupported') {
    ctx.keepsOpenAIKey = true;
    warn(ctx, 'unsupported-endpoint', node, `the ${client.name} client left on OpenAI: it calls ${cls.what}, which Flux does not serve (Flux serves chat completions, responses and models)`);
    return leave();
  }
  const lc = cls.kind === 'langchain';
  const options = clientOptions(ctx, node);
  if ('unresolved' in options) {
    ctx.keepsOpenAIKey = true;
    warn(ctx, 'unresolved-client', node, `the ${client.name} client options come from \`${describe(options.unresolved)}\`, which flux-migrate cannot see: set base_url to ${ctx.options.baseUrl} and api_key to ${ctx.options.keyEnv} there by hand`);
    return leave();
  }
  const oldSpelling = lc && (cls.oldSpelling || !!options.get(['openai_api_key', 'openai_api_base']));
  const names = {
    base: lc ? ['base_url', 'openai_api_base'] : ['base_url'],
    key: lc ? ['api_key', 'openai_api_key'] : ['api_key'],
    addBase: oldSpelling ? 'openai_api_base' : 'base_url',
    addKey: oldSpelling ? 'openai_api_key' : 'api_key',
  };
  const keyItem = options.get(names.key);
  const keyValues = options.values(names.key);

  // Base URL: decided by every value the client can be given.
  const base = options.values(names.base);
  const baseItem = options.get(names.base) ?? (base.values.length ? { item: base.values[0], value: base.values[0] } : undefined);
  if (base.unseen) {
    ctx.keepsOpenAIKey = true;
    warn(ctx, 'unresolved-client', node, `the ${client.name} client's base URL may be set by \`${describe(base.unseen)}\`, which flux-migrate cannot see: set base_url to ${ctx.options.baseUrl} and api_key to ${ctx.options.keyEnv} there by hand`);
    return leave();
  }
  const baseDecision = base.values.length ? decideBaseUrl(ctx, base.values, client.name) : undefined;
  if (baseDecision?.kind === 'leave') {
    if (!keyValues.values.length || keyValues.values.some((v) => envReadsOf(ctx, v).some((r) => r.name === 'OPENAI_API_KEY'))) ctx.keepsOpenAIKey = true;
    warn(ctx, baseDecision.code, baseItem!.item, baseDecision.message);
    markClient(client, 'other-provider');
    return leave();
  }

  // A client that only calls endpoints Flux does not serve keeps working only on OpenAI.
  const unsupported = client.calls.filter((c) => c.endpoint.kind === 'unsupported');
  if (client.calls.length > 0 && unsupported.length === client.calls.length) {
    ctx.keepsOpenAIKey = true;
    const what = [...new Set(unsupported.map((c) => resourceOf(endpointName(c))))].join(', ');
    warn(ctx, 'unsupported-endpoint', node, `the ${client.name} client left on OpenAI: it only calls ${what}, which Flux does not serve (Flux serves chat completions, responses and models)`);
    // Each call says so where it is made (maybe in another module, through a parameter).
    for (const call of client.calls) warn(call.ctx ?? ctx, 'unsupported-endpoint', call.node, `${endpointName(call)} still goes to OpenAI: its client (${ownerOf(ctx, node).path.split(/[\\/]/).pop()}:${lineOf(node)}) stays there because Flux does not serve ${what}; it needs OPENAI_API_KEY where the app runs`);
    return leave();
  }

  const why = `the client at line ${lineOf(node)}`;
  const added: { kind: 'api-key' | 'base-url'; item: string; before: string; after: string }[] = [];
  const tc = options.targetCtx;
  const item = (key: string, value: string) => (options.form === 'pair' ? `${quoted(key, tc.style.quote)}: ${value}` : `${key}=${value}`);

  if (!keyValues.values.length) {
    const expr = keyExpr(tc, options.target);
    ctx.movedKey = true;
    added.push({ kind: 'api-key', item: item(names.addKey, expr), before: '(SDK default: OPENAI_API_KEY)', after: expr });
  } else {
    for (const v of keyValues.values) migrateKey(ctx, keyItem?.item ?? v, v, why);
  }

  if (baseDecision?.kind === 'migrate') {
    for (const e of baseDecision.edits) find(ctx, 'base-url', e.at, e.before, ctx.options.baseUrl, [e.edit], why);
  } else if (!baseDecision) {
    const url = quoted(ctx.options.baseUrl, tc.style.quote);
    added.push({ kind: 'base-url', item: item(names.addBase, url), before: '(SDK default: https://api.openai.com/v1)', after: ctx.options.baseUrl });
  }

  if (added.length) {
    const edits = addItems(tc.text, options.target, added.map((a) => a.item), tc.style);
    added.forEach((a, i) => find(ctx, a.kind, options.target, a.before, a.after, edits[i], why));
  }
  consumeStrings(ctx, node);

  if (lc) {
    const model = options.get(['model', 'model_name']);
    if (model) migrateModelValue(ctx, model.value, `${client.name} (line ${lineOf(node)})`, client.name);
    else warn(ctx, 'unresolved-model', node, `${client.name} has no model=, so LangChain sends its default OpenAI model: add model="${'flux-auto'}" (or another Flux model id)`);
  }
  markClient(client, 'moved');
  for (const call of client.calls) migrateCall(call.ctx ?? ctx, call);
  // A wrapper's default model (`instructor.from_openai(client, model="gpt-4o")`) goes to its calls.
  for (const w of wrappersOf(ctx, client)) {
    const model = keywordArg(w.call.childForFieldName('arguments'), ['model']);
    if (model) migrateModelValue(w.ctx, model.childForFieldName('value')!, `${describe(w.call.childForFieldName('function')!)} (line ${lineOf(w.call)})`, describe(w.call.childForFieldName('function')!));
  }
}

function endpointName(call: Call): string {
  return call.endpoint.kind === 'other' ? call.path.join('.') : call.endpoint.name;
}

/** Migrates the model of an SDK call (or warns about an endpoint Flux does not serve). */
export function migrateCall(ctx: PyContext, call: Call, name = endpointName(call)): void {
  const node = call.node;
  if (call.endpoint.kind === 'unsupported') {
    warn(ctx, 'unsupported-endpoint', node, `${name} is not served by Flux (only chat completions, responses and models are): once this client points at Flux this call fails; give it its own OpenAI client`);
    consumeStrings(ctx, node);
    return;
  }
  if (call.endpoint.kind !== 'model-call') return;
  const where = `${name} (line ${lineOf(node)})`;
  const options = clientOptions(ctx, node);
  const model = options.values(['model']);
  for (const v of model.values) migrateModelValue(ctx, v, where, name);
  if (model.unseen && !model.values.length) warn(ctx, 'unresolved-model', node, `the request to ${name} comes from \`${describe(model.unseen)}\`: flux-migrate cannot see its model; make sure it is a Flux model id`);
  else if (model.unseen) warn(ctx, 'unresolved-model', node, `the model of ${name} may also be set by \`${describe(model.unseen)}\`, which flux-migrate cannot see: make sure it is a Flux model id`);
}

/** Finds the literals a model value can be and records them, or warns when it cannot see them. */
export function migrateModelValue(ctx: PyContext, value: Node, where: string, name: string): void {
  const sources = valueSources(ctx, value);
  // A variable read here without a default may have one where the run reads it elsewhere.
  let literals = sources.literals;
  let { unresolved, overriddenBy } = sources;
  if (!literals.length && sources.envOnly) {
    const unset = (sources.envs ?? []).filter((e) => !e.fallback || unwrap(e.fallback)?.type === 'none');
    const defaults = unset.flatMap((e) => envDefaults(ctx, e.name).map((d) => ({ d, e }))).filter((x, i, all) => all.findIndex((o) => o.d.startIndex === x.d.startIndex && o.d.tree === x.d.tree) === i);
    if (defaults.length) {
      literals = defaults.map((x) => x.d);
      unresolved = undefined;
      overriddenBy = `the environment variable ${defaults[0].e.name} (its default is at ${defaults.map((x) => `${ownerOf(ctx, x.d).path.split(/[\\/]/).pop()}:${lineOf(x.d)}`).join(', ')})`;
    }
  }
  for (const literal of literals) {
    consume(ctx, literal);
    const decision = decideLiteral(stringValue(literal)!, name);
    if (decision === 'migrate') findModel(ctx, literal, stringValue(literal)!, literalWhy(where, overriddenBy));
    else if (decision !== 'keep') warn(ctx, decision.code, literal, decision.message);
  }
  const message = sourcesMessage(name, literals.length, unresolved, overriddenBy);
  if (message) warn(ctx, 'unresolved-model', value, message);
}
