// The key a hand-written request sends: its `Authorization` header (in the request's headers or
// its session's), followed to what it is built from: an env read (`os.environ["OPENAI_API_KEY"]`),
// a literal (`"Bearer sk-..."`, or a constant holding the key), or something it cannot see.
import { type PyContext, ownerOf } from '../context.js';
import { lookup } from '../module.js';
import { envRead } from '../osenv.js';
import type { Node } from '../parse.js';
import { describe, named, stringValue, unwrap } from '../tree.js';
import { dictOf, importedName, moduleOf } from '../values.js';
import { classAttribute } from './httpUrls.js';

export type KeySource =
  | { kind: 'env'; name: string; nameNode: Node; ctx: PyContext }
  /** A literal key: the whole header value (`"Bearer sk-..."`), or a literal the header is built from. */
  | { kind: 'literal'; literal: Node; ctx: PyContext; key: string; whole: boolean }
  | { kind: 'unresolved'; what: string };

const MAX_DEPTH = 8;

/** The key a request's headers send in `Authorization`, or undefined when no such header is seen. */
export function authorizationOf(ctx: PyContext, headers: Node[]): KeySource | undefined {
  for (const h of headers) {
    const dict = headersDict(ctx, h);
    if (!dict) return { kind: 'unresolved', what: `the headers \`${describe(h)}\`` };
    const item = named(dict).find((i) => (i.type === 'pair' && /^authorization$/i.test(stringValue(i.childForFieldName('key')) ?? '')) || (i.type === 'keyword_argument' && /^authorization$/i.test(i.childForFieldName('name')?.text ?? '')));
    if (item) return headerValue(ctx, item.childForFieldName('value')!, 0);
  }
  return undefined;
}

// A headers dict: a literal, a variable holding one, or what a same-file function returns.
function headersDict(ctx: PyContext, expr: Node): Node | undefined {
  const dict = dictOf(ctx, expr);
  if (dict) return dict;
  const node = unwrap(expr);
  if (node?.type !== 'call') return undefined;
  const fn = unwrap(node.childForFieldName('function'));
  const name = fn?.type === 'identifier' ? fn.text : fn?.type === 'attribute' && /^(self|cls)$/.test(fn.childForFieldName('object')!.text) ? fn.childForFieldName('attribute')!.text : undefined;
  const defs = name ? ctx.index.functions.get(name) ?? [] : [];
  const returns = defs.length === 1 ? ctx.index.returns.get(defs[0].id) ?? [] : [];
  return returns.length === 1 ? dictOf(ctx, returns[0]) : undefined;
}

// `"Bearer sk-..."`, `f"Bearer {key}"`, `"Bearer " + key`, `"Bearer {}".format(key)`, or a variable holding one.
function headerValue(at: PyContext, expr: Node, depth: number): KeySource {
  const node = unwrap(expr)!;
  const ctx = ownerOf(at, node);
  if (depth > MAX_DEPTH) return { kind: 'unresolved', what: `\`${describe(node)}\`` };
  const plain = stringValue(node);
  if (plain !== undefined) {
    const key = plain.replace(/^Bearer\s+/i, '');
    return key ? { kind: 'literal', literal: node, ctx, key, whole: true } : { kind: 'unresolved', what: `\`${describe(node)}\`` };
  }
  if (node.type === 'string') {
    const parts = node.namedChildren.filter((c): c is Node => !!c && c.type === 'interpolation');
    if (parts.length === 1) return keyOf(ctx, named(parts[0])[0], depth + 1);
  }
  if (node.type === 'binary_operator' && node.child(1)?.type === '+') return keyOf(ctx, node.childForFieldName('right'), depth + 1);
  if (node.type === 'call') {
    const fn = unwrap(node.childForFieldName('function'));
    const args = named(node.childForFieldName('arguments')!);
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')!.text === 'format' && args.length === 1) return keyOf(ctx, args[0], depth + 1);
  }
  if (node.type === 'identifier') {
    const found = lookup(ctx.index, node.text, node);
    if (found?.kind === 'assigned' && found.values.length === 1) return headerValue(ctx, found.values[0].value, depth + 1);
  }
  return { kind: 'unresolved', what: `\`${describe(node)}\`` };
}

// What the key part of a header is made of.
function keyOf(at: PyContext, expr: Node | null | undefined, depth: number): KeySource {
  const node = unwrap(expr);
  if (!node) return { kind: 'unresolved', what: 'no value' };
  const ctx = ownerOf(at, node);
  if (depth > MAX_DEPTH) return { kind: 'unresolved', what: `\`${describe(node)}\`` };
  const env = envRead(ctx, node);
  if (env) return { kind: 'env', name: env.name, nameNode: env.nameNode, ctx };
  const literal = stringValue(node);
  if (literal !== undefined) return { kind: 'literal', literal: node, ctx, key: literal, whole: false };
  const values = valuesOf(ctx, node);
  if (values?.length === 1) return keyOf(values[0].ctx, values[0].value, depth + 1);
  if (values && values.length > 1) {
    const all = values.map((v) => keyOf(v.ctx, v.value, depth + 1));
    const first = all[0];
    if (first.kind === 'env' && all.every((s) => s.kind === 'env' && s.nameNode.id === first.nameNode.id)) return first;
  }
  return { kind: 'unresolved', what: `\`${describe(node)}\`` };
}

// What a name can hold: its assignments, a parameter's default or what the callers pass, `self.x`, a module constant.
function valuesOf(ctx: PyContext, node: Node): { ctx: PyContext; value: Node }[] | undefined {
  if (node.type === 'identifier') {
    const found = lookup(ctx.index, node.text, node);
    if (found?.kind === 'assigned') return found.values.map((v) => ({ ctx, value: v.value }));
    if (found?.kind === 'param') {
      if (found.values.length) return found.values.map((v) => ({ ctx, value: v.value }));
      const passed = ctx.project?.arguments(ctx, found.fn, node.text) ?? [];
      if (passed.length) return passed;
      return found.fallback && found.fallback.type !== 'none' ? [{ ctx, value: found.fallback }] : undefined;
    }
    const def = found?.kind === 'import' ? importedName(ctx, found.imports) : undefined;
    return def && (def.ctx.index.assigns.get(def.name) ?? []).filter((a) => a.scope === 0).map((a) => ({ ctx: def.ctx, value: a.value }));
  }
  if (node.type === 'attribute') {
    const obj = unwrap(node.childForFieldName('object'));
    const name = node.childForFieldName('attribute')!.text;
    if (obj?.type === 'identifier' && /^(self|cls)$/.test(obj.text)) return [...ctx.index.assigns.get(`self.${name}`) ?? [], ...classAttribute(ctx, node, name)].map((a) => ({ ctx, value: a.value }));
    const m = obj && moduleOf(ctx, obj);
    if (m) return (m.index.assigns.get(name) ?? []).filter((a) => a.scope === 0).map((a) => ({ ctx: m, value: a.value }));
  }
  return undefined;
}

/** A node standing for a key source, to tell requests that share one. */
export function keyNode(source: KeySource): Node | undefined {
  return source.kind === 'env' ? source.nameNode : source.kind === 'literal' ? source.literal : undefined;
}
