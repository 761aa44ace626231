// Added code follows the file's own style: quotes, indentation, line endings, and each call's
// (or dict's) own layout: single- or multi-line, its indentation and its trailing-comma habit.
import type { Edit } from '../../model.js';
import type { Node } from './parse.js';
import { named } from './tree.js';

export interface PyStyle {
  quote: string;
  indentUnit: string;
  eol: string;
}

export function detectStyle(text: string, strings: Node[]): PyStyle {
  let single = 0;
  let double = 0;
  for (const s of strings) {
    const q = s.lastChild?.text;
    if (q === "'") single++;
    else if (q === '"') double++;
  }
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  // Lines that start inside a multi-line string (CSS, a prompt) say nothing about the code's indentation.
  const multiLine = strings.filter((s) => s.startPosition.row !== s.endPosition.row);
  const inString = (offset: number) => multiLine.some((s) => s.startIndex < offset && offset < s.endIndex);
  const indents = [...text.matchAll(/^[ \t]+(?=\S)/gm)].filter((m) => !inString(m.index)).map((m) => m[0]);
  let indentUnit = '    ';
  if (indents.some((i) => i.startsWith('\t'))) indentUnit = '\t';
  else if (indents.length) indentUnit = ' '.repeat(Math.max(2, Math.min(...indents.map((i) => i.length))));
  return { quote: single > double ? "'" : '"', indentUnit, eol: crlf > lf ? '\r\n' : '\n' };
}

export function quoted(value: string, quote: string): string {
  return quote + value.replace(/\\/g, '\\\\').split(quote).join('\\' + quote) + quote;
}

export function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

function startsLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, offset));
}

/**
 * Edits that add items (`name=value` to an argument list, `"name": value` to a dict) before the
 * closing bracket, one list per item (anything they share goes with the first).
 */
export function addItems(text: string, list: Node, items: string[], style: PyStyle): Edit[][] {
  const members = named(list);
  const last = members[members.length - 1];
  const open = list.startIndex;
  const close = list.endIndex - 1;
  if (!last) {
    // `OpenAI()` / `{}`: a readable multi-line body with a trailing comma; a comment inside
    // (`OpenAI(\n    # TODO\n)`) stays, above the new items.
    const indent = lineIndent(text, open);
    const inner = indent + style.indentUnit;
    const inside = text.slice(open + 1, close);
    const kept = inside.trim() ? inside.trimEnd() : '';
    const body = kept + items.map((i) => `${style.eol}${inner}${i},`).join('') + style.eol + indent;
    const edits: Edit[][] = items.map(() => []);
    edits[0].push({ start: open + 1, end: close, text: body });
    return edits;
  }
  let pos = last.endIndex;
  const afterLast = /^[ \t]*,/.exec(text.slice(pos, close));
  const hasComma = afterLast !== null;
  if (hasComma) pos += afterLast[0].length;
  const multiLine = text.slice(open, close).includes('\n');
  if (!multiLine || !startsLine(text, last.startIndex)) {
    return items.map((i) => [{ start: hasComma ? pos : last.endIndex, end: hasComma ? pos : last.endIndex, text: hasComma ? ` ${i},` : `, ${i}` }]);
  }
  const indent = lineIndent(text, last.startIndex);
  // After a trailing comment, so it stays with its argument.
  const rest = /^[ \t]*(#[^\r\n]*)?(?=\r?\n)/.exec(text.slice(pos));
  const at = rest ? pos + rest[0].length : pos;
  const edits: Edit[][] = items.map((item, i) => [{ start: at, end: at, text: `${style.eol}${indent}${item}${i < items.length - 1 || hasComma ? ',' : ''}` }]);
  if (!hasComma) edits[0].unshift({ start: last.endIndex, end: last.endIndex, text: ',' });
  return edits;
}

/** An edit adding a line after the statement `node` ends (after its trailing comment), at its indentation. */
export function lineAfter(text: string, node: Node, line: string, style: PyStyle): Edit {
  const rest = /^[ \t]*(#[^\r\n]*)?/.exec(text.slice(node.endIndex))!;
  const at = node.endIndex + rest[0].length;
  return { start: at, end: at, text: `${style.eol}${lineIndent(text, node.startIndex)}${line}` };
}
