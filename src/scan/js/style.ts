// Added code follows the file's own style: quotes, indentation, line endings, trailing commas,
// single-line versus multi-line objects.
import type { Edit } from '../../model.js';
import type { Node } from './scope.js';

export interface Style {
  quote: string;
  indentUnit: string;
  eol: string;
  trailingComma: boolean;
}

export function detectStyle(text: string, strings: Node[], literals: Node[]): Style {
  let single = 0;
  let double = 0;
  for (const s of strings) {
    if (s.type !== 'StringLiteral') continue;
    const q = text[s.start];
    if (q === "'") single++;
    else if (q === '"') double++;
  }
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  const indents = text.match(/^[ \t]+(?=[^\s*])/gm) ?? []; // not JSDoc ` * ` lines
  let indentUnit = '  ';
  if (indents.some((i) => i.startsWith('\t'))) indentUnit = '\t';
  else if (indents.length) indentUnit = ' '.repeat(Math.max(1, Math.min(...indents.map((i) => i.length))));
  // Trailing-comma habit, from multi-line object and array literals.
  let withComma = 0;
  let without = 0;
  for (const lit of literals) {
    const items = lit.type === 'ObjectExpression' ? lit.properties : lit.elements;
    const last = items[items.length - 1];
    if (!last || !text.slice(last.end, lit.end).includes('\n')) continue;
    if (/^\s*,/.test(text.slice(last.end, lit.end))) withComma++;
    else without++;
  }
  return { quote: single > double ? "'" : '"', indentUnit, eol: crlf > lf ? '\r\n' : '\n', trailingComma: withComma >= without };
}

export function quoted(value: string, quote: string): string {
  const escaped = value.replace(/\\/g, '\\\\').split(quote).join('\\' + quote);
  return quote + escaped + quote;
}

export function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset + 1))![0];
}

export interface Prop {
  key: string;
  value: string;
}

/**
 * Edits that add properties to an object literal, one list per property (so each belongs to
 * its own finding); anything they share (a comma, or the whole body of an empty object) goes
 * with the first.
 */
export function addProperties(text: string, obj: Node, props: Prop[], style: Style): Edit[][] {
  const last = obj.properties[obj.properties.length - 1];
  if (!last) return newBody(text, obj.start, obj.end, props, style, lineIndent(text, obj.start));
  const multiLine = text.slice(obj.start, obj.end).includes('\n');
  let pos = last.end;
  const afterLast = /^[ \t]*,/.exec(text.slice(pos));
  const hasComma = afterLast !== null;
  if (hasComma) pos += afterLast[0].length;
  if (!multiLine) {
    const at = hasComma ? pos : last.end;
    return props.map((p) => [{ start: at, end: at, text: hasComma ? ` ${p.key}: ${p.value},` : `, ${p.key}: ${p.value}` }]);
  }
  const indent = lineIndent(text, last.start);
  // Insert after a trailing line comment so it stays with its property.
  const rest = /^[ \t]*(\/\/[^\r\n]*)?(?=\r?\n)/.exec(text.slice(pos));
  const at = rest ? pos + rest[0].length : pos;
  const trailing = hasComma || style.trailingComma;
  const edits: Edit[][] = props.map((p, i) => {
    const comma = i < props.length - 1 || trailing ? ',' : '';
    return [{ start: at, end: at, text: `${style.eol}${indent}${p.key}: ${p.value}${comma}` }];
  });
  if (!hasComma) edits[0].unshift({ start: last.end, end: last.end, text: ',' });
  return edits;
}

/** Edits that give `new X()` (between its parentheses) a readable multi-line options object. */
export function addOptionsArgument(text: string, call: Node, props: Prop[], style: Style): Edit[][] {
  const indent = lineIndent(text, call.start);
  const src = text.slice(call.start, call.end);
  if (src.endsWith(')')) {
    const open = text.lastIndexOf('(', call.end - 1);
    return newBody(text, open + 1, call.end - 1, props, style, indent);
  }
  // `new OpenAI` without parentheses
  const body = newBody(text, call.end, call.end, props, style, indent);
  body[0][0].text = '(' + body[0][0].text + ')';
  return body;
}

// Replaces [start, end) (an empty `{}`, or the inside of `()`) with a multi-line object. Comments
// inside it (`{ // NOTE ... }`) stay where they were, above the new properties.
function newBody(text: string, start: number, end: number, props: Prop[], style: Style, indent: string): Edit[][] {
  const inner = indent + style.indentUnit;
  const lines = props.map((p, i) => `${inner}${p.key}: ${p.value}${i < props.length - 1 || style.trailingComma ? ',' : ''}`);
  const inside = text[start] === '{' ? text.slice(start + 1, end - 1) : text.slice(start, end);
  const kept = inside.trim() ? inside.trimEnd() : '';
  const body = `{${kept}${style.eol}${lines.join(style.eol)}${style.eol}${indent}}`;
  const edits: Edit[][] = props.map(() => []);
  edits[0].push({ start, end, text: body });
  return edits;
}
