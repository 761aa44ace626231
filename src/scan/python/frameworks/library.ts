// What the Python library analyzers share: a call's arguments and options, and LiteLLM-style model ids (`"openai/gpt-4o"`), where the
// provider prefix says who serves the model and only the id after it is migrated.
import { classifyOpenAIModel, isFluxId } from '../../../catalog/models.js';
import type { Edit } from '../../../model.js';
import { type PyContext, consume, find, findModel, ownerOf, warn } from '../context.js';
import { sourcesMessage } from '../../modelValues.js';
import type { Node } from '../parse.js';
import { lineAfter, lineIndent, quoted } from '../style.js';
import { clientOptions } from '../openaiSdk.js';
import { describe, keywordArg, named, stringValue, unwrap } from '../tree.js';
import { valueSources } from '../values.js';
import { findModelIn } from './libraryOptions.js';

/** A call's argument: the keyword, or the positional one at `position`. */
export function argument(call: Node, keyword: string, position?: number): Node | undefined {
  const args = call.childForFieldName('arguments');
  const kw = keywordArg(args, [keyword]);
  if (kw) return kw.childForFieldName('value') ?? undefined;
  if (position === undefined || !args) return undefined;
  const positional = named(args).filter((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat');
  return positional[position];
}

/**
 * A constructor's option: its keyword, its positional argument, or the entry of the dict it is
 * splatted from (`LLM(**kwargs)`); `unseen` names a splat flux-migrate cannot see into.
 */
export function option(ctx: PyContext, call: Node, keyword: string, position?: number): { value?: Node; unseen?: string } {
  const value = argument(call, keyword, position);
  if (value) return { value };
  const splat = named(call.childForFieldName('arguments')!).find((a) => a.type === 'dictionary_splat');
  if (!splat) return {};
  const options = clientOptions(ctx, call);
  if ('unresolved' in options) return { unseen: `\`${describe(options.unresolved)}\`, which flux-migrate cannot see` };
  return { value: options.get([keyword])?.value };
}

export type Provider = 'openai' | 'azure' | 'other';

const PREFIX = /^([\w.-]+)\//;

/** Who serves a LiteLLM-style id: its prefix, else the id itself (LiteLLM infers OpenAI from OpenAI ids). */
export function providerOf(id: string): Provider {
  const prefix = PREFIX.exec(id)?.[1];
  if (prefix === 'openai') return 'openai';
  if (prefix === 'azure' || prefix === 'azure_ai') return 'azure';
  if (prefix) return 'other';
  return isFluxId(id) || classifyOpenAIModel(id) ? 'openai' : 'other';
}

/** `"openai/" + MODEL`: the prefix written at the call for a model held elsewhere, and what it is added to. */
function prefixedValue(value: Node | undefined): Node | undefined {
  const v = unwrap(value);
  if (v?.type !== 'binary_operator' || v.child(1)?.type !== '+' || stringValue(v.childForFieldName('left')) !== 'openai/') return undefined;
  return v.childForFieldName('right') ?? undefined;
}

/** The providers a model value can reach, or undefined when it cannot be seen. */
export function modelProviders(ctx: PyContext, value: Node | undefined, missing = 'no model argument'): { providers: Set<Provider>; literals: Node[]; unresolved?: string } {
  if (!value) return { providers: new Set(), literals: [], unresolved: missing };
  const inner = prefixedValue(value);
  const sources = valueSources(ctx, inner ?? value);
  const providers = new Set(inner ? ['openai' as const] : sources.literals.map((l) => providerOf(stringValue(l)!)));
  return { providers, literals: sources.literals, unresolved: sources.literals.length ? undefined : sources.unresolved };
}

/**
 * Migrates a LiteLLM-style model value that reaches OpenAI: `"openai/gpt-4o"` has its id
 * migrated after the prefix. LiteLLM needs the `openai/` prefix to send an id it does not know to
 * an OpenAI-compatible base URL: a bare OpenAI id written in the call gets it in the literal; one
 * held elsewhere (a constant other code may send as is) gets it at the call (`"openai/" + MODEL`).
 */
export function migrateProviderModel(ctx: PyContext, value: Node, where: string, name: string): void {
  const atCall = prefixedValue(value);
  const sources = valueSources(ctx, atCall ?? value);
  const direct = !atCall && stringValue(value) !== undefined;
  let wrap = false;
  for (const literal of sources.literals) {
    consume(ctx, literal);
    const id = stringValue(literal)!;
    const prefix = atCall ? '' : PREFIX.exec(id)?.[0] ?? '';
    const inner = id.slice(prefix.length);
    if (prefix && prefix !== 'openai/') continue;
    if (isFluxId(inner)) continue;
    const model = classifyOpenAIModel(inner);
    if (model?.kind === 'chat') {
      if (prefix) findModelIn(ctx, literal, prefix.length, inner, where);
      else findModel(ctx, literal, inner, where);
      if (!prefix && direct) prefixed(ctx, literal);
      if (!prefix && !direct && !atCall) wrap = true;
    } else if (model?.kind === 'unsupported') {
      warn(ctx, 'unsupported-endpoint', literal, `"${id}" is a ${model.endpoint} model, passed to ${name}: Flux does not serve it; left as is`);
    } else {
      warn(ctx, 'unknown-model', literal, `model "${id}" (${name}) is not an OpenAI model flux-migrate knows, so it was left as is: Flux will not serve it; choose a Flux model id by hand`);
    }
  }
  if (wrap) {
    const v = unwrap(value)!;
    const before = quoted('openai/', ctx.style.quote) + ' + ';
    find(ctx, 'base-url', v, `${v.text} (a bare id: LiteLLM infers its provider)`, `${before}${v.text}`, [{ start: v.startIndex, end: v.startIndex, text: before }], where);
  }
  const message = sourcesMessage(name, sources.literals.length, sources.unresolved, sources.overriddenBy);
  if (message) warn(ctx, 'unresolved-model', value, message);
}

// A bare id gets `openai/` before its Flux id.
function prefixed(at: PyContext, literal: Node): void {
  const finding = ownerOf(at, literal).models.get(literal.startIndex);
  if (finding?.literal) finding.literal.prefix = 'openai/';
}

const addedImports = new WeakMap<PyContext, Map<string, string>>();

/**
 * The local name of `name` from `module` where code is added at `at`, and the edit that imports it
 * when the file does not yet (once per file): `Agent` imported from crewai gets `, LLM` beside it.
 */
export function importedAs(ctx: PyContext, module: string, name: string, family: RegExp): { local: string; edit?: Edit } {
  for (const [local, imports] of ctx.index.imports) {
    if (imports.some((i) => i.name === name && family.test(i.module) && i.node.parent?.type === 'module')) return { local };
    if (imports.some((i) => !i.name && i.module === module && i.node.parent?.type === 'module')) return { local: `${local}.${name}` };
  }
  const done = addedImports.get(ctx) ?? new Map<string, string>();
  addedImports.set(ctx, done);
  const key = `${module}:${name}`;
  if (done.has(key)) return { local: name };
  done.set(key, name);
  const statements = named(ctx.index.root).filter((s) => s.type === 'import_from_statement' && s.childForFieldName('module_name')?.text === module);
  const stmt = statements[0];
  if (stmt?.children.some((c) => c?.type === 'wildcard_import')) return { local: name };
  const names = stmt?.childrenForFieldName('name').filter((c): c is Node => c !== null) ?? [];
  const last = names[names.length - 1];
  if (stmt && last) {
    const close = stmt.lastChild?.type === ')' ? stmt.lastChild : undefined;
    const between = ctx.text.slice(last.endIndex, close ? close.startIndex : last.endIndex);
    if (close && ctx.text.slice(stmt.startIndex, close.startIndex).includes('\n') && /^[ \t]*$/.test(ctx.text.slice(ctx.text.lastIndexOf('\n', last.startIndex - 1) + 1, last.startIndex))) {
      const indent = lineIndent(ctx.text, last.startIndex);
      const comma = /^[ \t]*,/.exec(between);
      if (comma) return { local: name, edit: { start: last.endIndex + comma[0].length, end: last.endIndex + comma[0].length, text: `${ctx.style.eol}${indent}${name},` } };
      return { local: name, edit: { start: last.endIndex, end: last.endIndex, text: `,${ctx.style.eol}${indent}${name}` } };
    }
    return { local: name, edit: { start: last.endIndex, end: last.endIndex, text: `, ${name}` } };
  }
  // A new line after the last module-level import of the library's family (or of anything).
  const imports = named(ctx.index.root).filter((s) => s.type === 'import_statement' || s.type === 'import_from_statement');
  const anchor = imports.filter((s) => family.test(s.childForFieldName('module_name')?.text ?? named(s)[0]?.text ?? '')).pop() ?? imports.pop();
  const line = `from ${module} import ${name}`;
  if (anchor) return { local: name, edit: lineAfter(ctx.text, anchor, line, ctx.style) };
  return { local: name, edit: { start: 0, end: 0, text: `${line}${ctx.style.eol}` } };
}
