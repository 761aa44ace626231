// Following a value inside one file to the string literals it can hold: constants, default
// parameters, `self.x` attributes, dict entries, conditionals, `or` and env-var fallbacks.
import type { PyContext } from './context.js';
import { lookup } from './module.js';
import { envRead } from './osenv.js';
import type { Node } from './parse.js';
import { describe, named, stringValue, unwrap } from './tree.js';

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
    if (env.fallback) return { ...valueSources(ctx, env.fallback, depth + 1), overriddenBy: `the environment variable ${env.name}` };
    return { literals: [], unresolved: `the environment variable ${env.name}, which has no fallback` };
  }
  switch (node.type) {
    case 'identifier': {
      const found = lookup(ctx.index, node.text, node);
      if (found?.kind === 'param') {
        if (found.fallback) return { ...valueSources(ctx, found.fallback, depth + 1), overriddenBy: `the parameter \`${node.text}\`` };
        return { literals: [], unresolved: `the parameter \`${node.text}\`, which has no default` };
      }
      if (found?.kind === 'assigned') return mergeAll(found.values.map((v) => valueSources(ctx, v.value, depth + 1)));
      return { literals: [], unresolved: `\`${node.text}\`` };
    }
    case 'attribute': {
      const obj = unwrap(node.childForFieldName('object'));
      if (obj?.type === 'identifier' && (obj.text === 'self' || obj.text === 'cls')) {
        const name = node.childForFieldName('attribute')!.text;
        const values = [...(ctx.index.assigns.get(`self.${name}`) ?? []).map((a) => a.value), ...classAttributes(ctx, node, name)];
        if (values.length) return mergeAll(values.map((v) => valueSources(ctx, v, depth + 1)));
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
