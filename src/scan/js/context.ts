// What every JS analyzer of one file shares, and the helpers that turn what it sees into
// findings and warnings.
import type { FileScan, Finding, ScanOptions, Warning, WarningCode, Edit, EditKind } from '../../model.js';
import type { Client } from './clients.js';
import type { JsProject } from './project.js';
import { type FileIndex, type Node, type Scope, descendants } from './scope.js';
import type { Style } from './style.js';

export interface JsContext {
  text: string;
  path: string;
  index: FileIndex;
  style: Style;
  options: ScanOptions;
  out: FileScan;
  /** String literals already accounted for (migrated, or deliberately left), so no hint is given for them. */
  consumed: Set<Node>;
  /** Model findings by literal start, so a literal reached from several calls is edited once. */
  models: Map<number, Finding>;
  /** How this file reads the Flux key: `process.env.FLUX_API_KEY`, or `Deno.env.get("FLUX_API_KEY")` in Deno code. */
  keyExpr: string;
  /** OpenAI clients constructed in this file, by their `new` expression. */
  clients: Map<Node, Client>;
  /** The other files of the run, for values imported from them. */
  project?: JsProject;
  /** Spans that forward the key by name and follow the key plan (src/scan/js/dataNames.ts): reads there are not readers. */
  forwards?: { start: number; end: number }[];
}

/** The module a scope belongs to. */
export function moduleOf(scope: Scope): JsContext {
  return scope.root().module as JsContext;
}

/** The module a node was parsed from (findings and warnings land there), or the fallback. */
export function ownerOf(node: Node): JsContext | undefined;
export function ownerOf(node: Node, fallback: JsContext): JsContext;
export function ownerOf(node: Node, fallback?: JsContext): JsContext | undefined {
  let cur: Node | undefined = node;
  while (cur?.parent) cur = cur.parent;
  return (cur?.type === 'Program' ? (cur.module as JsContext | undefined) : undefined) ?? fallback;
}

export function lineOf(node: Node): number {
  return node.loc.start.line;
}

export function warn(from: JsContext, code: WarningCode, node: Node, message: string): void {
  const ctx = ownerOf(node, from);
  const line = lineOf(node);
  if (ctx.out.warnings.some((w) => w.code === code && w.line === line && w.message === message)) return;
  ctx.out.warnings.push({ code, line, message } satisfies Warning);
}

export function find(from: JsContext, kind: EditKind, node: Node, before: string, after: string, edits: Edit[], why: string): Finding {
  const ctx = ownerOf(node, from);
  // The same value reached twice (a shared headers constant, say) is changed once.
  const same = edits.length > 0 && ctx.out.findings.find((f) => f.kind === kind && f.edits.length === edits.length && f.edits.every((e, i) => e.start === edits[i].start && e.end === edits[i].end));
  if (same) {
    if (!same.why.includes(why)) same.why.push(why);
    return same;
  }
  const finding: Finding = { kind, line: lineOf(node), before, after, why: [why], edits };
  ctx.out.findings.push(finding);
  return finding;
}

// `vi.mock(...)`, `jest.mock(...)`: a test file that stands mocks in for modules.
const MOCKS = /\b(vi|jest)\.(mock|doMock)\(/;

/** Records a model literal to migrate (the plan picks its new value). */
export function findModel(from: JsContext, literal: Node, value: string, why: string): void {
  const ctx = ownerOf(literal, from);
  ctx.consumed.add(literal);
  // A test that mocks modules (`vi.mock`, `jest.mock`) and passes an id into code of another module:
  // the id may never reach a client (the mock stands in), and code under test may compare it.
  if (ctx !== from && MOCKS.test(ctx.text)) {
    warn(ctx, 'model-hint', literal, `"${value}" is passed from this test into code that reaches an OpenAI client (${why}), but the test mocks modules, so it was left as is: if the call is real, use a Flux model id here`);
    return;
  }
  const existing = ctx.models.get(literal.start);
  if (existing) {
    if (!existing.why.includes(why)) existing.why.push(why);
    return;
  }
  const quote = ctx.text[literal.start];
  const finding: Finding = {
    kind: 'model', line: lineOf(literal), before: value, after: '', why: [why], edits: [],
    literal: { start: literal.start, end: literal.end, quote },
  };
  ctx.models.set(literal.start, finding);
  ctx.out.findings.push(finding);
}

/**
 * Every literal under a node in a key position (`apiKey: x || "..."`, `"a" + "b"`, a header):
 * masked in every output, whatever its shape (FileScan.secrets).
 */
export function noteSecrets(from: JsContext, node: Node | undefined): void {
  if (!node) return;
  const ctx = ownerOf(node, from);
  for (const n of descendants(node)) {
    const value = n.type === 'StringLiteral' ? n.value : n.type === 'TemplateElement' ? n.value.cooked : undefined;
    if (value) (ctx.out.secrets ??= []).push(value);
  }
}

/** Marks every string literal under a node as accounted for. */
export function consumeStrings(from: JsContext, node: Node | undefined): void {
  if (!node) return;
  const ctx = ownerOf(node, from);
  for (const s of ctx.index.strings) if (s.node.start >= node.start && s.node.end <= node.end) ctx.consumed.add(s.node);
}
