// Small readers over tree-sitter Python nodes: string values, keyword arguments, attribute chains.
import type { Node } from './parse.js';

/** Named children, without comments (tree-sitter puts comments among the children). */
export function named(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}

export function unwrap(node: Node | null | undefined): Node | undefined {
  let cur = node ?? undefined;
  while (cur && cur.type === 'parenthesized_expression') cur = named(cur)[0];
  return cur;
}

/** The value of a plain string literal (no f-string, bytes, escapes or concatenation). */
export function stringValue(node: Node | null | undefined): string | undefined {
  const n = unwrap(node);
  if (!n || n.type !== 'string') return undefined;
  const start = n.child(0);
  if (!start || /[fFbB]/.test(start.text)) return undefined;
  let value = '';
  for (const c of n.namedChildren) {
    if (!c || c.type === 'string_start' || c.type === 'string_end') continue;
    if (c.type !== 'string_content') return undefined;
    value += c.text;
  }
  return value.includes('\\') && !/[rR]/.test(start.text) ? undefined : value;
}

/** The range of a string literal without its prefix (`r"x"` -> `"x"`), and its quote. */
export function stringLiteral(node: Node): { start: number; end: number; quote: string } {
  const end = node.lastChild!;
  const quote = end.text;
  return { start: node.child(0)!.endIndex - quote.length, end: node.endIndex, quote };
}

/** The quote of a string node (`"`, `'`, `"""`, ...). */
export function quoteOf(node: Node): string {
  return node.lastChild?.text ?? '"';
}

/** The last `name=value` keyword argument of a call's argument list. */
export function keywordArg(args: Node | null | undefined, names: string[]): Node | undefined {
  let found: Node | undefined;
  for (const a of args ? named(args) : []) {
    if (a.type === 'keyword_argument' && names.includes(a.childForFieldName('name')?.text ?? '')) found = a;
  }
  return found;
}


/** `a.b.c` -> the base (`a`) and the names taken from it; calls like `x.with_options(...)` are passed through. */
export function attributeChain(node: Node): { base: Node; names: string[] } {
  const names: string[] = [];
  let cur: Node = node;
  for (;;) {
    const u = unwrap(cur)!;
    if (u.type === 'attribute') {
      names.unshift(u.childForFieldName('attribute')!.text);
      cur = u.childForFieldName('object')!;
    } else if (u.type === 'call' && unwrap(u.childForFieldName('function'))?.type === 'attribute'
      && /^(with_options|with_raw_response|with_streaming_response)$/.test(unwrap(u.childForFieldName('function'))!.childForFieldName('attribute')!.text)) {
      cur = unwrap(u.childForFieldName('function'))!.childForFieldName('object')!;
    } else {
      return { base: u, names };
    }
  }
}

/** Dotted text of an identifier/attribute chain, or undefined for anything else. */
export function dotted(node: Node | null | undefined): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'identifier') return n.text;
  if (n.type === 'attribute') {
    const obj = dotted(n.childForFieldName('object'));
    return obj && `${obj}.${n.childForFieldName('attribute')!.text}`;
  }
  return undefined;
}

/** The whole statement a node belongs to (its ancestor directly inside a block or the module). */
export function statementOf(node: Node): Node {
  let cur = node;
  while (cur.parent && cur.parent.type !== 'module' && cur.parent.type !== 'block') cur = cur.parent;
  return cur;
}

export function describe(node: Node): string {
  const src = node.text.replace(/\s+/g, ' ');
  return src.length > 60 ? src.slice(0, 57) + '...' : src;
}

export function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}
