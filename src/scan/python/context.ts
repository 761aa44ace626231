// What every Python analyzer of one file shares, and the helpers that turn what it sees into
// findings and warnings.
import type { Edit, EditKind, FileScan, Finding, ScanOptions, WarningCode } from '../../model.js';
import type { ModuleIndex } from './module.js';
import type { Node } from './parse.js';
import { lineOf, stringLiteral } from './tree.js';
import type { PyStyle } from './style.js';

export interface PyContext {
  text: string;
  index: ModuleIndex;
  style: PyStyle;
  options: ScanOptions;
  out: FileScan;
  /** String literals (by start offset) accounted for, so no hint is given for them. */
  consumed: Set<number>;
  /** Model findings by literal start, so a literal reached from several calls is edited once. */
  models: Map<number, Finding>;
  /** Set once the file needs `import os`, with the edit that adds it. */
  osImport?: Edit;
  /** A client in this file keeps reading OPENAI_API_KEY (left on OpenAI, or its key left as is). */
  keepsOpenAIKey: boolean;
  /** A client in this file was moved to the Flux key. */
  movedKey: boolean;
}

export function warn(ctx: PyContext, code: WarningCode, node: Node, message: string): void {
  const line = lineOf(node);
  if (ctx.out.warnings.some((w) => w.code === code && w.line === line && w.message === message)) return;
  ctx.out.warnings.push({ code, line, message });
}

export function find(ctx: PyContext, kind: EditKind, node: Node, before: string, after: string, edits: Edit[], why: string): Finding {
  const finding: Finding = { kind, line: lineOf(node), before, after, why: [why], edits };
  ctx.out.findings.push(finding);
  return finding;
}

/** Records a model literal to migrate (the plan picks its new value). */
export function findModel(ctx: PyContext, literal: Node, value: string, why: string): void {
  ctx.consumed.add(literal.startIndex);
  const existing = ctx.models.get(literal.startIndex);
  if (existing) {
    if (!existing.why.includes(why)) existing.why.push(why);
    return;
  }
  const finding: Finding = { kind: 'model', line: lineOf(literal), before: value, after: '', why: [why], edits: [], literal: stringLiteral(literal) };
  ctx.models.set(literal.startIndex, finding);
  ctx.out.findings.push(finding);
}

/** Marks every string literal under a node as accounted for. */
export function consumeStrings(ctx: PyContext, node: Node | null | undefined): void {
  if (!node) return;
  for (const s of ctx.index.strings) if (s.startIndex >= node.startIndex && s.endIndex <= node.endIndex) ctx.consumed.add(s.startIndex);
}
