// JSON and JSON-with-comments through jsonc-parser (offsets for every node; comments and trailing
// commas allowed), and the few things the config kinds need: members by name, a string's content
// range, and a property added after another in the object's own layout.
import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Edit } from '../../model.js';

export type { Node } from 'jsonc-parser';

/** The tree of a JSON(C) text; throws when it does not parse. A BOM is read as a space. */
export function parseJson(text: string): Node | undefined {
  const errors: ParseError[] = [];
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const root = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  if (errors.length) {
    const e = errors[0];
    throw new Error(`does not parse: invalid JSON (${printParseErrorCode(e.error)} at offset ${e.offset}); left as is`);
  }
  return root;
}

/** The properties of an object node, by key. */
export function properties(node: Node | undefined): { key: string; keyNode: Node; value: Node; prop: Node }[] {
  if (node?.type !== 'object') return [];
  return (node.children ?? []).flatMap((prop) => {
    const [keyNode, value] = prop.children ?? [];
    return keyNode && value ? [{ key: String(keyNode.value), keyNode, value, prop }] : [];
  });
}

export function member(node: Node | undefined, key: string): Node | undefined {
  return properties(node).find((p) => p.key === key)?.value;
}

/** A string node's content range (inside its quotes), when it is written without escapes. */
export function contentRange(text: string, node: Node): { start: number; end: number } | undefined {
  if (node.type !== 'string') return undefined;
  const start = node.offset + 1;
  const end = node.offset + node.length - 1;
  return text.slice(start, end) === node.value ? { start, end } : undefined;
}

/**
 * `"key": value` added after a property of the same object, in its layout: on a line of its own
 * with the property's indentation, or inline after a space. The comma goes first, so it is right
 * whether a comma (or a trailing one) follows the property or not.
 */
export function propertyAfter(text: string, prop: Node, key: string, valueText: string): Edit {
  const at = prop.offset + prop.length;
  const lineStart = text.lastIndexOf('\n', prop.offset - 1) + 1;
  const before = text.slice(lineStart, prop.offset);
  const sep = lineStart > 0 && /^[ \t]*$/.test(before) ? (text[lineStart - 2] === '\r' ? '\r\n' : '\n') + before : ' ';
  return { start: at, end: at, text: `,${sep}${JSON.stringify(key)}: ${valueText}` };
}
