// Fenced code blocks, migrated by the scanner of their language (languages.ts), the way notebook
// cells are by the Python scanner. A code block is scanned after the earlier blocks of its
// language in the same file (a README's client is often made in one block and called in the
// next); only what falls inside the block itself is kept. A block that does not parse (partial
// code, `...`) is left alone without a word: it is documentation, not a file of the run.
import { dirname, extname, join } from 'node:path';
import type { Edit, Finding, ScanOptions, Warning } from '../../model.js';
import type { Scanner } from '../index.js';
import { type BlockText, blockText, fileOffset, mapEdit } from './map.js';
import { blockFileName, sessionCommands } from './languages.js';
import type { BlockLine, Fence } from './parse.js';

export type ScannerLookup = (path: string) => Pick<Scanner, 'name' | 'scan' | 'mayMatter' | 'followsKeyPlan'> | undefined;

export interface BlockResults {
  findings: Finding[];
  warnings: Warning[];
  /** The blocks a scanner read (their text is its business, not the Markdown scanner's). */
  scanned: Fence[];
}

// At most this much earlier code is read before a block.
const MAX_CONTEXT = 64_000;

export async function scanBlocks(doc: string, path: string, fences: Fence[], scannerFor: ScannerLookup, options: ScanOptions, lineOf: (offset: number) => number): Promise<BlockResults> {
  const out: BlockResults = { findings: [], warnings: [], scanned: [] };
  const earlier = new Map<string, BlockLine[][]>();
  for (const fence of fences) {
    const own = blockText(doc, fence.lines);
    const name = blockFileName(fence.lang, own.text);
    const virtual = name && (name.startsWith('snippet.') ? path + extname(name) : join(dirname(path), name));
    const scanner = virtual ? scannerFor(virtual) : undefined;
    if (!scanner || !virtual || scanner.name === 'markdown') continue;
    out.scanned.push(fence);
    if (!scanner.mayMatter(own.text)) {
      remember(earlier, name!, fence);
      continue;
    }
    if (fence.tabbed) {
      out.warnings.push({ code: 'skipped-file', line: lineOf(fence.start), message: 'a code block whose tabs are split between its indentation and its code: left as is (its columns cannot be told apart); migrate it by hand' });
      continue;
    }
    const before = scanner.followsKeyPlan ? [] : context(earlier.get(name!) ?? []);
    const scanned = await scanWithContext(scanner, doc, before, fence.lines, virtual, options, (text) => sessionCommands(fence.lang, text));
    if (!scanned) continue; // does not parse: documentation, left alone
    remember(earlier, name!, fence);
    const { block, first, result } = scanned;
    keep(out, doc, block, first, result, !scanner.followsKeyPlan, virtual, path, lineOf);
  }
  return out;
}

function remember(earlier: Map<string, BlockLine[][]>, name: string, fence: Fence): void {
  earlier.set(name, [...(earlier.get(name) ?? []), fence.lines]);
}

// The latest earlier blocks, up to MAX_CONTEXT characters.
function context(blocks: BlockLine[][]): BlockLine[] {
  const out: BlockLine[][] = [];
  let size = 0;
  for (let i = blocks.length - 1; i >= 0; i--) {
    size += blocks[i].reduce((n, l) => n + l.end - l.start + 1, 0);
    if (size > MAX_CONTEXT) break;
    out.unshift(blocks[i]);
  }
  return out.flat();
}

async function scanWithContext(scanner: NonNullable<ReturnType<ScannerLookup>>, doc: string, before: BlockLine[], lines: BlockLine[], virtual: string, options: ScanOptions, commands: (text: string) => string) {
  for (const prefix of before.length ? [before, []] : [[]]) {
    const block = blockText(doc, [...prefix, ...lines]);
    try {
      return { block, first: prefix.length, result: await scanner.scan(commands(block.text), virtual, options) };
    } catch {
      // With the earlier blocks it may not parse (a name declared twice): alone, then.
    }
  }
  return undefined;
}

function keep(out: BlockResults, doc: string, block: BlockText, first: number, result: Awaited<ReturnType<Scanner['scan']>>, code: boolean, virtual: string, path: string, lineOf: (offset: number) => number): void {
  const from = block.starts[first];
  const to = block.text.length;
  const fileLine = (line: number) => lineOf(block.lines[Math.min(Math.max(line - 1, 0), block.lines.length - 1)].start);
  const inside = (line: number) => line - 1 >= first;
  // `line N` and `<snippet>:N` in messages name lines of the Markdown file.
  const name = new RegExp(`${escape(virtual.split(/[\\/]/).pop()!)}:(\\d+)`, 'g');
  const real = path.split(/[\\/]/).pop()!;
  // A block is not a file: "this file was left as is" means the block.
  const lines = (s: string) => s.replace(/\bline (\d+)/g, (_, n: string) => `line ${fileLine(Number(n))}`).replace(name, (_, n: string) => `${real}:${fileLine(Number(n))}`).replace(/\bthis file\b/g, 'this code block');
  // An import the scanner adds (`import os`) is kept apart: it belongs to the finding that needs
  // it, which may sit in an earlier block, and goes where this block's kept edits need it.
  const imports = result.findings.flatMap((f) => f.edits.filter(isImport));
  let needed = imports.length > 0;
  for (const f of result.findings) {
    const own = f.edits.filter((e) => !isImport(e));
    if (own.some((e) => e.start < from || e.end > to) || (f.literal && (f.literal.start < from || f.literal.end > to))) continue;
    if (!own.length && !f.literal) continue;
    const added = needed && own.some((e) => imports.some((i) => usesImport(e.text, i.text))) ? imports.map((i) => (i.start < from ? { ...i, start: from, end: from } : i)) : [];
    if (added.length) needed = false;
    const at = f.literal?.start ?? own[0].start;
    const mapped: Finding = {
      ...f,
      line: lineOf(fileOffset(block, at)),
      why: f.why.map(lines),
      edits: [...own, ...added].map((e) => mapEdit(doc, block, e)),
      beside: f.beside?.map((e) => mapEdit(doc, block, e)),
      literal: f.literal && { start: fileOffset(block, f.literal.start), end: fileOffset(block, f.literal.end), quote: f.literal.quote },
    };
    if (code && f.kind !== 'env') mapped.snippet = true;
    out.findings.push(mapped);
  }
  for (const w of result.warnings) {
    if (!inside(w.line)) continue;
    const warning = { ...w, line: fileLine(w.line), message: lines(w.message) };
    if (!out.warnings.some((x) => x.code === warning.code && x.line === warning.line && x.message === warning.message)) out.warnings.push(warning);
  }
}

// An insertion of an import statement (`import os` added by the Python scanner).
function isImport(e: Edit): boolean {
  return e.start === e.end && /^(?:import|from) [\w.]+/.test(e.text.trimStart());
}

// Whether code uses what an import statement brings in (`os.environ[...]` after `import os`).
function usesImport(code: string, statement: string): boolean {
  const names = /^\s*import ([\w.]+)/.exec(statement)?.[1].split('.').slice(0, 1) ?? /\bimport (.+)$/m.exec(statement)?.[1].split(',').map((n) => n.trim().split(/\s+as\s+/).pop()!) ?? [];
  return names.some((n) => new RegExp(`\\b${n}\\b`).test(code));
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

