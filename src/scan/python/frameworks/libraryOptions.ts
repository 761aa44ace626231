// The three rules every library shares with the `openai` SDK, for the options of a call (keyword
// arguments, or the dict splatted into it) or of a dict (LiteLLM's `litellm_params`): the base URL
// (an OpenAI one replaced, a missing one added, another provider's left with `other-provider`), the
// key (env reads renamed, a literal replaced with `hardcoded-key`, a missing one added), and any
// other options the library needs to reach an OpenAI-compatible server.
import { classifyUrl, hostOf } from '../../../catalog/urls.js';
import type { Edit, Finding } from '../../../model.js';
import { type PyContext, consumeStrings, find, ownerOf, warn } from '../context.js';
import { keyExpr } from '../osenv.js';
import { envReadsOf, migrateKey } from '../openaiSdk.js';
import type { Node } from '../parse.js';
import { addItems, quoted } from '../style.js';
import { describe, keywordArg, lineOf, named, stringLiteral, stringValue } from '../tree.js';
import { dictItem, dictOf, dictSpread, valueSources } from '../values.js';

export interface Options {
  /** Where added options go: a call's argument list, or a dict. */
  target: Node;
  form: 'pair' | 'kw';
  get(names: string[]): { item: Node; value: Node } | undefined;
}

/** The options of a call: its keyword arguments, and the one dict it splats (`**kwargs`) when visible. */
export function callOptions(ctx: PyContext, call: Node): Options | { unresolved: Node } {
  const args = call.childForFieldName('arguments')!;
  const splats = named(args).filter((a) => a.type === 'dictionary_splat');
  const own = (names: string[]) => {
    const kw = keywordArg(args, names);
    return kw && { item: kw, value: kw.childForFieldName('value')! };
  };
  if (splats.length === 0) return { target: args, form: 'kw', get: own };
  const dict = splats.length === 1 ? dictOf(ctx, named(splats[0])[0]) : undefined;
  if (!dict || dictSpread(dict)) return { unresolved: splats[0] };
  return { target: dict, form: dict.type === 'dictionary' ? 'pair' : 'kw', get: (names) => own(names) ?? names.map((n) => dictItem(dict, n)).find(Boolean) };
}

/** The options of a dict literal (`{"model": ..., "api_base": ...}` or `dict(model=...)`'s arguments). */
export function dictOptions(dict: Node): Options | { unresolved: Node } {
  const spread = dictSpread(dict);
  if (spread) return { unresolved: spread };
  return { target: dict, form: dict.type === 'dictionary' ? 'pair' : 'kw', get: (names) => names.map((n) => dictItem(dict, n)).find(Boolean) };
}

export interface Configure {
  /** What the options configure, in messages (`LiteLLM completion`, `OpenAILike`). */
  what: string;
  /** Where warnings about the whole thing go. */
  node: Node;
  options: Options;
  bases: string[];
  keys: string[];
  addBase: string;
  addKey: string;
  /** Options to add when absent: `[name, value]`. */
  extra?: [string, string][];
  /** Edits that go with the move (a model prefix, a renamed class, imports), reported with the first finding. */
  edits?: Edit[];
  why: string;
}

export type BaseDecision = { move: true; literal?: Node } | { move: false };

/** Where the options' base URL points: OpenAI's or Flux's (move), or anything else (left, warned). */
export function decideBase(ctx: PyContext, c: Pick<Configure, 'what' | 'options' | 'bases' | 'keys'>, quiet = false): BaseDecision {
  const baseItem = c.options.get(c.bases);
  if (!baseItem) return { move: true };
  const sources = valueSources(ctx, baseItem.value);
  const url = sources.literals.length === 1 && !sources.unresolved ? stringValue(sources.literals[0]) : undefined;
  const kind = url === undefined ? undefined : classifyUrl(url, ctx.options.baseUrl);
  if (kind === 'openai') return { move: true, literal: sources.literals[0] };
  if (kind === 'flux') return { move: true };
  const keyItem = c.options.get(c.keys);
  if (!keyItem || envReadsOf(ctx, keyItem.value).some((r) => r.name === 'OPENAI_API_KEY')) ctx.keepsOpenAIKey = true;
  if (quiet) return { move: false };
  if (kind === 'azure') warn(ctx, 'azure-client', baseItem.item, `${c.what} pointed at Azure OpenAI left as is: move it to Flux by hand if you mean to`);
  else if (url === undefined) warn(ctx, 'other-provider', baseItem.item, `${c.what} left as is: its base URL comes from ${sources.unresolved ?? `\`${describe(baseItem.value)}\``}, which may point at another provider; if it is OpenAI, set it to ${ctx.options.baseUrl}`);
  else warn(ctx, 'other-provider', baseItem.item, `${c.what} left as is: its base URL points at ${hostOf(url)}, another provider`);
  return { move: false };
}

/**
 * Moves the options to Flux: key and base URL by the shared rules, the extra options added.
 * Returns false (having warned and left everything) when the base URL is not OpenAI's.
 */
export function configure(ctx: PyContext, c: Configure): boolean {
  const base = decideBase(ctx, c);
  if (!base.move) {
    consumeStrings(ctx, c.node);
    return false;
  }
  const { options } = c;
  const added: { kind: 'api-key' | 'base-url'; item: string; before: string; after: string }[] = [];
  const item = (key: string, value: string) => (options.form === 'pair' ? `${quoted(key, ctx.style.quote)}: ${value}` : `${key}=${value}`);
  const keyItem = options.get(c.keys);
  if (!keyItem) {
    const expr = keyExpr(ctx, c.node);
    ctx.movedKey = true;
    added.push({ kind: 'api-key', item: item(c.addKey, expr), before: '(default: OPENAI_API_KEY)', after: expr });
  } else {
    migrateKey(ctx, keyItem.item, keyItem.value, c.why);
  }
  let pending = [...(c.edits ?? [])];
  const take = () => {
    const e = pending;
    pending = [];
    return e;
  };
  if (base.literal) {
    const lit = stringLiteral(base.literal);
    find(ctx, 'base-url', base.literal, stringValue(base.literal)!, ctx.options.baseUrl, [{ start: lit.start, end: lit.end, text: quoted(ctx.options.baseUrl, lit.quote) }, ...take()], c.why);
  } else if (!options.get(c.bases)) {
    added.push({ kind: 'base-url', item: item(c.addBase, quoted(ctx.options.baseUrl, ctx.style.quote)), before: '(default: https://api.openai.com/v1)', after: ctx.options.baseUrl });
  }
  const extras = (c.extra ?? []).filter(([name]) => !options.get([name]));
  const items = [...added.map((a) => a.item), ...extras.map(([name, value]) => item(name, value))];
  if (items.length) {
    const edits = addItems(ctx.text, options.target, items, ctx.style);
    // Extra options go with the last finding (the base URL when it is added), so they are added after it.
    const extraEdits = edits.slice(added.length).flat();
    const last = added.length - 1;
    if (added.length) added.forEach((a, i) => find(ctx, a.kind, options.target, a.before, a.after, [...edits[i], ...(i === last ? [...extraEdits, ...take()] : [])], c.why));
    else pending.push(...extraEdits);
  }
  if (pending.length) find(ctx, 'base-url', c.node, `${c.what} (OpenAI)`, `${c.what} on ${ctx.options.baseUrl}`, take(), c.why);
  consumeStrings(ctx, c.node);
  return true;
}


/**
 * A model finding for the id inside a string literal, from `offset` on (`"openai/gpt-4o"`: the plan
 * rewrites only `gpt-4o`), so edits around it (a prefix added before it) never overlap it.
 */
export function findModelIn(at: PyContext, literal: Node, offset: number, id: string, why: string): void {
  const ctx = ownerOf(at, literal);
  ctx.consumed.add(literal.startIndex);
  const lit = stringLiteral(literal);
  const start = lit.start + lit.quote.length + offset;
  const existing = ctx.models.get(start) ?? ctx.models.get(literal.startIndex);
  if (existing) {
    if (!existing.why.includes(why)) existing.why.push(why);
    return;
  }
  const finding: Finding = { kind: 'model', line: lineOf(literal), before: id, after: '', why: [why], edits: [], literal: { start, end: lit.end - lit.quote.length, quote: '' } };
  ctx.models.set(start, finding);
  ctx.out.findings.push(finding);
}

/** Where the text of a string literal starts (after its prefix and opening quote). */
export function contentStart(literal: Node): number {
  const lit = stringLiteral(literal);
  return lit.start + lit.quote.length;
}
