// Dicts the way projects build them: a literal (`{...}` or `dict(...)`), then items set step by step
// (`kwargs["base_url"] = ...`, `kwargs.update(base_url=...)`), held in a variable, `self.x`, an
// import, or passed into the function or class that uses it (`OpenAIHelper(config=openai_config)`).
import { type PyContext, ownerOf } from './context.js';
import { lookup } from './module.js';
import { functionsNamed, importedName } from './names.js';
import type { Node } from './parse.js';
import { named, stringValue, unwrap } from './tree.js';

const MAX_DEPTH = 12;

/** A dict literal, the module it is in, and the name it is built under (for items set later). */
export interface DictView {
  ctx: PyContext;
  /** `{...}`, or the argument list of `dict(...)`. */
  dict: Node;
  /** The variable (or `self.x`) and scope it is assigned to, when it is. */
  holder?: { name: string; scope: number };
}

/** The dict literal an expression is, directly or through a variable, `self.x`, an import or a parameter. */
export function dictView(ctx: PyContext, expr: Node | null | undefined, depth = 0): DictView | undefined {
  const node = unwrap(expr);
  if (!node || depth > MAX_DEPTH) return undefined;
  const own = ownerOf(ctx, node);
  if (own !== ctx) return dictView(own, node, depth);
  if (node.type === 'dictionary') return { ctx, dict: node };
  if (node.type === 'call' && node.childForFieldName('function')?.text === 'dict' && named(node.childForFieldName('arguments')!).every((a) => a.type === 'keyword_argument')) {
    return { ctx, dict: node.childForFieldName('arguments')! };
  }
  const held = (name: string, values: { value: Node; scope: number; node: Node }[]) => {
    const value = reaching(values, node);
    const view = value && dictView(ctx, value.value, depth + 1);
    return view && !view.holder ? { ...view, holder: { name, scope: value!.scope } } : view;
  };
  if (node.type === 'identifier') {
    const found = lookup(ctx.index, node.text, node);
    if (found?.kind === 'assigned') return held(node.text, found.values);
    if (found?.kind === 'param') {
      // Reassigned in the body, or the one value every caller passes.
      if (found.values.length) return held(node.text, found.values);
      const passed = ctx.project?.arguments(ctx, found.fn, node.text) ?? [];
      const views = passed.map((a) => dictView(a.ctx, a.value, depth + 1));
      return views.length === 1 || (views.length > 1 && views.every((v) => v && v.dict.id === views[0]!.dict.id)) ? views[0] : undefined;
    }
    if (found?.kind === 'import') {
      const def = importedName(ctx, found.imports);
      const values = def ? (def.ctx.index.assigns.get(def.name) ?? []).filter((a) => a.scope === 0) : [];
      return values.length === 1 ? dictView(def!.ctx, values[0].value, depth + 1) : undefined;
    }
    return undefined;
  }
  if (node.type === 'call') {
    // `params = build_params(prompt)`: the dict the helper returns (one, whatever the path).
    const views = functionsNamed(ctx, node.childForFieldName('function')).flatMap((f) => (f.ctx.index.returns.get(f.def.id) ?? []).map((r) => dictView(f.ctx, r, depth + 1)));
    return views.length && views.every((v) => v && v.dict.id === views[0]!.dict.id) ? views[0] : undefined;
  }
  if (node.type === 'attribute' && /^(self|cls)$/.test(unwrap(node.childForFieldName('object'))?.text ?? '')) {
    const name = `self.${node.childForFieldName('attribute')!.text}`;
    const values = ctx.index.assigns.get(name) ?? [];
    if (values.length !== 1) return undefined;
    const view = dictView(ctx, values[0].value, depth + 1);
    return view && (view.holder ? view : { ...view, holder: { name, scope: -1 } });
  }
  return undefined;
}

// The one assignment that reaches a use: the only one, or the only one before it in the same scope
// (`kwargs = {...}` ... `OpenAI(**kwargs)` ... `kwargs = {}`).
function reaching<T extends { node: Node; scope: number }>(values: T[], use: Node): T | undefined {
  if (values.length === 1) return values[0];
  const before = values.filter((v) => v.node.startIndex < use.startIndex);
  return before.length === 1 && values.every((v) => v.scope === before[0].scope) ? before[0] : undefined;
}

/** A dict literal (`{...}` or `dict(...)`) an expression is, directly or through a variable. */
export function dictOf(ctx: PyContext, expr: Node | null | undefined, depth = 0): Node | undefined {
  return dictView(ctx, expr, depth)?.dict;
}

/**
 * Every value a dict may hold for a key: its literal entry, and the items set on the variable
 * later (`d["key"] = v`, `d.update(key=v)`, `d.update({"key": v})`), with the module each is in.
 * `unseen`: something that may set it too and cannot be read (`**spread`, `d.update(other)`).
 */
export function dictValues(view: DictView, key: string, depth = 0): { values: Node[]; unseen?: Node } {
  // The literal, in order: a later entry wins over a `**spread` before it (`{**params, "model": m}`).
  let values: Node[] = [];
  let unseen: Node | undefined;
  for (const item of named(view.dict)) {
    if ((item.type === 'pair' && stringValue(item.childForFieldName('key')) === key) || (item.type === 'keyword_argument' && item.childForFieldName('name')?.text === key)) {
      values = [item.childForFieldName('value')!];
      unseen = undefined;
    } else if (item.type === 'dictionary_splat') {
      const inner = depth < MAX_DEPTH ? dictView(view.ctx, named(item)[0], depth + 1) : undefined;
      const sub = inner ? dictValues(inner, key, depth + 1) : { values: [], unseen: item };
      if (sub.values.length || sub.unseen) {
        values = sub.values;
        unseen = sub.unseen;
      }
    }
  }
  const { ctx, holder } = view;
  if (!holder) return { values, unseen };
  const inScope = (n: Node, scope: number) => holder.scope < 0 || scope === holder.scope;
  for (const item of ctx.index.items.get(holder.name) ?? []) if (inScope(item.node, item.scope) && stringValue(item.key) === key) values.push(item.value);
  const receiver = holder.name;
  for (const call of ctx.index.calls) {
    const fn = unwrap(call.childForFieldName('function'));
    if (fn?.type !== 'attribute' || !/^(update|setdefault)$/.test(fn.childForFieldName('attribute')!.text) || unwrap(fn.childForFieldName('object'))?.text !== receiver) continue;
    const args = named(call.childForFieldName('arguments')!);
    if (fn.childForFieldName('attribute')!.text === 'setdefault') {
      if (stringValue(args[0]) === key && args[1]) values.push(args[1]);
      continue;
    }
    for (const a of args) {
      if (a.type === 'keyword_argument') {
        if (a.childForFieldName('name')?.text === key) values.push(a.childForFieldName('value')!);
      } else if (unwrap(a)?.type === 'dictionary') {
        const v = dictEntry(unwrap(a)!, key);
        if (v) values.push(v);
        unseen ??= dictSpread(unwrap(a)!);
      } else {
        unseen ??= a;
      }
    }
  }
  return { values, unseen };
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
