// OpenAI Agents SDK (@openai/agents, @openai/agents-core, @openai/agents-openai).
//
// - Models are strings resolved by the default model provider (`new Agent({ model })`,
//   `Agent.create`, `new Runner({ model })`), or explicit `OpenAIResponsesModel(client, id)` /
//   `OpenAIChatCompletionsModel(client, id)`, whose `new OpenAI()` client gets the core rules.
// - The default provider makes its client lazily from `setDefaultOpenAIClient(client)`, else from
//   `setDefaultOpenAIKey(key)` or OPENAI_API_KEY, with the `openai` SDK's default base URL
//   (@openai/agents-openai `defaults.ts`, `openaiProvider.ts`: `new OpenAI({ apiKey:
//   options.apiKey ?? getDefaultOpenAIKey(), baseURL: options.baseURL })`). A key alone keeps
//   it on api.openai.com, so after `setDefaultOpenAIKey(...)` the base URL is supplied with
//   `setDefaultModelProvider(new OpenAIProvider({ baseURL }))` (both exported by @openai/agents).
// - Tracing is on by default and exports to OpenAI with `setTracingExportApiKey(key)` or
//   OPENAI_API_KEY (`getTracingExportApiKey`); Flux does not serve it, so the line to add
//   (`setTracingDisabled(true)`) is given rather than written.
import type { Edit } from '../../../model.js';
import { type JsContext, consumeStrings, find, lineOf, warn } from '../context.js';
import { migrateModelValue } from '../openaiSdk.js';
import { configureOptions, migrateKey, requestObject } from '../options.js';
import { findProperty } from '../resolve.js';
import { type Node, type Scope, memberName, unwrap } from '../scope.js';
import { quoted } from '../style.js';
import { libraryExport, lineIndentOf, resolved, semicolon, statementOf } from './shared.js';

const AGENTS = /^@openai\/agents(-core|-openai)?$/;
const MODEL_CLASSES = new Set(['OpenAIResponsesModel', 'OpenAIChatCompletionsModel']);
const SETUP = new Set(['setDefaultOpenAIClient', 'setDefaultModelProvider']);
const TRACING = new Set(['setTracingDisabled', 'setTracingExportApiKey', 'setTraceProcessors']);

interface FileUse {
  ctx: JsContext;
  /** Agents and runners that use the default provider (a string model, or none). */
  defaults: Node[];
  keyCalls: { node: Node; scope: Scope }[];
  setup: { node: Node; scope: Scope }[];
  tracing: boolean;
  /** `Agent.create({...})` calls. */
  creates: { node: Node; scope: Scope }[];
}

export function scanOpenAIAgents(mods: JsContext[]): void {
  const files: FileUse[] = [];
  for (const ctx of mods) {
    const use: FileUse = { ctx, defaults: [], keyCalls: [], setup: [], tracing: false, creates: [] };
    for (const site of ctx.index.calls) {
      const callee = unwrap(site.node.callee);
      const name = libraryExport(callee, site.scope, AGENTS);
      if (name === 'setDefaultOpenAIKey') use.keyCalls.push(site);
      else if (name && SETUP.has(name)) use.setup.push(site);
      else if (name && TRACING.has(name)) {
        use.tracing = true;
        consumeStrings(ctx, site.node);
      } else if (callee && memberName(callee) === 'create' && libraryExport(callee.object, site.scope, AGENTS) === 'Agent') {
        use.creates.push(site);
      }
    }
    if (use.keyCalls.length || use.setup.length || use.creates.length || ctx.index.news.some((s) => libraryExport(s.node.callee, s.scope, AGENTS))) files.push(use);
  }
  const keySet = files.some((f) => f.keyCalls.length);
  // `setDefaultModelProvider(new SomeOtherProvider())`: string models go there, not to OpenAI.
  const custom = files.flatMap((f) => f.setup).find(({ node, scope }) => libraryExport(node.callee, scope, AGENTS) === 'setDefaultModelProvider'
    && libraryExport(resolved(node.arguments[0], scope)?.callee, scope, AGENTS) !== 'OpenAIProvider');
  if (custom) {
    // Its models are that provider's business: leave them, no hints.
    for (const f of files) for (const site of f.ctx.index.news) if (libraryExport(site.node.callee, site.scope, AGENTS)) consumeStrings(f.ctx, site.node);
  }
  for (const use of files) {
    const { ctx } = use;
    for (const site of use.creates) {
      if (custom) consumeStrings(ctx, site.node);
      else agentModel(ctx, site.node, site.scope, 'Agent.create', use);
    }
    for (const site of ctx.index.news) {
      const name = libraryExport(site.node.callee, site.scope, AGENTS);
      if (custom && (name === 'Agent' || name === 'Runner')) continue;
      if (name === 'Agent' || name === 'Runner') agentModel(ctx, site.node, site.scope, name, use);
      else if (name && MODEL_CLASSES.has(name)) {
        const id = site.node.arguments[1];
        if (id) migrateModelValue(ctx, id, site.scope, `${name} (line ${lineOf(site.node)})`, name, site.cls);
      } else if (name === 'OpenAIProvider') {
        const opts = requestObject(site.node.arguments[0], site.scope);
        if (opts && findProperty(opts.obj, 'openAIClient')) continue; // that client gets the core rules
        configureOptions(ctx, {
          what: 'OpenAIProvider', node: site.node, scope: site.scope, arg: site.node.arguments[0],
          keys: [['apiKey']], bases: [['baseURL']], addBase: ['baseURL'], defaultKey: 'setDefaultOpenAIKey, else OPENAI_API_KEY',
          addKey: !keySet,
        });
      }
    }
  }

  const setupAnywhere = files.some((f) => f.setup.length || f.keyCalls.length);
  const tracingAnywhere = files.some((f) => f.tracing);
  for (const use of files) {
    // With another default model provider, the key is that setup's business: left as is.
    for (const call of use.keyCalls) {
      if (custom) consumeStrings(use.ctx, call.node);
      else defaultKey(use, call.node, call.scope);
    }
    const setupAt = use.keyCalls[0]?.node ?? use.setup[0]?.node;
    const tracing = `\`setTracingDisabled(true);\` at startup (from @openai/agents), or keep traces on OpenAI with \`setTracingExportApiKey(process.env.OPENAI_API_KEY!);\``;
    if (setupAt && !tracingAnywhere) {
      warn(use.ctx, 'unsupported-endpoint', setupAt, `the Agents SDK exports traces to OpenAI (api.openai.com) with OPENAI_API_KEY, and Flux does not serve tracing: add ${tracing}`);
    } else if (!setupAnywhere && use.defaults.length) {
      const client = `setDefaultOpenAIClient(new OpenAI({ baseURL: "${use.ctx.options.baseUrl}", apiKey: ${use.ctx.keyExpr} }));`;
      warn(use.ctx, 'unresolved-client', use.defaults[0], `these agents use the Agents SDK's default OpenAI client (OPENAI_API_KEY, api.openai.com), and no file of this run sets one, so they are left on OpenAI until you do: once at startup add \`${client}\` (OpenAI from "openai", setDefaultOpenAIClient from "@openai/agents")${tracingAnywhere ? '' : `, and ${tracing}`}`);
    }
  }
}

// `new Agent({ model })`, `Agent.create({ model })`, `new Runner({ model })`.
function agentModel(ctx: JsContext, node: Node, scope: Scope, what: string, use: FileUse): void {
  const opts = requestObject(node.arguments[0], scope);
  if (!opts) return;
  const model = findProperty(opts.obj, 'model');
  if (!model) {
    if (what === 'Runner' || opts.obj.properties.some((p: Node) => p.type === 'SpreadElement')) return;
    use.defaults.push(node);
    warn(ctx, 'unresolved-model', node, `${what} without a model uses the Agents SDK's default model, an OpenAI id Flux does not serve: add \`model: "flux-auto"\` (or another Flux model id), or give the Runner one`);
    return;
  }
  // A Model instance (`new OpenAIResponsesModel(...)`, `aisdk(...)`) brings its own client.
  const value = resolved(model.value, opts.scope);
  if (value && ['NewExpression', 'CallExpression', 'ObjectExpression'].includes(value.type)) return;
  use.defaults.push(node);
  migrateModelValue(ctx, model.value, opts.scope, `${what} (line ${lineOf(node)})`, what);
}

// `setDefaultOpenAIKey(key)`: the key gets the core rules, and the base URL is supplied by a
// default provider on the next line (once per file).
function defaultKey(use: FileUse, node: Node, scope: Scope): void {
  const { ctx } = use;
  const arg = node.arguments[0];
  if (!arg) return;
  const hasSetup = use.setup.length > 0;
  const statement = statementOf(node);
  const imp = importOf(ctx, node.callee, scope);
  const names = ['OpenAIProvider', 'setDefaultModelProvider'];
  const missing = imp ? names.filter((n) => !imp.specifiers.some((s: Node) => s.local?.name === n)) : names;
  const clash = missing.some((n) => scope.lookup(n));
  if (!hasSetup && (!imp || !statement || clash || statement.type !== 'ExpressionStatement')) {
    warn(ctx, 'unresolved-client', node, `setDefaultOpenAIKey sets only the key: the Agents SDK still calls api.openai.com. flux-migrate left it; after it add \`setDefaultModelProvider(new OpenAIProvider({ baseURL: "${ctx.options.baseUrl}" }));\` (both from @openai/agents) and set the key to ${ctx.keyExpr}`);
    return consumeStrings(ctx, node);
  }
  const why = `setDefaultOpenAIKey (line ${lineOf(node)})`;
  migrateKey(ctx, { type: 'ObjectProperty', start: arg.start, end: arg.end, loc: arg.loc, value: arg }, scope, why);
  consumeStrings(ctx, node);
  if (hasSetup || use.keyCalls[0].node !== node) return;

  const edits: Edit[] = [];
  if (missing.length) {
    const last = imp!.specifiers[imp!.specifiers.length - 1];
    edits.push({ start: last.end, end: last.end, text: missing.map((n) => `, ${n}`).join('') });
  }
  const url = quoted(ctx.options.baseUrl, ctx.style.quote);
  const line = `setDefaultModelProvider(new OpenAIProvider({ baseURL: ${url} }))${semicolon(ctx, statement)}`;
  edits.push({ start: statement!.end, end: statement!.end, text: `${ctx.style.eol}${lineIndentOf(ctx, statement!)}${line}` });
  find(ctx, 'base-url', node, '(default: https://api.openai.com/v1)', ctx.options.baseUrl, edits, why);
}

// The `import { ... } from "@openai/agents"` a callee was imported by name from.
function importOf(ctx: JsContext, callee: Node, scope: Scope): Node | undefined {
  const id = unwrap(callee);
  if (id?.type !== 'Identifier') return undefined;
  const b = scope.lookup(id.name);
  if (b?.kind !== 'import' || b.importSource !== '@openai/agents') return undefined;
  const decl = (ctx.index.program.body as Node[]).find((s) => s.type === 'ImportDeclaration' && s.start <= b.decl.start && b.decl.end <= s.end);
  return decl?.specifiers.every((s: Node) => s.type === 'ImportSpecifier') ? decl : undefined;
}
