// Env reads the way projects write them: through python-decouple's `config("X")`, and through their
// own helpers (`get_env("OPENAI_API_KEY")`,
// `config.get("OPENAI_API_KEY")`, `settings("X")`), recognised by the helper's body (it returns an
// `os.environ` / `os.getenv` read of one of its parameters), never by its name; and names held in
// a constant or an Enum member (`os.getenv(Keys.OPENAI.value)`), followed to the literal that
// holds them, so renaming it renames every read.
import type { PyContext } from './context.js';
import { type EnvAccess, osEnvAccess } from './envBase.js';
import { lookup } from './module.js';
import { classNamed, functionsNamed, importedName, moduleOf } from './names.js';
import type { Node } from './parse.js';
import { libraryName } from './libraryNames.js';
import { keywordArg, named, stringValue, unwrap } from './tree.js';

const MAX_DEPTH = 4;

/** How a helper reads the environment: which parameter names the variable, and its default. */
interface Shape {
  param: string;
  position: number;
  /** The helper's default: one of its parameters (what the caller passes), or a value in its body. */
  fallbackParam?: string;
  fallbackNode?: Node;
}

const shapes = new WeakMap<PyContext, Map<number, Shape | null>>();

/** A call to a helper that returns an env read of its parameter: the argument naming the variable. */
export function helperEnvAccess(ctx: PyContext, call: Node, depth = 0): EnvAccess | undefined {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list' || depth > MAX_DEPTH) return undefined;
  const list = named(args);
  if (!list.length) return undefined;
  // python-decouple's `config("X", default=...)` reads the environment, then .env / settings.ini.
  if (libraryName(ctx, call.childForFieldName('function'), /^decouple$/)?.name === 'config') {
    const first = unwrap(list[0]);
    if (!first || first.type === 'keyword_argument' || first.type === 'list_splat' || first.type === 'dictionary_splat') return undefined;
    return { nameArg: first, fallback: keywordArg(args, ['default'])?.childForFieldName('value') ?? undefined };
  }
  for (const { ctx: at, def, method } of functionsNamed(ctx, call.childForFieldName('function'))) {
    const shape = shapeOf(at, def, depth);
    if (!shape) continue;
    const params = [...at.index.params.get(def.id)!.keys()];
    const argFor = (param: string): Node | undefined => {
      const kw = list.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === param);
      if (kw) return kw.childForFieldName('value') ?? undefined;
      const index = params.indexOf(param) - (method ? 1 : 0);
      const positional = list.filter((a) => a.type !== 'keyword_argument');
      if (positional.slice(0, index + 1).some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat')) return undefined;
      return index >= 0 ? positional[index] : undefined;
    };
    const nameArg = unwrap(argFor(shape.param));
    if (!nameArg) continue;
    let fallback = shape.fallbackNode;
    if (shape.fallbackParam) {
      const passed = argFor(shape.fallbackParam);
      const own = at.index.params.get(def.id)!.get(shape.fallbackParam);
      fallback = passed ?? (own && unwrap(own)?.type !== 'none' ? own : undefined);
    }
    return { nameArg, fallback };
  }
  return undefined;
}

/** Whether a function is an env helper (returns an env read of a parameter). */
export function isEnvHelper(ctx: PyContext, def: Node): boolean {
  return !!shapeOf(ctx, def, 0);
}

// The shape of a function that returns an env read of a parameter (cached per definition).
function shapeOf(ctx: PyContext, def: Node, depth: number): Shape | undefined {
  const cache = shapes.get(ctx) ?? new Map<number, Shape | null>();
  shapes.set(ctx, cache);
  if (cache.has(def.id)) return cache.get(def.id) ?? undefined;
  cache.set(def.id, null); // a helper that calls itself is not one
  const params = [...(ctx.index.params.get(def.id)?.keys() ?? [])];
  const isParam = (n: Node | undefined) => n?.type === 'identifier' && params.includes(n.text) && !(ctx.index.assigns.get(n.text) ?? []).some((a) => a.scope === def.id);
  let shape: Shape | undefined;
  let fallbackParam: string | undefined;
  let fallbackNode: Node | undefined;
  const values: Node[] = [];
  for (const r of ctx.index.returns.get(def.id) ?? []) {
    const v = unwrap(r);
    if (!v) continue;
    // `value = os.getenv(key)` ... `return value`
    const local = v.type === 'identifier' && !isParam(v) ? (ctx.index.assigns.get(v.text) ?? []).filter((a) => a.scope === def.id) : [];
    if (local.length) values.push(...local.map((a) => unwrap(a.value)!));
    else values.push(v);
  }
  for (const v of values) {
    const read = v.type === 'boolean_operator' && /\bor\b/.test(v.text.slice(v.childForFieldName('left')!.endIndex - v.startIndex, v.childForFieldName('right')!.startIndex - v.startIndex))
      ? { expr: unwrap(v.childForFieldName('left'))!, or: unwrap(v.childForFieldName('right')) }
      : { expr: v, or: undefined };
    const access = osEnvAccess(ctx, read.expr) ?? (read.expr.type === 'call' ? helperEnvAccess(ctx, read.expr, depth + 1) : undefined);
    const name = unwrap(access?.nameArg);
    if (access && name && isParam(name)) {
      if (shape && shape.param !== name.text) return undefined; // reads of two parameters: not a helper
      shape = { param: name.text, position: params.indexOf(name.text) };
      // A default the caller passes, or a literal; another source (`or self._file.get(key)`, a
      // config file) is part of what the variable stands for, like the environment itself.
      const fb = unwrap(access.fallback) ?? read.or;
      if (fb && isParam(fb)) fallbackParam = fb.text;
      else if (fb && stringValue(fb) !== undefined) fallbackNode = fb;
    } else if (isParam(v)) {
      fallbackParam ??= v.text; // `if value is None: return default`
    }
  }
  if (shape) {
    if (fallbackParam && fallbackParam !== shape.param) shape.fallbackParam = fallbackParam;
    else if (fallbackNode) shape.fallbackNode = fallbackNode;
  }
  cache.set(def.id, shape ?? null);
  return shape;
}

/**
 * The literal naming an env variable: the argument itself, or the string a constant or an Enum
 * member holds (`KEY = "OPENAI_API_KEY"`, `Keys.OPENAI`, `Keys.OPENAI.value`), here or imported.
 */
export function envName(ctx: PyContext, node: Node | null | undefined, depth = 0): { name: string; nameNode: Node } | undefined {
  const n = unwrap(node);
  if (!n || depth > MAX_DEPTH) return undefined;
  const literal = stringValue(n);
  if (literal !== undefined) return { name: literal, nameNode: n };
  const single = (c: PyContext, values: { value: Node }[]) => (values.length === 1 ? envName(c, values[0].value, depth + 1) : undefined);
  if (n.type === 'identifier') {
    const found = lookup(ctx.index, n.text, n);
    if (found?.kind === 'assigned') return single(ctx, found.values);
    if (found?.kind === 'import') {
      const def = importedName(ctx, found.imports);
      return def && single(def.ctx, (def.ctx.index.assigns.get(def.name) ?? []).filter((a) => a.scope === 0));
    }
    return undefined;
  }
  if (n.type !== 'attribute') return undefined;
  let obj = unwrap(n.childForFieldName('object'))!;
  let member = n.childForFieldName('attribute')!.text;
  if (member === 'value' && obj.type === 'attribute') {
    member = obj.childForFieldName('attribute')!.text;
    obj = unwrap(obj.childForFieldName('object'))!;
  }
  const module = moduleOf(ctx, obj);
  if (module) return single(module, (module.index.assigns.get(member) ?? []).filter((a) => a.scope === 0));
  const cls = classNamed(ctx, obj);
  return cls && single(cls.ctx, (cls.ctx.index.assigns.get(member) ?? []).filter((a) => a.scope === cls.node.id));
}
