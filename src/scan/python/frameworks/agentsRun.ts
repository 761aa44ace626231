// Which modules of a run use the OpenAI Agents SDK, and what each group of modules linked by
// imports sets up (a default key or client, tracing): a setup reaches the modules its program
// imports, and the scripts of an examples folder are separate programs. Also the SDK's own names
// (a local `agents/` package shadows it only where Python would import it) and whether an agent
// is on the default provider.
import { dirname, sep } from 'node:path';
import { type Client, clientOf } from '../clients.js';
import { type PyContext, ownerOf } from '../context.js';
import { lookup } from '../module.js';
import type { Node } from '../parse.js';
import { keywordArg, named, stringValue, unwrap } from '../tree.js';
import { valueSources } from '../values.js';
import { libraryName } from '../libraryNames.js';
import { callOptions, decideBase } from './libraryOptions.js';

export const AGENTS = /^agents(\.[\w.]+)?$/;
const RUNS = /^run(_sync|_streamed)?$/;
const TRACING = /set_tracing_disabled|set_tracing_export_api_key|set_trace_processors|OPENAI_AGENTS_DISABLE_TRACING|tracing_disabled\s*=\s*True/;

export interface ModuleUse {
  ctx: PyContext;
  /** `Agent(...)` / `RunConfig(...)` calls, and other names used from the SDK, by call. */
  calls: { node: Node; name: string }[];
  /** `Runner.run(...)`, `Runner.run_sync(...)`, `Runner.run_streamed(...)`. */
  runs: Node[];
  /** Agents (and run configs) on the default provider: a string model, or none. */
  defaults: Node[];
}

export interface RunUse {
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
export function runUse(ctx: PyContext): RunUse {
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
export function isModelInstance(ctx: PyContext, value: Node, depth = 0): boolean {
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

export function firstArg(call: Node, name: string): Node | undefined {
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
