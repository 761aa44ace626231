// Following a value inside one file to the string literals it can hold: constants, default
// parameters, `self.x` attributes, dict entries, conditionals, `or` and env-var fallbacks.
import { type PyContext, ownerOf } from './context.js';
import { lookup } from './module.js';
import { classNamed, importedName, instanceClass, moduleOf } from './names.js';
import { envRead } from './osenv.js';
import type { Node } from './parse.js';
import { describe, named, stringValue, unwrap } from './tree.js';

// Re-exported: analyzers import them from here.
export { classNamed, importedName, moduleOf };

export interface ValueSources {
  literals: Node[];
  /** What could not be followed, in words. */
  unresolved?: string;
  /** What may override the literals at run time (an env var, a parameter). */
  overriddenBy?: string;
}

const MAX_DEPTH = 12;

export function valueSources(ctx: PyContext, expr: Node | null | undefined, depth = 0): ValueSources {
  const node = unwrap(expr);
  if (!node) return { literals: [], unresolved: 'no value' };
  if (depth > MAX_DEPTH) return { literals: [], unresolved: `\`${describe(node)}\`` };
  if (stringValue(node) !== undefined) return { literals: [node] };
  const env = envRead(ctx, node);
  if (env) {
    if (env.fallback) return { ...valueSources(ownerOf(ctx, env.fallback), env.fallback, depth + 1), overriddenBy: `the environment variable ${env.name}` };
    return { literals: [], unresolved: `the environment variable ${env.name}, which has no fallback` };
  }
  switch (node.type) {
    case 'identifier': {
      const found = lookup(ctx.index, node.text, node);
      if (found?.kind === 'param') {
        const sources = [...(isNone(found.fallback) ? [] : [valueSources(ctx, found.fallback, depth + 1)]), ...found.values.map((v) => valueSources(ctx, v.value, depth + 1))];
        if (sources.length) return { ...mergeAll(sources), overriddenBy: `the parameter \`${node.text}\`` };
        // No default: what the callers pass (`ask(client, "gpt-4o")`), when every caller is seen.
        const passed = ctx.project?.arguments(ctx, found.fn, node.text) ?? [];
        if (passed.length) return mergeAll(passed.map((a) => valueSources(a.ctx, a.value, depth + 1)));
        return { literals: [], unresolved: `the parameter \`${node.text}\`, which has no default` };
      }
      if (found?.kind === 'assigned') return mergeAll(found.values.map((v) => valueSources(ctx, v.value, depth + 1)));
      if (found?.kind === 'import') {
        const def = importedName(ctx, found.imports);
        if (def) return moduleValue(def.ctx, def.name, depth + 1);
        return { literals: [], unresolved: `\`${node.text}\`, imported from \`${found.imports[0].module}\`, which is not part of the run` };
      }
      return { literals: [], unresolved: `\`${node.text}\`` };
    }
    case 'attribute': {
      const obj = unwrap(node.childForFieldName('object'));
      const name = node.childForFieldName('attribute')!.text;
      if (obj?.type === 'identifier' && (obj.text === 'self' || obj.text === 'cls')) {
        const values = [...(ctx.index.assigns.get(`self.${name}`) ?? []).map((a) => a.value), ...classAttributes(ctx, node, name)];
        if (values.length) return mergeAll(values.map((v) => valueSources(ctx, v, depth + 1)));
      }
      // `settings.MODEL` (a module), `agent.model` (an instance of a class seen here or imported).
      const module = obj && moduleOf(ctx, obj);
      if (module) return moduleValue(module, name, depth + 1);
      const cls = obj && instanceClass(ctx, obj, depth);
      if (cls) {
        const values = [...cls.args(name), ...fieldDefaults(cls.ctx, cls.node, name)];
        if (values.length) return mergeAll(values.map((v) => valueSources(ownerOf(ctx, v), v, depth + 1)));
        return { literals: [], unresolved: `\`${describe(node)}\` (the class \`${cls.node.childForFieldName('name')!.text}\` gives \`${name}\` no default)` };
      }
      return { literals: [], unresolved: `\`${describe(node)}\`` };
    }
    case 'subscript': {
      const key = stringValue(node.childForFieldName('subscript'));
      const dict = key === undefined ? undefined : dictOf(ctx, node.childForFieldName('value'), depth);
      const value = dict && dictEntry(dict, key!);
      if (value) return valueSources(ctx, value, depth + 1);
      return { literals: [], unresolved: `\`${describe(node)}\`` };
    }
    case 'conditional_expression': {
      const [a, , b] = named(node);
      return mergeAll([valueSources(ctx, a, depth + 1), valueSources(ctx, b, depth + 1)]);
    }
    case 'boolean_operator': {
      const left = node.childForFieldName('left');
      const right = valueSources(ctx, node.childForFieldName('right'), depth + 1);
      const env = envRead(ctx, left);
      if (env && !env.fallback) return { ...right, overriddenBy: `the environment variable ${env.name}` };
      // `model_override or agent.model`: a parameter without a default only overrides.
      const l = unwrap(left);
      const param = l?.type === 'identifier' ? lookup(ctx.index, l.text, l) : undefined;
      if (param?.kind === 'param' && isNone(param.fallback) && !param.values.length) return { ...right, overriddenBy: `the parameter \`${l!.text}\`` };
      return mergeAll([valueSources(ctx, left, depth + 1), right]);
    }
    default:
      return { literals: [], unresolved: `\`${describe(node)}\`` };
  }
}

function mergeAll(all: ValueSources[]): ValueSources {
  return {
    literals: all.flatMap((s) => s.literals),
    unresolved: all.find((s) => s.unresolved)?.unresolved,
    overriddenBy: all.find((s) => s.overriddenBy)?.overriddenBy,
  };
}

// `MODEL = "gpt-4o"` in the body of the class a method belongs to.
function classAttributes(ctx: PyContext, at: Node, name: string): Node[] {
  let cls: Node | null = at.parent;
  while (cls && cls.type !== 'class_definition') cls = cls.parent;
  if (!cls) return [];
  return (ctx.index.assigns.get(name) ?? []).filter((a) => a.scope === cls!.id).map((a) => a.value);
}

/** A dict literal (`{...}` or `dict(...)`) an expression is, directly or through a variable. */
export function dictOf(ctx: PyContext, expr: Node | null | undefined, depth = 0): Node | undefined {
  const node = unwrap(expr);
  if (!node || depth > MAX_DEPTH) return undefined;
  if (node.type === 'dictionary') return node;
  if (node.type === 'call' && node.childForFieldName('function')?.text === 'dict' && named(node.childForFieldName('arguments')!).every((a) => a.type === 'keyword_argument')) {
    return node.childForFieldName('arguments')!;
  }
  if (node.type === 'identifier') {
    const found = lookup(ctx.index, node.text, node);
    if (found?.kind === 'assigned' && found.values.length === 1) return dictOf(ctx, found.values[0].value, depth + 1);
  }
  return undefined;
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
    if (v.type === 'call' && /^(Field|field|ib|attrib|attr\.ib|attrs\.field)$/.test(v.childForFieldName('function')!.text)) {
      const args = named(v.childForFieldName('arguments')!);
      const d = args.find((x) => x.type === 'keyword_argument' && x.childForFieldName('name')?.text === 'default')?.childForFieldName('value') ?? (args[0]?.type !== 'keyword_argument' ? args[0] : undefined);
      if (d) out.push(d);
    } else {
      out.push(v);
    }
  }
  for (const a of ctx.index.assigns.get(`self.${name}`) ?? []) if (a.node.startIndex > cls.startIndex && a.node.endIndex <= cls.endIndex) out.push(a.value);
  return out;
}

/** The entry of a dict literal (or the argument list of `dict(...)`) with this key, and its value. */
export function dictItem(dict: Node, key: string): { item: Node; value: Node } | undefined {
  let found: { item: Node; value: Node } | undefined;
  for (const item of named(dict)) {
    if (item.type === 'pair' && stringValue(item.childForFieldName('key')) === key) found = { item, value: item.childForFieldName('value')! };
    if (item.type === 'keyword_argument' && item.childForFieldName('name')?.text === key) found = { item, value: item.childForFieldName('value')! };
  }
  return found;
}

export function dictEntry(dict: Node, key: string): Node | undefined {
  return dictItem(dict, key)?.value;
}

/** Whether a dict literal has `**spread` entries it cannot see into. */
export function dictSpread(dict: Node): Node | undefined {
  return named(dict).find((i) => i.type === 'dictionary_splat');
}
