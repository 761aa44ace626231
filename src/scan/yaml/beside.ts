// Adding an entry next to another in the same YAML shape: a copy of the old entry (its
// indentation, quoting and layout), with some spans replaced, on a line of its own after it, or
// after it in a flow collection (`{ A: 1, NEW: 2 }`).
import { type Pair, type YAMLMap, type YAMLSeq, isMap, isPair } from 'yaml';
import type { Edit } from '../../model.js';
import { type YamlFile, lineBounds } from './parse.js';

/** The text of [from, to) with the edits that fall inside it applied. */
export function spliceCopy(text: string, from: number, to: number, edits: Edit[]): string {
  let out = '';
  let pos = from;
  for (const e of [...edits].filter((x) => x.start >= from && x.end <= to).sort((a, b) => a.start - b.start)) {
    if (e.start < pos) continue;
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos, to);
}

// Where a node's text ends, trailing line breaks and spaces left out.
function contentEnd(text: string, start: number, end: number): number {
  let i = end;
  while (i > start && /\s/.test(text[i - 1])) i--;
  return i;
}

/**
 * The edit adding a copy of `node` (a pair, a string item or a map item of `container`) after it,
 * with `replace` applied to the copy; undefined when the layout is not one it can copy safely.
 */
export function besideEdit(file: YamlFile, container: YAMLMap | YAMLSeq, node: unknown, replace: Edit[]): Edit | undefined {
  const { text } = file;
  let start: number;
  let end: number;
  if (isPair(node)) {
    const pair = node as Pair;
    const key = (pair.key as { range?: [number, number, number] }).range;
    const value = (pair.value as { range?: [number, number, number] } | null)?.range;
    if (!key) return undefined;
    start = key[0];
    end = contentEnd(text, start, value?.[1] ?? key[1]);
  } else {
    const range = (node as { range?: [number, number, number] }).range;
    if (!range) return undefined;
    start = range[0];
    end = contentEnd(text, start, range[1]);
  }
  if (/[\r\n]/.test(text.slice(start, end)) && !isMap(node)) return undefined; // a multi-line value
  const copy = spliceCopy(text, start, end, replace);
  if (container.flow) return { start: end, end, text: `, ${copy}` };
  const line = lineBounds(file, start);
  const before = text.slice(line.start, start);
  let prefix: string;
  if (isPair(node)) prefix = ' '.repeat(start - line.start); // a block map's keys share a column
  else if (/^[ \t]*-[ \t]+$/.test(before)) prefix = before; // `- item`
  else return undefined;
  const after = lineBounds(file, end);
  return { start: after.end, end: after.end, text: after.eol + prefix + copy };
}
