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
import { dirname, sep } from 'node:path';
import type { Edit } from '../../../model.js';
import { type Client, clientOf } from '../clients.js';
import { type PyContext, consumeStrings, find, ownerOf, warn } from '../context.js';
import { keyExpr } from '../osenv.js';
import { decideLiteral } from '../../modelValues.js';
import { envReadsOf, migrateKey, migrateModelValue } from '../openaiSdk.js';
import { lookup } from '../module.js';
import type { Node } from '../parse.js';
import { lineAfter, quoted } from '../style.js';
import { keywordArg, lineOf, named, statementOf, stringValue, unwrap } from '../tree.js';
import { valueSources } from '../values.js';
import { ensureImport, libraryName, moduleImports } from './libraryImports.js';
import { callOptions, configure, decideBase, findModelIn } from './libraryOptions.js';

const AGENTS = /^agents(\.[\w.]+)?$/;
const MODEL_CLASSES = new Set(['OpenAIChatCompletionsModel', 'OpenAIResponsesModel']);
const RUNS = /^run(_sync|_streamed)?$/;
const TRACING = /set_tracing_disabled|set_tracing_export_api_key|set_trace_processors|OPENAI_AGENTS_DISABLE_TRACING|tracing_disabled\s*=\s*True/;
const HOSTED: Record<string, string> = {
  FileSearchTool: 'searches OpenAI vector stores',
  ImageGenerationTool: 'generates images',
};
const LEFT_ON_OPENAI: Record<string, string> = { RealtimeRunner: 'realtime', RealtimeAgent: 'realtime', VoicePipeline: 'audio (speech-to-text and text-to-speech)' };

interface ModuleUse {
  ctx: PyContext;
  /** `Agent(...)` / `RunConfig(...)` calls, and other names used from the SDK, by call. */
  calls: { node: Node; name: string }[];
  /** `Runner.run(...)`, `Runner.run_sync(...)`, `Runner.run_streamed(...)`. */
  runs: Node[];
  /** Agents (and run configs) on the default provider: a string model, or none. */
  defaults: Node[];
}

interface RunUse {
  modules: ModuleUse[];
  keyCalls: { ctx: PyContext; node: Node }[];
  clientCalls: { ctx: PyContext; node: Node }[];
  /** A default client that is not going to Flux: string models are that provider's. */
  custom: boolean;
  tracing: boolean;
}

const runs = new WeakMap<PyContext, RunUse>();

/**
 * The SDK is `agents`, unless the run has its own `agents` package that defines the name (an app's
 * `agents/` folder of agent definitions imports `Agent` from the SDK and defines other names).
 */
function sdkName(ctx: PyContext, expr: Node | null | undefined): string | undefined {
  const lib = libraryName(ctx, expr, AGENTS);
  if (!lib) return undefined;
  const file = localModule(ctx, lib.module);
  if (file) {
    const local = ctx.project!.modules.get(file);
    if (!local || local === ctx || ctx.project!.definition({ ctx: local, name: lib.name })) return undefined;
  }
  return lib.name;
}

/**
 * The run's file an import names, when Python could find it from the importing file: relative, or
 * absolute from a folder that contains the importing file (the script's folder or a root above it),
 * not any `agents/` folder elsewhere in the run.
 */
function localModule(ctx: PyContext, module: string): string | undefined {
  const file = ctx.project?.resolve(ctx.path, module);
  if (!file || module.startsWith('.')) return file;
  const tail = module.split('.').join(sep);
  const root = file.endsWith(`${sep}__init__.py`) ? file.slice(0, -`${sep}${tail}${sep}__init__.py`.length) : file.slice(0, -`${sep}${tail}.py`.length);
  const dir = dirname(ctx.path);
  return dir === root || dir.startsWith(root + sep) ? file : undefined;
}

function moduleUse(ctx: PyContext): ModuleUse | undefined {
  if (!/\bagents\b/.test(ctx.text)) return undefined;
  const use: ModuleUse = { ctx, calls: [], runs: [], defaults: [] };
  for (const call of ctx.index.calls) {
    const fn = unwrap(call.childForFieldName('function'));
    const name = sdkName(ctx, fn);
    if (name) {
      use.calls.push({ node: call, name });
      if ((name === 'Agent' || name === 'SandboxAgent' || name === 'RunConfig') && onDefaultProvider(ctx, call, name)) use.defaults.push(call);
    }
    else if (fn?.type === 'attribute' && RUNS.test(fn.childForFieldName('attribute')!.text) && sdkName(ctx, fn.childForFieldName('object')) === 'Runner' && !ownProvider(ctx, call)) use.runs.push(call);
  }
  return use.calls.length || use.runs.length ? use : undefined;
}

// What the modules that use the SDK set up, per group of modules linked by imports (a setup reaches
// the modules its program imports; the scripts of an examples folder are separate programs).
function runUse(ctx: PyContext): RunUse {
  const cached = runs.get(ctx);
  if (cached) return cached;
  const all = ctx.project ? [...ctx.project.modules.values()] : [ctx];
  for (const group of importGroups(ctx, all)) {
    const use: RunUse = { modules: [], keyCalls: [], clientCalls: [], custom: false, tracing: false };
    for (const m of group) {
      runs.set(m, use);
      const u = moduleUse(m);
      if (!u) continue;
      use.modules.push(u);
      if (TRACING.test(m.text)) use.tracing = true;
      for (const c of u.calls) {
        if (c.name === 'set_default_openai_key') use.keyCalls.push({ ctx: m, node: c.node });
        if (c.name === 'set_default_openai_client') {
          use.clientCalls.push({ ctx: m, node: c.node });
          const client = clientOf(m, firstArg(c.node, 'client'));
          if (!client || !clientMoves(m, client)) use.custom = true;
        }
      }
    }
  }
  return runs.get(ctx)!;
}

// The modules linked by imports within the run, as groups (union-find over the import edges).
function importGroups(ctx: PyContext, all: PyContext[]): PyContext[][] {
  const parent = new Map<PyContext, PyContext>(all.map((m) => [m, m]));
  const root = (m: PyContext): PyContext => {
    let r = m;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(m, r);
    return r;
  };
  for (const m of all) {
    for (const imports of m.index.imports.values()) {
      for (const i of imports) {
        const file = localModule(m, i.module);
        const other = file && ctx.project!.modules.get(file);
        if (other) parent.set(root(other), root(m));
      }
    }
  }
  const groups = new Map<PyContext, PyContext[]>();
  for (const m of all) groups.set(root(m), [...(groups.get(root(m)) ?? []), m]);
  return [...groups.values()];
}

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

// An agent with a string model or none (not a Model instance, not a `**kwargs` it cannot see).
function onDefaultProvider(ctx: PyContext, call: Node, name: string): boolean {
  const args = call.childForFieldName('arguments')!;
  const value = unwrap(keywordArg(args, ['model'])?.childForFieldName('value'));
  if (!value || value.type === 'none') return name !== 'RunConfig' && !named(args).some((a) => a.type === 'dictionary_splat');
  if (isModelInstance(ctx, value)) return false;
  // `litellm/...`, `any-llm/...`: the default MultiProvider sends these to other providers.
  const literals = valueSources(ctx, value).literals.map((l) => stringValue(l)!);
  return !literals.length || literals.some((id) => !/^[\w.-]+\//.test(id) || id.startsWith('openai/'));
}

// `Runner.run(agent, input, run_config=RunConfig(model_provider=...))`: that run brings its own provider.
function ownProvider(ctx: PyContext, run: Node): boolean {
  let config = unwrap(keywordArg(run.childForFieldName('arguments'), ['run_config'])?.childForFieldName('value'));
  if (config?.type === 'identifier') {
    const found = lookup(ctx.index, config.text, config);
    config = found?.kind === 'assigned' && found.values.length === 1 ? unwrap(found.values[0].value) : undefined;
  }
  return config?.type === 'call' && !!keywordArg(config.childForFieldName('arguments'), ['model_provider']);
}

// `model=OpenAIChatCompletionsModel(...)`, directly or through a variable: a Model with its own client.
function isModelInstance(ctx: PyContext, value: Node, depth = 0): boolean {
  if (value.type === 'call') return true;
  const key = value.type === 'identifier' ? value.text : /^self\.\w+$/.test(value.text) ? value.text : undefined;
  const found = key?.startsWith('self.') ? { kind: 'assigned' as const, values: ctx.index.assigns.get(key) ?? [] } : key ? lookup(ctx.index, key, value) : undefined;
  if (found?.kind === 'param' && !found.fallback && depth < 3) {
    // `def build(model): return Agent(model=model)`: what the run's callers pass.
    const passed = ctx.project?.arguments(ctx, found.fn, key!) ?? [];
    return passed.length > 0 && passed.every((a) => { const v = unwrap(a.value); return !!v && isModelInstance(a.ctx, v, depth + 1); });
  }
  return found?.kind === 'assigned' && found.values.length > 0 && found.values.every((a) => unwrap(a.value)?.type === 'call');
}

function firstArg(call: Node, name: string): Node | undefined {
  const args = call.childForFieldName('arguments');
  const kw = keywordArg(args, [name]);
  if (kw) return kw.childForFieldName('value') ?? undefined;
  const first = args ? named(args)[0] : undefined;
  return first && first.type !== 'keyword_argument' && !first.type.endsWith('splat') ? first : undefined;
}

/** Whether a client goes to Flux after the run (the core rules move it). */
export function clientMoves(at: PyContext, client: Client): boolean {
  if (client.cls.kind !== 'openai') return false;
  const ctx = ownerOf(at, client.node);
  const options = callOptions(ctx, client.node);
  if ('unresolved' in options) return false;
  if (client.calls.length && client.calls.every((c) => c.endpoint.kind === 'unsupported')) return false;
  return decideBase(ctx, { what: client.name, options, bases: ['base_url'], keys: ['api_key'] }, true).move;
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

// `set_default_openai_key(key)`: the key rules, kept from OpenAI's trace export, and a default
// client on the next line that sends the agents' requests to Flux with it.
function defaultKey(ctx: PyContext, node: Node, run: RunUse): void {
  const arg = firstArg(node, 'key');
  if (!arg) return;
  const why = `set_default_openai_key (line ${lineOf(node)})`;
  if (run.custom) return consumeStrings(ctx, node);
  const reads = envReadsOf(ctx, arg).map((r) => r.name);
  const keyMoved = stringValue(arg) !== undefined || reads.includes('OPENAI_API_KEY') || reads.includes(ctx.options.keyEnv);
  migrateKey(ctx, arg, arg, why);
  consumeStrings(ctx, node);
  const args = node.childForFieldName('arguments')!;
  const edits: Edit[] = [];
  if (!keywordArg(args, ['use_for_tracing']) && named(args).length === 1) edits.push({ start: arg.endIndex, end: arg.endIndex, text: ', use_for_tracing=False' });
  // Once per module (scripts of one repository each set their own key): not where a client is set.
  if (run.clientCalls.some((c) => c.ctx === ctx) || run.keyCalls.find((k) => k.ctx === ctx)?.node !== node) {
    if (edits.length) find(ctx, 'api-key', node, 'use_for_tracing=True (the key also goes to OpenAI trace export)', 'use_for_tracing=False', edits, why);
    return;
  }
  const key = keyMoved ? keyExpr(ctx, node) : /^[\w.]+$/.test(arg.text) ? arg.text : undefined;
  const line = key && clientLine(ctx, node, key);
  if (!line) {
    ctx.keepsOpenAIKey = true;
    warn(ctx, 'unresolved-client', node, `set_default_openai_key sets only the key: the Agents SDK still calls api.openai.com. After it add \`set_default_openai_client(AsyncOpenAI(base_url="${ctx.options.baseUrl}", api_key=<your Flux key>), use_for_tracing=False)\` (AsyncOpenAI from openai)`);
    if (edits.length) find(ctx, 'api-key', node, 'use_for_tracing=True (the key also goes to OpenAI trace export)', 'use_for_tracing=False', edits, why);
    return;
  }
  edits.push(...line.imports, lineAfter(ctx.text, statementOf(node), line.text, ctx.style));
  find(ctx, 'base-url', node, '(default: https://api.openai.com/v1)', ctx.options.baseUrl, edits, why);
}

// `set_default_openai_client(client)`: the client gets the core rules; its key stays off OpenAI's trace export.
function defaultClient(ctx: PyContext, node: Node): void {
  const args = node.childForFieldName('arguments')!;
  const arg = firstArg(node, 'client');
  const client = arg && clientOf(ctx, arg);
  if (!client || !clientMoves(ctx, client) || keywordArg(args, ['use_for_tracing']) || named(args).length !== 1) return;
  find(ctx, 'api-key', node, 'use_for_tracing=True (the client key also goes to OpenAI trace export)', 'use_for_tracing=False', [{ start: arg.endIndex, end: arg.endIndex, text: ', use_for_tracing=False' }], `set_default_openai_client (line ${lineOf(node)})`);
}

function topLevel(node: Node): Node {
  let cur = node;
  while (cur.parent && cur.parent.type !== 'module') cur = cur.parent;
  return cur;
}

// A line before a module-level statement; a definition keeps its two blank lines above it.
function lineBefore(ctx: PyContext, statement: Node, line: string): Edit {
  const start = ctx.text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const def = /^(async\s+)?(def|class)\b|^@/.test(statement.text);
  const eol = ctx.style.eol;
  return { start, end: start, text: `${line}${eol}${def ? eol + eol : ''}` };
}

/** The default-client line to write after `at`, and the imports it needs (module-level only). */
function clientLine(ctx: PyContext, at: Node, key: string): { text: string; imports: Edit[] } | undefined {
  const imports = moduleImports(ctx, at.startIndex);
  const anchor = imports.filter((s) => AGENTS.test(s.childForFieldName('module_name')?.text ?? '')).pop() ?? imports.pop();
  if (!anchor) return undefined;
  const setter = ensureImport(ctx, 'agents', 'set_default_openai_client', anchor);
  const cls = ensureImport(ctx, 'openai', 'AsyncOpenAI', anchor);
  if (!setter || !cls) return undefined;
  const url = quoted(ctx.options.baseUrl, ctx.style.quote);
  return { text: `${setter.local}(${cls.local}(base_url=${url}, api_key=${key}), use_for_tracing=False)`, imports: [...setter.edits, ...cls.edits] };
}

// Agents on the default client with no setup in the run get one where they are run; tracing is warned.
function setupAndTracing(ctx: PyContext, use: ModuleUse, run: RunUse): void {
  const tracing = `\`set_tracing_disabled(True)\` at startup (from agents), or keep traces on OpenAI with \`set_tracing_export_api_key(os.environ["OPENAI_API_KEY"])\``;
  const setupHere = [...run.keyCalls, ...run.clientCalls].find((s) => s.ctx === ctx);
  if (run.custom) return;
  if (setupHere) {
    if (!run.tracing) warn(ctx, 'unsupported-endpoint', setupHere.node, `the Agents SDK exports traces to OpenAI (api.openai.com), which Flux does not serve: tracing stays on OpenAI and keeps reading OPENAI_API_KEY; add ${tracing}`);
    return;
  }
  if (run.keyCalls.length || run.clientCalls.length) return;
  const defaults = run.modules.some((m) => m.defaults.length);
  if (!defaults) return;
  const runners = run.modules.filter((m) => m.runs.length);
  if (use.runs.length) {
    const first = use.runs[0];
    // Just before the top-level statement that runs them: after the module's own setup (load_dotenv()).
    const top = topLevel(first);
    const key = keyExpr(ctx, top, top.startIndex);
    const line = moduleImports(ctx, top.startIndex).length && top.type !== 'import_statement' ? clientLine(ctx, first, key) : undefined;
    if (line) {
      ctx.movedKey = true;
      // An `api-key` finding: `import os`, when the file needs it, goes with it (index.ts settle()).
      find(ctx, 'api-key', top, '(Agents SDK default client: OPENAI_API_KEY, https://api.openai.com/v1)', `${key}, ${ctx.options.baseUrl}`, [...line.imports, lineBefore(ctx, top, line.text)], `the agents run at line ${use.runs.map(lineOf).join(', ')}`);
      if (!run.tracing) warn(ctx, 'unsupported-endpoint', first, `the Agents SDK exports traces to OpenAI (api.openai.com), which Flux does not serve: tracing stays on OpenAI and keeps reading OPENAI_API_KEY; add ${tracing}`);
      return;
    }
  } else if (runners.length || !use.defaults.length) {
    return; // the default client is set where the agents are run
  }
  ctx.keepsOpenAIKey = true;
  const at = use.runs[0] ?? use.defaults[0];
  const client = `set_default_openai_client(AsyncOpenAI(base_url="${ctx.options.baseUrl}", api_key=os.environ["${ctx.options.keyEnv}"]), use_for_tracing=False)`;
  warn(ctx, 'unresolved-client', at, `these agents use the Agents SDK's default OpenAI client (OPENAI_API_KEY, api.openai.com), and no file of this run sets one or runs them: until one does, they still call api.openai.com (with the Flux model ids they now name); once at startup add \`${client}\` (AsyncOpenAI from openai, set_default_openai_client from agents)${run.tracing ? '' : `, and ${tracing}`}`);
}
