// Following a value to the string literals it can hold, through the run's modules: constants,
// default parameters and what callers pass, `self.x` attributes and class fields (with the values
// the class is built with anywhere in the run), dict entries (also set step by step or passed in),
// functions that return the value, conditionals, `or`, env-var fallbacks and settings fields.
import { type PyContext, ownerOf } from './context.js';
import { dictEntry, dictItem, dictOf, dictSpread, dictValues, dictView } from './dicts.js';
import { lookup } from './module.js';
import { type Instance, classNamed, classesNamed, enclosingClass, functionsNamed, importedName, instanceClass, methodsOf, moduleOf, starImported } from './names.js';
import { type EnvRead, envRead } from './osenv.js';
import type { Node } from './parse.js';
import { argumentFor } from './project.js';
import { type SettingsField, settingsFields } from './settingsFields.js';
import { describe, named, stringValue, unwrap } from './tree.js';

// Re-exported: analyzers import them from here.
export { classNamed, dictEntry, dictItem, dictOf, dictSpread, importedName, moduleOf };

export interface ValueSources {
  literals: Node[];
  /** What could not be followed, in words. */
  unresolved?: string;
  /** What may override the literals at run time (an env var, a parameter). */
  overriddenBy?: string;
  /** Env reads met on the way (`os.getenv("X", d)`, a helper's, `os.environ["X"]`). */
  envs?: EnvRead[];
  /** Settings fields met on the way (each reads its variable). */
  fields?: SettingsField[];
  /** `None` values met (for a client option: the SDK's own default). */
  nones?: Node[];
  /** Whether all that is unresolved is an environment variable (set where the app runs). */
  envOnly?: boolean;
}

const MAX_DEPTH = 12;
// The parameters being followed to their callers right now.
const following = new Set<string>();

export function valueSources(at: PyContext, expr: Node | null | undefined, depth = 0): ValueSources {
  const node = unwrap(expr);
  if (!node) return { literals: [], unresolved: 'no value' };
  const ctx = ownerOf(at, node);
  if (depth > MAX_DEPTH) return { literals: [], unresolved: `\`${describe(node)}\`` };
  if (stringValue(node) !== undefined) return { literals: [node] };
  if (node.type === 'none') return { literals: [], nones: [node] };
  const env = envRead(ctx, node);
  if (env) {
    const fallback = unwrap(env.fallback);
    if (fallback && fallback.type !== 'none') return { ...valueSources(ctx, fallback, depth + 1), overriddenBy: `the environment variable ${env.name}`, envs: [env] };
    return { literals: [], unresolved: `the environment variable ${env.name}, which has no fallback`, envs: [env], envOnly: true, nones: fallback ? [fallback] : undefined };
  }
  const all = (values: Node[]) => mergeAll(values.map((v) => valueSources(ctx, v, depth + 1)));
  switch (node.type) {
    case 'identifier': {
      const found = lookup(ctx.index, node.text, node);
      if (found?.kind === 'param') {
        // Its default (or a value it is given in the body), and what the callers pass
        // (`ask(client, "gpt-4o")`). A call of the function from itself passes nothing new.
        const key = `${ctx.path}:${found.fn}:${node.text}`;
        if (following.has(key)) return { literals: [] };
        const own = [...(isNone(found.fallback) ? [] : [valueSources(ctx, found.fallback, depth + 1)]), ...found.values.map((v) => valueSources(ctx, v.value, depth + 1))];
        const passed = ctx.project?.arguments(ctx, found.fn, node.text) ?? [];
        following.add(key);
        let given: ValueSources[];
        try {
          given = passed.map((a) => valueSources(a.ctx, a.value, depth + 1));
        } finally {
          following.delete(key);
        }
        // A default no caller of the run overrides may still be overridden from outside it.
        const callers = ctx.project?.callCount(ctx, found.fn) ?? 0;
        if (own.length) return { ...mergeAll([...own, ...given]), overriddenBy: mergeAll(given).overriddenBy ?? (callers ? undefined : `the parameter \`${node.text}\``) };
        if (given.length) return mergeAll(given);
        return { literals: [], unresolved: `the parameter \`${node.text}\`, which has no default${ctx.project ? ' and no caller in the run that passes it' : ''}` };
      }
      if (found?.kind === 'assigned') return all(found.values.map((v) => v.value));
      if (found?.kind === 'import') {
        const def = importedName(ctx, found.imports);
        if (def) return moduleValue(def.ctx, def.name, depth + 1);
        return { literals: [], unresolved: `\`${node.text}\`, imported from \`${found.imports[0].module}\`, which is not part of the run` };
      }
      const star = found ? undefined : starImported(ctx, node.text); // `from config import *`
      if (star) return moduleValue(star.ctx, star.name, depth + 1);
      return { literals: [], unresolved: `\`${node.text}\`` };
    }
    case 'attribute':
      return attributeSources(ctx, node, depth);
    case 'subscript': {
      const key = stringValue(node.childForFieldName('subscript'));
      const view = key === undefined ? undefined : dictView(ctx, node.childForFieldName('value'), depth);
      if (view) {
        const { values, unseen } = dictValues(view, key!);
        const sources = values.map((v) => valueSources(view.ctx, v, depth + 1));
        if (unseen) sources.push({ literals: [], unresolved: `\`${describe(unseen)}\`` });
        if (sources.length) return mergeAll(sources);
        return { literals: [], unresolved: `\`${describe(node)}\` (the dict has no "${key}")` };
      }
      return { literals: [], unresolved: `\`${describe(node)}\`` };
    }
    case 'call':
      return callSources(ctx, node, depth);
    case 'await':
      return valueSources(ctx, named(node)[0], depth + 1);
    case 'conditional_expression': {
      const [a, , b] = named(node);
      return mergeAll([valueSources(ctx, a, depth + 1), valueSources(ctx, b, depth + 1)]);
    }
    case 'boolean_operator': {
      const left = node.childForFieldName('left');
      const right = valueSources(ctx, node.childForFieldName('right'), depth + 1);
      const env = envRead(ctx, left);
      if (env && !env.fallback) return { ...right, overriddenBy: `the environment variable ${env.name}`, envs: [env, ...(right.envs ?? [])] };
      // `model_override or agent.model`: a parameter without a default only overrides.
      const l = unwrap(left);
      const param = l?.type === 'identifier' ? lookup(ctx.index, l.text, l) : undefined;
      if (param?.kind === 'param' && isNone(param.fallback) && !param.values.length) {
        // What the run's callers pass for it joins; with callers that pass none, it overrides nothing.
        const passed = ctx.project?.arguments(ctx, param.fn, l!.text) ?? [];
        if (passed.length) return mergeAll([...passed.map((a) => valueSources(a.ctx, a.value, depth + 1)), right]);
        if (ctx.project?.callCount(ctx, param.fn)) return right;
        return { ...right, overriddenBy: `the parameter \`${l!.text}\`` };
      }
      return mergeAll([valueSources(ctx, left, depth + 1), right]);
    }
    default:
      return { literals: [], unresolved: `\`${describe(node)}\`` };
  }
}

// `self.model`, `settings.MODEL` (a module), `agent.model` (an instance of a class seen here or
// imported: the values it is built with, its defaults; a settings field reads its variable too).
function attributeSources(ctx: PyContext, node: Node, depth: number): ValueSources {
  const obj = unwrap(node.childForFieldName('object'));
  const name = node.childForFieldName('attribute')!.text;
  if (obj?.type === 'identifier' && (obj.text === 'self' || obj.text === 'cls')) {
    // Set in a method, or a class field: with what the class is built with in the run.
    const assigned = (ctx.index.assigns.get(`self.${name}`) ?? []).map((a) => a.value);
    const fields = classAttributes(ctx, node, name);
    const cls = fields.length && !assigned.length ? enclosingClass(node) : undefined;
    const values = [...assigned, ...fields, ...(cls ? constructedWith(ctx, cls, name) : [])];
    if (values.length) return mergeAll(values.map((v) => valueSources(ctx, v, depth + 1)));
  }
  const module = obj && moduleOf(ctx, obj);
  if (module) return moduleValue(module, name, depth + 1);
  // A parameter typed with a union (`agent: Writer | Critic`): each class.
  const param = obj?.type === 'identifier' ? lookup(ctx.index, obj.text, obj) : undefined;
  const union = param?.kind === 'param' && param.type && !param.values.length ? classesNamed(ctx, param.type) : [];
  if (union.length > 1) return mergeAll(union.map((c) => classSources(ctx, { ...c, args: () => [] }, node, name, depth)));
  const cls = obj && instanceClass(ctx, obj, depth);
  if (!cls) return { literals: [], unresolved: `\`${describe(node)}\`` };
  return classSources(ctx, cls, node, name, depth);
}

// What a field of a class holds: the values it is built with, its defaults, a settings field's
// variable, a property's returns.
function classSources(ctx: PyContext, cls: Instance, node: Node, name: string, depth: number): ValueSources {
  const clsName = cls.node.childForFieldName('name')!.text;
  const field = settingsFields(cls.ctx, cls.node).find((f) => f.nameNode.text === name);
  const given = cls.args(name);
  const values = [...(given.length ? given : constructedWith(cls.ctx, cls.node, name)), ...fieldDefaults(cls.ctx, cls.node, name)];
  const sources = mergeAll(values.map((v) => valueSources(ctx, v, depth + 1)));
  if (field) {
    const env = `the environment variable ${field.env} (settings field \`${clsName}.${name}\`)`;
    return values.length
      ? { ...sources, overriddenBy: sources.overriddenBy ?? env, fields: [field, ...(sources.fields ?? [])] }
      : { literals: [], unresolved: `${env}, which has no default`, envOnly: true, fields: [field] };
  }
  if (values.length) return sources;
  // `self.model` where `model` is a property: what it returns.
  const returns = methodsOf(cls.ctx, cls.node, name)
    .filter((m) => m.def.parent?.type === 'decorated_definition' && named(m.def.parent).some((d) => d.type === 'decorator' && /property/.test(d.text)))
    .flatMap((m) => (m.ctx.index.returns.get(m.def.id) ?? []).map((r) => valueSources(m.ctx, r, depth + 1)));
  if (returns.length) return mergeAll(returns);
  return { literals: [], unresolved: `\`${describe(node)}\` (the class \`${clsName}\` gives \`${name}\` no default, and no construction in the run passes it)` };
}

// `get_model()`, `self._params()`, `config.get("model", "gpt-4o")`: what the function returns, or
// the dict entry (or the default) `.get` reads.
function callSources(ctx: PyContext, node: Node, depth: number): ValueSources {
  const fn = unwrap(node.childForFieldName('function'));
  const args = named(node.childForFieldName('arguments') ?? node);
  if (fn?.type === 'attribute' && fn.childForFieldName('attribute')!.text === 'get' && stringValue(args[0]) !== undefined) {
    const view = dictView(ctx, fn.childForFieldName('object'), depth);
    if (view) {
      const { values, unseen } = dictValues(view, stringValue(args[0])!);
      const sources = values.map((v) => valueSources(view.ctx, v, depth + 1));
      if (args[1]) sources.push(valueSources(ctx, args[1], depth + 1));
      if (unseen) sources.push({ literals: [], unresolved: `\`${describe(unseen)}\`` });
      if (sources.length) return mergeAll(sources);
    }
  }
  // typer's `typer.Option(default, ...)` / `typer.Argument(default)` as a parameter's default.
  if (args[0] && args[0].type !== 'keyword_argument' && fromModule(ctx, fn, 'typer', /^(Option|Argument)$/)) return valueSources(ctx, args[0], depth + 1);
  // `settings.openai_api_key.get_secret_value()` (pydantic's SecretStr) is the field's value.
  if (fn?.type === 'attribute' && fn.childForFieldName('attribute')!.text === 'get_secret_value' && !args.length) return valueSources(ctx, fn.childForFieldName('object'), depth + 1);
  const values: { ctx: PyContext; node: Node }[] = [];
  for (const f of functionsNamed(ctx, fn)) for (const r of f.ctx.index.returns.get(f.def.id) ?? []) values.push({ ctx: f.ctx, node: r });
  if (values.length) return mergeAll(values.map((v) => valueSources(v.ctx, v.node, depth + 1)));
  return { literals: [], unresolved: `\`${describe(node)}\`` };
}

// Whether a callee is `name` of a module, imported either way (`typer.Option`, `from typer import Option`).
function fromModule(ctx: PyContext, fn: Node | undefined, module: string, name: RegExp): boolean {
  if (fn?.type === 'attribute') return name.test(fn.childForFieldName('attribute')!.text) && (ctx.index.imports.get(fn.childForFieldName('object')!.text) ?? []).some((i) => !i.name && i.module === module);
  return fn?.type === 'identifier' && (ctx.index.imports.get(fn.text) ?? []).some((i) => i.module === module && !!i.name && name.test(i.name));
}

// The values the constructions of a class in the run pass for a field (`ThreadConfig(model=m)`,
// or by position for a dataclass-like class whose fields are declared in order).
function constructedWith(ctx: PyContext, cls: Node, name: string): Node[] {
  if (!ctx.project) return [];
  const fields = named(cls.childForFieldName('body') ?? cls)
    .map((s) => (s.type === 'expression_statement' ? named(s)[0] : undefined))
    .filter((a): a is Node => a?.type === 'assignment' && !!a.childForFieldName('type') && unwrap(a.childForFieldName('left'))?.type === 'identifier')
    .map((a) => a.childForFieldName('left')!.text);
  const hasInit = (ctx.index.functions.get('__init__') ?? []).some((d) => d.parent?.parent?.id === cls.id);
  const position = hasInit ? -1 : fields.indexOf(name);
  const out: Node[] = [];
  for (const { call } of ctx.project.callsTo(ctx, cls.childForFieldName('name')!.text).slice(0, 50)) {
    const v = argumentFor(call, name, position);
    if (v) out.push(v);
  }
  return out;
}

function mergeAll(all: ValueSources[]): ValueSources {
  const unresolvedParts = all.filter((s) => s.unresolved);
  const out: ValueSources = {
    literals: all.flatMap((s) => s.literals),
    unresolved: unresolvedParts[0]?.unresolved,
    overriddenBy: all.find((s) => s.overriddenBy)?.overriddenBy,
  };
  const envs = all.flatMap((s) => s.envs ?? []);
  const fields = all.flatMap((s) => s.fields ?? []);
  const nones = all.flatMap((s) => s.nones ?? []);
  if (envs.length) out.envs = envs;
  if (fields.length) out.fields = fields;
  if (nones.length) out.nones = nones;
  if (unresolvedParts.length && unresolvedParts.every((s) => s.envOnly)) out.envOnly = true;
  return out;
}

// `MODEL = "gpt-4o"` in the body of the class a method belongs to.
function classAttributes(ctx: PyContext, at: Node, name: string): Node[] {
  let cls: Node | null = at.parent;
  while (cls && cls.type !== 'class_definition') cls = cls.parent;
  if (!cls) return [];
  return (ctx.index.assigns.get(name) ?? []).filter((a) => a.scope === cls!.id).map((a) => a.value);
}

function isNone(node: Node | null | undefined): boolean {
  const n = unwrap(node);
  return !n || n.type === 'none';
}

// What a module-level name of a module can hold.
function moduleValue(ctx: PyContext, name: string, depth: number): ValueSources {
  const values = (ctx.index.assigns.get(name) ?? []).filter((a) => a.scope === 0);
  if (values.length) return mergeAll(values.map((v) => valueSources(ctx, v.value, depth + 1)));
  const imports = (ctx.index.imports.get(name) ?? []).filter((i) => i.node.parent?.type === 'module');
  const def = imports.length ? importedName(ctx, imports) : undefined;
  if (def && depth <= MAX_DEPTH) return moduleValue(def.ctx, def.name, depth + 1);
  return { literals: [], unresolved: `\`${name}\` of ${ctx.path.split(/[\\/]/).pop()}` };
}

/**
 * The defaults a class gives a field: `model: str = "gpt-4o"` (dataclass, pydantic, attrs, plain
 * class attribute), `Field(default=...)` / `field(default=...)` / `attr.ib(default=...)`, and
 * `self.model = ...` in its methods.
 */
export function fieldDefaults(ctx: PyContext, cls: Node, name: string): Node[] {
  const out: Node[] = [];
  for (const a of ctx.index.assigns.get(name) ?? []) {
    if (a.scope !== cls.id) continue;
    const v = unwrap(a.value)!;
    if (v.type === 'call' && /^(Field|field|ib|attrib|attr\.ib|attrs\.field|pydantic\.Field|dataclasses\.field)$/.test(v.childForFieldName('function')!.text)) {
      const args = named(v.childForFieldName('arguments')!);
      const d = args.find((x) => x.type === 'keyword_argument' && x.childForFieldName('name')?.text === 'default')?.childForFieldName('value') ?? (args[0]?.type !== 'keyword_argument' ? args[0] : undefined);
      if (d && d.type !== 'ellipsis') out.push(d);
    } else {
      out.push(v);
    }
  }
  for (const a of ctx.index.assigns.get(`self.${name}`) ?? []) if (a.node.startIndex > cls.startIndex && a.node.endIndex <= cls.endIndex) out.push(a.value);
  return out;
}
