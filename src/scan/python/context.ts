// What every Python analyzer of one file shares, and the helpers that turn what it sees into
// findings and warnings.
import type { Edit, EditKind, FileScan, Finding, ScanOptions, WarningCode } from '../../model.js';
import type { ModuleIndex } from './module.js';
import type { Node } from './parse.js';
import type { PyProject } from './project.js';
import type { Client, UntracedCall } from './clients.js';
import { lineOf, stringLiteral } from './tree.js';
import type { PyStyle } from './style.js';

export interface PyContext {
  text: string;
  path: string;
  /** The run's Python modules, when files are scanned together (values are followed across them). */
  project?: PyProject;
  index: ModuleIndex;
  style: PyStyle;
  options: ScanOptions;
  out: FileScan;
  /** String literals (by start offset) accounted for, so no hint is given for them. */
  consumed: Set<number>;
  /** The clients built in this module, by call node (src/scan/python/clients.ts). */
  clients?: Map<number, Client>;
  /** SDK calls here that could not be traced to a client. */
  untraced?: UntracedCall[];
  /** Model findings by literal start, so a literal reached from several calls is edited once. */
  models: Map<number, Finding>;
  /** Set once the file needs `import os`, with the edit that adds it. */
  osImport?: Edit;
  /** A client in this file keeps reading OPENAI_API_KEY (left on OpenAI, or its key left as is). */
  keepsOpenAIKey: boolean;
  /** A client in this file was moved to the Flux key. */
  movedKey: boolean;
}

/** The module a node belongs to: values followed across modules are reported where they are. */
export function ownerOf(ctx: PyContext, node: Node): PyContext {
  return ctx.project?.owner(node) ?? ctx;
}

export function warn(at: PyContext, code: WarningCode, node: Node, message: string): void {
  const ctx = ownerOf(at, node);
  const line = lineOf(node);
  if (ctx.out.warnings.some((w) => w.code === code && w.line === line && w.message === message)) return;
  ctx.out.warnings.push({ code, line, message });
}

export function find(at: PyContext, kind: EditKind, node: Node, before: string, after: string, edits: Edit[], why: string): Finding {
  const ctx = ownerOf(at, node);
  const finding: Finding = { kind, line: lineOf(node), before, after, why: [why], edits };
  ctx.out.findings.push(finding);
  return finding;
}

/** Records a model literal to migrate (the plan picks its new value). */
export function findModel(at: PyContext, literal: Node, value: string, why: string): void {
  const ctx = ownerOf(at, literal);
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

/** Marks a string literal as accounted for, in the module it is in. */
export function consume(ctx: PyContext, literal: Node): void {
  ownerOf(ctx, literal).consumed.add(literal.startIndex);
}

/**
 * Every string content under a node in a key position (`api_key=os.environ.get("X", "...")`,
 * `"a" + "b"`): masked in every output, whatever its shape (FileScan.secrets).
 */
export function noteSecrets(at: PyContext, node: Node | null | undefined): void {
  if (!node) return;
  const ctx = ownerOf(at, node);
  for (const s of ctx.index.strings) {
    if (s.startIndex < node.startIndex || s.endIndex > node.endIndex) continue;
    for (const c of s.namedChildren) if (c?.type === 'string_content') (ctx.out.secrets ??= []).push(c.text);
  }
}

/** Marks every string literal under a node as accounted for. */
export function consumeStrings(at: PyContext, node: Node | null | undefined): void {
  if (!node) return;
  const ctx = ownerOf(at, node);
  for (const s of ctx.index.strings) if (s.startIndex >= node.startIndex && s.endIndex <= node.endIndex) ctx.consumed.add(s.startIndex);
}
