// YAML parsed with the `yaml` package, which keeps every node's source range: the scanner edits
// the original text at those ranges and reprints nothing. Helm templates (`{{ ... }}` actions,
// not YAML) are masked first with filler of the same length, so ranges still point into the
// original text.
import { lineAt, lineStarts } from '../lines.js';
import { type Document, type Node, type Pair, type YAMLMap, type YAMLSeq, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';

export interface YamlFile {
  /** The original text. */
  text: string;
  /** The text the parser read (the original, or with template actions masked): same length. */
  parsed: string;
  docs: Document.Parsed[];
  lineStarts: number[];
}

// A Go template action (`{{ .Values.x }}`, `{{- if ... }}`), not a GitHub/Continue expression (`${{ }}`).
const TEMPLATE = /(?<!\$)\{\{[^\n]*?\}\}/g;

/** The file's documents, or why it does not parse. */
export function parseYaml(text: string): YamlFile | { error: string } {
  try {
    return parseOrError(text);
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0] }; // a nesting too deep for the parser
  }
}

function parseOrError(text: string): YamlFile | { error: string } {
  let parsed = text;
  let docs = parseAllDocuments(parsed, { keepSourceTokens: true, uniqueKeys: false });
  if (!Array.isArray(docs)) docs = [];
  let bad = firstError(docs);
  if (bad && /(?<!\$)\{\{/.test(text)) {
    parsed = maskTemplates(text);
    const again = parseAllDocuments(parsed, { keepSourceTokens: true, uniqueKeys: false });
    docs = Array.isArray(again) ? again : [];
    bad = firstError(docs);
  }
  if (bad) return { error: bad };
  return { text, parsed, docs, lineStarts: lineStarts(text) };
}

function firstError(docs: Document.Parsed[]): string | undefined {
  const e = docs.flatMap((d) => d.errors)[0];
  return e && e.message.split('\n')[0].replace(/:$/, '');
}

// A line that is only template actions becomes a comment; an action inside a value becomes
// letters (a plain scalar), so `name: {{ .Release.Name }}-key` still parses as a pair.
function maskTemplates(text: string): string {
  return text.replace(/^([ \t]*)(\{\{[^\n]*\}\})([ \t]*)(?=\r?$)/gm, (m, pad: string, body: string, tail: string) => {
    const rest = body.replace(TEMPLATE, '');
    return rest.trim() ? m : pad + '#' + ' '.repeat(body.length - 1) + tail;
  }).replace(TEMPLATE, (m) => 'x'.repeat(m.length));
}

/** 1-based line of an offset. */
export function lineOf(file: YamlFile, offset: number): number {
  return lineAt(file.lineStarts, offset) + 1;
}

/** Where the line holding `offset` starts, and where it ends (before its line break). */
export function lineBounds(file: YamlFile, offset: number): { start: number; end: number; eol: string } {
  const start = file.lineStarts[lineOf(file, offset) - 1];
  let end = file.text.indexOf('\n', offset);
  if (end === -1) return { start, end: file.text.length, eol: eolOf(file.text) };
  if (file.text[end - 1] === '\r') end--;
  return { start, end, eol: file.text[end] === '\r' ? '\r\n' : '\n' };
}

/** The file's own line break (for a line added after its last one). */
export function eolOf(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

export interface ScalarSpan {
  /** The value as the file spells it, between its quotes. */
  value: string;
  start: number;
  end: number;
  quote: '' | '"' | "'";
}

/**
 * A one-line scalar whose value can be edited as written: plain, or quoted without escapes.
 * Undefined for anything else (block scalars, escapes, multi-line flow scalars, masked templates).
 */
export function scalarSpan(file: YamlFile, node: unknown): ScalarSpan | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const [start, end] = node.range;
  const raw = file.text.slice(start, end);
  if (raw !== file.parsed.slice(start, end) || /[\r\n]/.test(raw)) return undefined;
  if (node.type === 'PLAIN') return { value: raw, start, end, quote: '' };
  const q = raw[0];
  if ((node.type === 'QUOTE_DOUBLE' && q === '"' && !raw.includes('\\')) || (node.type === 'QUOTE_SINGLE' && q === "'" && !raw.slice(1, -1).includes("''"))) {
    return { value: raw.slice(1, -1), start: start + 1, end: end - 1, quote: q };
  }
  return undefined;
}

/** A scalar's value as text (numbers and booleans included), or undefined. */
export function textOf(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return typeof node.value === 'object' ? undefined : String(node.value);
}

export function keyOf(pair: Pair): string | undefined {
  return textOf(pair.key);
}

/** The pair of `map` whose key is `key`. */
export function pairOf(map: unknown, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((p) => keyOf(p as Pair) === key) as Pair<Node, Node | null> | undefined;
}

/** The value of `map[key]`, aliases resolved. */
export function get(doc: Document.Parsed, map: unknown, key: string): unknown {
  return deref(doc, pairOf(map, key)?.value);
}

export function deref(doc: Document.Parsed, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** One step of a node's path: the key it sits under (maps) or its index (sequences). */
export interface Step {
  key?: string;
  index?: number;
  /** The map or sequence holding the node. */
  parent: YAMLMap | YAMLSeq;
  pair?: Pair;
}

export interface Visit {
  node: unknown;
  path: Step[];
}

/** Every map and sequence of a document with its path, parents first; iterative, aliases not followed. */
export function collections(doc: Document.Parsed): Visit[] {
  const out: Visit[] = [];
  const stack: Visit[] = [{ node: doc.contents, path: [] }];
  while (stack.length) {
    const v = stack.pop()!;
    if (isMap(v.node)) {
      out.push(v);
      for (let i = v.node.items.length - 1; i >= 0; i--) {
        const pair = v.node.items[i];
        if (isPair(pair) && (isMap(pair.value) || isSeq(pair.value))) stack.push({ node: pair.value, path: [...v.path, { key: keyOf(pair), parent: v.node, pair }] });
      }
    } else if (isSeq(v.node)) {
      out.push(v);
      for (let i = v.node.items.length - 1; i >= 0; i--) {
        const item = v.node.items[i];
        if (isMap(item) || isSeq(item)) stack.push({ node: item, path: [...v.path, { index: i, parent: v.node }] });
      }
    }
  }
  return out;
}

/** The edit that sets a scalar's value; an empty plain value (`key:`) gets the space it needs. */
export function setValue(file: YamlFile, span: ScalarSpan, value: string): { start: number; end: number; text: string } {
  if (span.quote || span.value) return { start: span.start, end: span.end, text: value };
  let at = span.start;
  while (at > 0 && (file.text[at - 1] === ' ' || file.text[at - 1] === '\t')) at--;
  const comment = file.text[span.start] === '#';
  return { start: at, end: span.start, text: ` ${value}${comment ? ' ' : ''}` };
}
