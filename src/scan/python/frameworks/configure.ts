// The option rules a Python library that builds its own OpenAI client gets, the same as the
// `openai` SDK's (src/scan/python/openaiSdk.ts), under the library's own option names: the base
// URL decides first (an OpenAI URL is replaced, Azure's or another provider's leaves the whole
// thing as is), then the key (an env read renamed, a literal replaced by the env read, added when
// absent), and what is missing is added in the call's own layout.
import { classifyUrl } from '../../../catalog/urls.js';
import { type PyContext, consumeStrings, find, warn } from '../context.js';
import { hostOf } from '../../../catalog/urls.js';
import { type Options, clientOptions, envReadsOf, migrateKey } from '../openaiSdk.js';
import { keyExpr } from '../osenv.js';
import type { Node } from '../parse.js';
import { addItems, quoted } from '../style.js';
import { describe, lineOf, stringLiteral, stringValue } from '../tree.js';
import { valueSources } from '../values.js';

export interface LibraryOptions {
  /** What the user reads in messages: `the DSPy LM`. */
  what: string;
  /** The constructor call. */
  node: Node;
  bases: string[];
  addBase: string;
  keys: string[];
  addKey: string;
  /** The key expression added when there is none (default: the env read of the Flux key). */
  keyValue?: () => string;
  /** The rule for a key option the library spells its own way (default: the SDK's). */
  migrateKey?: (item: Node, value: Node, why: string) => void;
  /** Whether a key option reads OPENAI_API_KEY (default: an env read of it). */
  readsOpenAIKey?: (value: Node) => boolean;
}

/**
 * Points a library's client at Flux. Returns its options (to read the model from), or undefined
 * when it is left as is (another provider, Azure, options it cannot see), with the warning said.
 */
export function configureLibrary(ctx: PyContext, o: LibraryOptions): Options | undefined {
  const options = clientOptions(ctx, o.node);
  if ('unresolved' in options) {
    ctx.keepsOpenAIKey = true;
    warn(ctx, 'unresolved-client', o.node, `${o.what} takes its options from \`${describe(options.unresolved)}\`, which flux-migrate cannot see: set ${o.addBase} to ${ctx.options.baseUrl} and ${o.addKey} to ${ctx.options.keyEnv} there by hand`);
    consumeStrings(ctx, o.node);
    return undefined;
  }
  const keyItem = options.get(o.keys);
  const readsOld = (value: Node) => (o.readsOpenAIKey ?? ((v: Node) => envReadsOf(ctx, v).some((r) => r.name === 'OPENAI_API_KEY')))(value);
  const baseItem = options.get(o.bases);
  let baseLiteral: Node | undefined;
  if (baseItem) {
    const sources = valueSources(ctx, baseItem.value);
    const url = sources.literals.length === 1 && !sources.unresolved ? stringValue(sources.literals[0]) : undefined;
    const kind = url === undefined ? undefined : classifyUrl(url, ctx.options.baseUrl);
    if (kind !== 'openai' && kind !== 'flux') {
      if (!keyItem || readsOld(keyItem.value)) ctx.keepsOpenAIKey = true;
      if (kind === 'azure') warn(ctx, 'azure-client', baseItem.item, `${o.what} pointed at Azure OpenAI left as is: move it to Flux by hand if you mean to`);
      else if (url === undefined) warn(ctx, 'other-provider', baseItem.item, `${o.what} left as is: its base URL comes from ${sources.unresolved ?? `\`${describe(baseItem.value)}\``}, which may point at another provider; if it is OpenAI, set it to ${ctx.options.baseUrl}`);
      else warn(ctx, 'other-provider', baseItem.item, `${o.what} left as is: its base URL points at ${hostOf(url)}, another provider`);
      consumeStrings(ctx, o.node);
      return undefined;
    }
    if (kind === 'openai') baseLiteral = sources.literals[0];
  }

  const why = `${o.what} at line ${lineOf(o.node)}`;
  const added: { kind: 'api-key' | 'base-url'; item: string; before: string; after: string }[] = [];
  const item = (key: string, value: string) => (options.form === 'pair' ? `${quoted(key, ctx.style.quote)}: ${value}` : `${key}=${value}`);
  if (!keyItem) {
    const expr = o.keyValue?.() ?? keyExpr(ctx, o.node);
    ctx.movedKey = true;
    added.push({ kind: 'api-key', item: item(o.addKey, expr), before: '(library default: OPENAI_API_KEY)', after: expr });
  } else if (o.migrateKey) {
    o.migrateKey(keyItem.item, keyItem.value, why);
  } else {
    migrateKey(ctx, keyItem.item, keyItem.value, why);
  }
  if (baseLiteral) {
    const lit = stringLiteral(baseLiteral);
    find(ctx, 'base-url', baseLiteral, stringValue(baseLiteral)!, ctx.options.baseUrl, [{ start: lit.start, end: lit.end, text: quoted(ctx.options.baseUrl, lit.quote) }], why);
  } else if (!baseItem) {
    added.push({ kind: 'base-url', item: item(o.addBase, quoted(ctx.options.baseUrl, ctx.style.quote)), before: '(library default: https://api.openai.com/v1)', after: ctx.options.baseUrl });
  }
  if (added.length) {
    const edits = addItems(ctx.text, options.target, added.map((a) => a.item), ctx.style);
    added.forEach((a, i) => find(ctx, a.kind, options.target, a.before, a.after, edits[i], why));
  }
  consumeStrings(ctx, o.node);
  return options;
}

/** A call left on OpenAI because what it reaches is not served by Flux (the key plan reads the message). */
export function leaveOnOpenAI(ctx: PyContext, node: Node, what: string, reaches: string): void {
  ctx.keepsOpenAIKey = true;
  warn(ctx, 'unsupported-endpoint', node, `${what} left on OpenAI: it calls ${reaches}, which Flux does not serve (Flux serves chat completions, responses and models)`);
  consumeStrings(ctx, node);
}
