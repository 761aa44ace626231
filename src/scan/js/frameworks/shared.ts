// What the framework scanners share: which library export an expression is (by its import,
// never by a variable's name), the core key and base-URL rules applied to a library's own
// option names, and `"openai:gpt-4o"`-style ids whose model part alone is migrated.
import { classifyOpenAIModel, isFluxId } from '../../../catalog/models.js';
import type { Finding } from '../../../model.js';
import { type JsContext, consumeStrings, findModel, lineOf, ownerOf, warn } from '../context.js';
import { migrateModelValue } from '../openaiSdk.js';
import { requestObject } from '../options.js';
import { exportName, findProperty, moduleRef, valueSources } from '../resolve.js';
import { type Node, type Scope, stringValue, unwrap } from '../scope.js';
import { lineIndent } from '../style.js';

/** The export of one of `modules` that `expr` is (`ChatOpenAI`, `openai`, ...), however it was imported. */
export function libraryExport(expr: Node | undefined, scope: Scope, modules: RegExp): string | undefined {
  const ref = moduleRef(expr, scope);
  if (!ref || !modules.test(ref.source)) return undefined;
  return exportName(ref);
}

/**
 * A model value where a literal may carry a provider prefix (`"openai:gpt-4o"`): only the id
 * after `openai:` is migrated; other prefixes name other providers and are left. Literals
 * without a prefix go through the core rules when `bare` says they reach OpenAI.
 */
export function migratePrefixedModel(ctx: JsContext, value: Node, scope: Scope, where: string, name: string, bare: boolean): void {
  const sources = valueSources(value, scope, ctx);
  if (!sources.literals.some((l) => PREFIX.test(stringValue(l)!))) {
    if (bare) migrateModelValue(ctx, value, scope, where, name);
    else sources.literals.forEach((l) => ctx.consumed.add(l));
    return;
  }
  for (const literal of sources.literals) {
    const id = stringValue(literal)!;
    const prefix = PREFIX.exec(id);
    if (!prefix) {
      if (bare) migrateModelValue(ctx, literal, scope, where, name);
      else ctx.consumed.add(literal);
      continue;
    }
    ctx.consumed.add(literal);
    if (prefix[1] !== 'openai') continue;
    migrateIdAt(ctx, literal, prefix[0].length, where, name);
  }
}

/**
 * The model id that starts `offset` characters into a string literal (after `openai:`, or a
 * registry's `<provider><separator>`): migrated when it is an OpenAI chat id, else warned.
 */
export function migrateIdAt(ctx: JsContext, literal: Node, offset: number, where: string, name: string): void {
  const id = stringValue(literal)!;
  const inner = id.slice(offset);
  ctx.consumed.add(literal);
  if (isFluxId(inner)) return;
  const model = classifyOpenAIModel(inner);
  if (model?.kind === 'chat') {
    if (offset === 0) findModel(ctx, literal, inner, where);
    else findInnerModel(ctx, literal, offset, inner, where);
  } else if (model?.kind === 'unsupported') warn(ctx, 'unsupported-endpoint', literal, `"${id}" is a ${model.endpoint} model, passed to ${name}: Flux does not serve it; left as is`);
  else warn(ctx, 'unknown-model', literal, `model "${id}" (${name}) is not an OpenAI model flux-migrate knows, so it was left as is: Flux will not serve it; choose a Flux model id by hand`);
}

/** `provider:` at the start of a model id (`openai:gpt-4o`), not a URL scheme. */
export const PREFIX = /^([\w.-]+):(?!\/)/;

// A model finding for the id inside a prefixed literal: the plan rewrites only that part.
function findInnerModel(from: JsContext, literal: Node, offset: number, id: string, why: string): void {
  const ctx = ownerOf(literal, from);
  const start = literal.start + 1 + offset;
  const existing = ctx.models.get(start);
  if (existing) {
    if (!existing.why.includes(why)) existing.why.push(why);
    return;
  }
  const finding: Finding = { kind: 'model', line: lineOf(literal), before: id, after: '', why: [why], edits: [], literal: { start, end: literal.end - 1, quote: '' } };
  ctx.models.set(start, finding);
  ctx.out.findings.push(finding);
}

/** The statement that holds `node` at the top of its block, with the text to end a new one. */
export function statementOf(node: Node): Node | undefined {
  let cur: Node | undefined = node;
  while (cur && cur.parent && cur.type !== 'ExpressionStatement' && cur.type !== 'VariableDeclaration') cur = cur.parent;
  return cur?.type === 'ExpressionStatement' || cur?.type === 'VariableDeclaration' ? cur : undefined;
}

/** Whether the file ends its statements with semicolons, judged from one of them. */
export function semicolon(ctx: JsContext, statement: Node | undefined): string {
  if (!statement) return ';';
  return ctx.text[statement.end - 1] === ';' ? ';' : '';
}

/** The property `model` or one of its old spellings, first found. */
export function modelProperty(obj: Node | undefined, names: string[] = ['model']): Node | undefined {
  if (!obj) return undefined;
  for (const n of names) {
    const p = findProperty(obj, n);
    if (p) return p;
  }
  return undefined;
}

/** Unwraps and, for a same-file constant, follows an identifier once. */
export function resolved(expr: Node | undefined, scope: Scope): Node | undefined {
  const node = unwrap(expr);
  if (node?.type !== 'Identifier') return node;
  const b = scope.lookup(node.name);
  return b && !b.path.length && (b.kind === 'const' || !b.assigned.length) ? unwrap(b.init) ?? node : node;
}

/** The indentation of the line a node starts on. */
export function lineIndentOf(ctx: JsContext, node: Node): string {
  return lineIndent(ctx.text, node.start);
}

/** Warns and returns true when options name an Azure OpenAI deployment (`azureOpenAIApiKey`, `azure: {...}`). */
export function azureOptions(ctx: JsContext, node: Node, arg: Node | undefined, scope: Scope, what: string): boolean {
  const obj = arg ? requestObject(arg, scope)?.obj : undefined;
  const azure = obj?.properties.find((p: Node) => p.type === 'ObjectProperty' && /^azure/i.test(p.key?.name ?? p.key?.value ?? ''));
  if (!azure) return false;
  warn(ctx, 'azure-client', azure, `${what} configured for Azure OpenAI left as is: move it to Flux by hand if you mean to`);
  consumeStrings(ctx, node);
  return true;
}
