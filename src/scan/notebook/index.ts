// Jupyter notebooks: the code cells are joined into one Python module (so an import in one cell
// serves the next), scanned by the Python scanner, and every edit is mapped back into the JSON
// string it falls in. Outputs, metadata and markdown are never touched, and the JSON stays
// byte-exact outside the edited strings (its escaping, indentation and key order).
import type { Edit, FileScan, Finding, ScanOptions } from '../../model.js';
import { scanPython } from '../python/index.js';
import { type JsonString, type JsonValue, escapeJson, member, parseJsonWithPositions } from './json.js';

interface Piece {
  str: JsonString;
  /** Offset of the string's first character in the joined source. */
  base: number;
  /** The array holding the cell's lines, when the source is a list of strings. */
  array?: Extract<JsonValue, { type: 'array' }>;
  /** Whether this is the last string of its cell. */
  last: boolean;
}

export async function scanNotebook(text: string, path: string, options: ScanOptions): Promise<FileScan> {
  let doc: JsonValue;
  try {
    doc = parseJsonWithPositions(text);
  } catch (error) {
    throw new Error(`not a valid notebook (${invalidJsonAt(text, error as Error)}); left as is`);
  }
  const language = languageOf(doc);
  if (language && language !== 'python') return { findings: [], warnings: [] };
  const cells = member(doc, 'cells');
  if (cells?.type !== 'array') throw new Error('not a valid notebook (no "cells" list); left as is');

  const pieces: Piece[] = [];
  let joined = '';
  for (const cell of cells.items) {
    const type = member(cell, 'cell_type');
    if (type?.type !== 'string' || type.value !== 'code') continue;
    const source = member(cell, 'source');
    const strings = source?.type === 'string' ? [source] : source?.type === 'array' ? source.items.filter((s): s is JsonString => s.type === 'string') : [];
    if (strings.length === 0) continue;
    if (pieces.length) joined += '\n';
    let cellText = '';
    strings.forEach((str, i) => {
      pieces.push({ str, base: joined.length + cellText.length, array: source?.type === 'array' ? source : undefined, last: i === strings.length - 1 });
      cellText += str.value;
    });
    joined += maskMagics(cellText);
  }
  if (!pieces.length) return { findings: [], warnings: [] };

  let scan: FileScan;
  try {
    scan = await scanPython(joined, path, options);
  } catch (error) {
    const m = /at line (\d+)/.exec((error as Error).message);
    if (!m) throw error;
    throw new Error(`does not parse: Python syntax error in a code cell (notebook line ${rawLine(text, pieces, joined, Number(m[1]))})`);
  }
  const mapEdit = (e: Edit): Edit => mapToRaw(text, pieces, e);
  // `line N` in a reason or message names a line of the notebook file, as the diff shows it.
  const lines = (s: string) => s.replace(/\bline (\d+)/g, (_, n: string) => `line ${rawLine(text, pieces, joined, Number(n))}`);
  const findings: Finding[] = scan.findings.map((f) => ({
    ...f,
    line: rawLine(text, pieces, joined, f.line),
    why: f.why.map(lines),
    edits: f.edits.map(mapEdit),
    literal: f.literal && (() => {
      const m = mapEdit({ start: f.literal.start, end: f.literal.end, text: '' });
      return { start: m.start, end: m.end, quote: escapeJson(f.literal.quote), ...(f.literal.prefix ? { prefix: escapeJson(f.literal.prefix) } : {}) };
    })(),
  }));
  const warnings = scan.warnings.map((w) => ({ ...w, line: rawLine(text, pieces, joined, w.line), message: lines(w.message) }));
  const keyReads = scan.keyReads?.map((r) => {
    const m = mapEdit({ start: r.start, end: r.end, text: '' });
    return { ...r, line: rawLine(text, pieces, joined, r.line), start: m.start, end: m.end };
  });
  return keyReads ? { findings, warnings, keyReads } : { findings, warnings };
}

function languageOf(doc: JsonValue): string | undefined {
  const meta = member(doc, 'metadata');
  const info = member(member(meta, 'language_info'), 'name') ?? member(member(meta, 'kernelspec'), 'language');
  return info?.type === 'string' ? info.value.toLowerCase() : undefined;
}

// IPython lines (`%pip install`, `!ls`, `x = !cmd`, `obj?`) become comments of the same length,
// so the Python parser reads the rest and every offset stays where it was.
function maskMagics(cell: string): string {
  if (/^\s*%%/.test(cell)) return cell.replace(/^([ \t]*)\S/gm, '$1#');
  return cell.replace(/^([ \t]*)(\S)(?=[^\r\n]*$)/gm, (all, indent: string, first: string, offset: number) => {
    const line = cell.slice(offset, cell.indexOf('\n', offset) === -1 ? undefined : cell.indexOf('\n', offset));
    const magic = /^\s*[%!]/.test(line) || /^\s*[\w.]+\s*=\s*[%!]/.test(line) || /^\s*[\w.]+\?\??\s*$/.test(line);
    return magic ? indent + '#' : all;
  });
}

function pieceAt(pieces: Piece[], start: number, end: number): Piece | undefined {
  for (const p of pieces) {
    const len = p.str.value.length;
    if (start >= p.base && (start < p.base + len || (start === p.base + len && end === start && (p.last || len === 0)))) {
      return end <= p.base + len ? p : undefined;
    }
  }
  return undefined;
}

function mapToRaw(text: string, pieces: Piece[], e: Edit): Edit {
  const p = pieceAt(pieces, e.start, e.end);
  if (!p) throw new Error('internal error: an edit spans two lines of a notebook cell; the file was left as is');
  const s = e.start - p.base;
  const end = e.end - p.base;
  let out = '';
  // In a list of lines, a new line starts a new string, as Jupyter writes them.
  for (let i = 0; i < e.text.length; i++) {
    const c = e.text[i];
    out += escapeJson(c);
    const atEnd = i === e.text.length - 1 && end === p.str.value.length;
    if (c === '\n' && p.array && !atEnd) out += '"' + separator(text, p.array) + '"';
  }
  return { start: p.str.map[s], end: p.str.map[end], text: out };
}

// What separates two strings of a list in this file (`,\n    ` as Jupyter writes it).
function separator(text: string, array: Extract<JsonValue, { type: 'array' }>): string {
  const [a, b] = array.items;
  if (a && b) return text.slice(a.end, b.start);
  return ',' + (a ? text.slice(array.start + 1, a.start) : '');
}

/** The notebook line a line of the joined source is on. */
function rawLine(text: string, pieces: Piece[], joined: string, line: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = joined.indexOf('\n', offset) + 1;
  const p = pieces.find((q) => offset >= q.base && offset < q.base + q.str.value.length)
    ?? pieces.find((q) => offset >= q.base && offset <= q.base + q.str.value.length) ?? pieces[0];
  const raw = p.str.map[Math.min(offset - p.base, p.str.value.length)] ?? p.str.start;
  return text.slice(0, raw).split('\n').length;
}

// Where the JSON breaks, never what is there: JSON.parse's message can quote the text (a key).
function invalidJsonAt(text: string, error: Error): string {
  const at = /position (\d+)/.exec(error.message);
  if (!at) return 'invalid JSON';
  const pos = Number(at[1]);
  const line = text.slice(0, pos).split('\n').length;
  return `invalid JSON at line ${line}, column ${pos - text.lastIndexOf('\n', pos - 1)}`;
}
