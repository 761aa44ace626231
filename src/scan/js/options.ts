// The rules every OpenAI-compatible client's options follow, whatever the library: the base URL
// decides the provider (OpenAI's is replaced, a missing one added, another provider's left), the
// key moves to the Flux variable, and added properties follow the object's style.
import { classifyUrl, hostOf } from '../../catalog/urls.js';
import type { Edit } from '../../model.js';
import { maskSecret } from '../../secrets.js';
import { type JsContext, consumeStrings, find, lineOf, noteSecrets, ownerOf, warn } from './context.js';
import { classAround, define, definedValue, describe, envRead, findProperty, followValue, valueSources } from './resolve.js';
import { type Node, type Scope, descendants, propName, stringValue, unwrap } from './scope.js';
import { type Written, alwaysRuns, assignedProps, assignmentEffect, assignmentScope, guard } from './guards.js';
import { type Prop, addOptionsArgument, addProperties, lineIndent, quoted } from './style.js';

/** Where a library keeps the three values in its options object. */
export interface OptionsSpec {
  /** Names the object in messages: `ChatOpenAI`, `the createOpenAI provider`. */
  what: string;
  /** The `new X(...)` or `f(...)` that takes the options. */
  node: Node;
  scope: Scope;
  /** The options argument, when there is one. */
  arg: Node | undefined;
  /** Property paths that may hold the key, first match wins (`[['apiKey'], ['openAIApiKey']]`). */
  keys: string[][];
  /** Property paths that may hold the base URL, the one the library reads first, first. */
  bases: string[][];
  /** Where a missing base URL is added: `['baseURL']` or `['configuration', 'baseURL']`. */
  addBase: string[];
  /** What the library uses when the key is not given. */
  defaultKey: string;
  /** False when a missing key is supplied some other way (the Agents SDK's default key). */
  addKey?: boolean;
  /** False when the base URL is set outside these options (and was handled there). */
  addBaseUrl?: boolean;
  /** The URL to write, when the library wants another form of the Flux base URL (chatgpt 5.0: no `/v1`). */
  baseValue?: string;
  /**
   * Asked once the base URL says the client talks to OpenAI, before anything is changed: true
   * leaves the client as it is (the callback has said why).
   */
  leaveIf?: (obj: Node | undefined) => boolean;
}

/**
 * Points one set of library options at Flux with the core rules: the base URL (added, or
 * OpenAI's replaced; another provider's left and warned) and the key. False when it was left.
 */
export function configureOptions(ctx: JsContext, spec: OptionsSpec): boolean {
  const { node, scope } = spec;
  const why = `${spec.what} at line ${lineOf(node)}`;
  const leave = () => {
    consumeStrings(ctx, node);
    return false;
  };
  const opts = spec.arg ? requestObject(spec.arg, scope) : undefined;
  if (spec.arg && !opts) {
    warn(ctx, 'unresolved-client', node, `${spec.what} options come from \`${describe(spec.arg, ctx.text)}\`, which flux-migrate cannot see: set ${spec.addBase.join('.')} to ${ctx.options.baseUrl} and the API key to ${ctx.keyExpr} there by hand`);
    return leave();
  }
  const obj = opts?.obj;
  const optScope = opts?.scope ?? scope;
  // The options may be an object imported from another file: its edits follow that file's text.
  const home = obj ? ownerOf(obj, ctx) : ctx;

  // Every object on the way to a base URL must be visible, or the URL may hide in it. Spreads are
  // looked into: `...common` (an object literal), `...(cond ? { a } : {})`, `...(cond && { a })`.
  const containers = new Map<string, Node>();
  const locate = (path: string[]): { holder: Node; prop?: Node } | 'unresolved' | undefined => {
    if (!obj) return undefined;
    let cur: Node = obj;
    for (let i = 0; i < path.length; i++) {
      const found = lookup(cur, path[i], optScope, 0);
      if (found === 'unresolved') return 'unresolved';
      if (i === path.length - 1) return { holder: found?.holder ?? cur, prop: found?.prop };
      if (!found) return undefined;
      const inner = requestObject(found.prop.value, optScope)?.obj;
      if (!inner) return 'unresolved';
      containers.set(path.slice(0, i + 1).join('.'), inner);
      cur = inner;
    }
    return { holder: cur };
  };

  let baseProp: Node | undefined;
  for (const path of spec.bases) {
    const located = locate(path);
    if (located === 'unresolved') {
      warn(ctx, 'unresolved-client', node, `${spec.what} left as is: flux-migrate cannot see whether its options set ${path.join('.')}; if it talks to OpenAI, set ${spec.addBase.join('.')} to ${ctx.options.baseUrl} and the API key to ${ctx.keyExpr} by hand`);
      return leave();
    }
    baseProp = located?.prop;
    if (baseProp) break;
  }
  const baseLiterals: Node[] = [];
  if (baseProp) {
    const checked = checkBaseUrl(ctx, baseProp, optScope, spec.what);
    if (checked === 'leave') return leave();
    if (checked) baseLiterals.push(checked);
  }
  // `options.baseURL = ...` after the object was written: it wins over the object's own property.
  // One that always runs is checked like a property. One that may not run (`if (proxy)
  // options.baseURL = proxy`) with a value flux-migrate cannot see is an override, as an env var
  // before a fallback is: the Flux URL goes where the object is written, as the default it overrides.
  const written: Written[] = obj ? [{ obj, props: opts?.props }, ...spreadIn(obj, optScope)] : [];
  let baseAssigned = false;
  const overrides: { holder: Node; assign: Node }[] = [];
  for (const path of spec.bases.filter((p) => p.length === 1)) {
    for (const { holder, assign } of assignedProps(written, path[0])) {
      const effect = assignmentEffect(assign, optScope);
      if (effect === 'dead') continue;
      if (effect === 'unset') {
        warn(ctx, 'unresolved-client', assign, `${spec.what} left as is: this line sets ${describe(assign.left, ctx.text)} to a value that is undefined here, which would undo an added base URL; set it to ${ctx.options.baseUrl} and the API key to ${ctx.keyExpr} by hand`);
        return leave();
      }
      const at = assignmentScope(assign, optScope);
      if (path[0] === spec.addBase.join('.') && !alwaysRuns(assign, holder) && !seenValue(ctx, assign, at)) {
        overrides.push({ holder, assign });
        continue;
      }
      const checked = checkBaseUrl(ctx, { ...assign, value: assign.right }, at, spec.what, guard(assign)?.sentinel);
      if (checked === 'leave') return leave();
      if (checked) baseLiterals.push(checked);
      baseAssigned = true;
    }
  }

  if (spec.leaveIf?.(obj)) return leave();

  const added: { kind: 'api-key' | 'base-url'; prop: Prop; before: string; into?: Node }[] = [];
  let keyProp: Node | undefined;
  for (const path of spec.keys) {
    const located = locate(path);
    keyProp = located && located !== 'unresolved' ? located.prop : undefined;
    if (keyProp) break;
  }
  const keyAssigns = spec.keys.filter((p) => p.length === 1).flatMap((p) => assignedProps(written, p[0])).map((a) => a.assign).filter((a) => assignmentEffect(a, optScope) !== 'dead');
  if (keyProp) migrateKey(ctx, keyProp, optScope, why);
  for (const assign of keyAssigns) migrateKey(ctx, { ...assign, value: assign.right }, assignmentScope(assign, optScope), why);
  if (!keyProp && !keyAssigns.length && spec.addKey !== false) added.push({ kind: 'api-key', prop: { key: 'apiKey', value: ctx.keyExpr }, before: `(default: ${spec.defaultKey})` });

  const target = spec.baseValue ?? ctx.options.baseUrl;
  const url = quoted(target, home.style.quote);
  for (const baseLiteral of baseLiterals) {
    find(ctx, 'base-url', baseLiteral, stringValue(baseLiteral)!, target, [{ start: baseLiteral.start, end: baseLiteral.end, text: quoteLike(ownerOf(baseLiteral, ctx), baseLiteral, target) }], why);
  }
  const adding = !baseLiterals.length && !baseProp && !baseAssigned && spec.addBaseUrl !== false;
  if (overrides.length) {
    const { holder, assign } = overrides[0];
    warn(ctx, 'unresolved-client', assign, `${spec.what}'s ${spec.addBase[0]} is also set here, after its options are written: where this runs it wins over the Flux URL${adding ? ' added as the default' : ''} (line ${lineOf(holder)}); make sure it points at ${ctx.options.baseUrl} then`);
  }
  if (overrides.length && adding) {
    // The default goes into the object the assignment finishes (not the call's own literal, which would win over it).
    added.push({ kind: 'base-url', prop: { key: spec.addBase[0], value: url }, before: '(default: https://api.openai.com/v1)', into: overrides[0].holder === obj ? undefined : overrides[0].holder });
  } else if (adding) {
    // Merge into the innermost object of the path that exists; build the rest inline.
    const path = spec.addBase;
    let into: Node | undefined = obj;
    let depth = 0;
    for (let i = 0; i < path.length - 1 && obj; i++) {
      const inner = containers.get(path.slice(0, i + 1).join('.')) ?? requestObject(findProperty(into!, path[i])?.value, optScope)?.obj;
      if (!inner) break;
      into = inner;
      depth = i + 1;
    }
    let value = url;
    for (let i = path.length - 1; i > depth; i--) value = `{ ${path[i]}: ${value} }`;
    const before = '(default: https://api.openai.com/v1)';
    added.push({ kind: 'base-url', prop: { key: path[depth], value }, before, into: depth > 0 ? into : undefined });
  }

  const top = added.filter((a) => !a.into);
  const topEdits = top.length ? addToOptions(home, obj, spec, top.map((a) => a.prop)) : [];
  top.forEach((a, i) => find(ctx, a.kind, obj ?? node, a.before, a.prop.value, topEdits[i], why));
  for (const a of added.filter((x) => x.into)) {
    const owner = ownerOf(a.into!, home);
    const [edits] = addProperties(owner.text, a.into!, [a.prop], owner.style);
    find(ctx, a.kind, a.into!, a.before, target, edits, why);
  }
  consumeStrings(ctx, node);
  if (obj) consumeStrings(ctx, obj);
  return true;
}

// Objects spread into the options (`{ ...options, timeout }`), with what is assigned on them later.
function spreadIn(obj: Node, scope: Scope): Written[] {
  const found: Written[] = [];
  for (const p of obj.properties) {
    if (p.type !== 'SpreadElement') continue;
    const inner = requestObject(p.argument, scope);
    if (inner) found.push({ obj: inner.obj, props: inner.props });
  }
  return found;
}

// Whether an assigned value has a literal flux-migrate can check (a URL, a fallback, a sentinel).
function seenValue(ctx: JsContext, assign: Node, scope: Scope): boolean {
  const sources = valueSources(assign.right, scope, { text: ownerOf(assign, ctx).text, index: ownerOf(assign, ctx).index, cls: classAround(assign) });
  return sources.literals.length > 0 || !!sources.sentinels?.length;
}

// Properties into the options object, or a new options argument when there is none.
function addToOptions(ctx: JsContext, obj: Node | undefined, spec: OptionsSpec, props: Prop[]): Edit[][] {
  if (obj) return addProperties(ctx.text, obj, props, ctx.style);
  const call = spec.node;
  const args = call.arguments ?? [];
  if (args.length === 0) return addOptionsArgument(ctx.text, call, props, ctx.style);
  // `f("gpt-4o")` -> `f("gpt-4o", { ... })`, after the last argument.
  const last = args[args.length - 1];
  const indent = lineIndent(ctx.text, call.start);
  const inner = indent + ctx.style.indentUnit;
  const { eol, trailingComma } = ctx.style;
  const lines = props.map((p, i) => `${inner}${p.key}: ${p.value}${i < props.length - 1 || trailingComma ? ',' : ''}`);
  const edits: Edit[][] = props.map(() => []);
  edits[0].push({ start: last.end, end: last.end, text: `, {${eol}${lines.join(eol)}${eol}${indent}}` });
  return edits;
}

/** An object literal an argument is, or names; `props`: the properties assigned on it afterwards. */
export function requestObject(arg: Node | undefined, scope: Scope): { obj: Node; scope: Scope; props?: Node[] } | undefined {
  const node = unwrap(arg);
  if (node?.type === 'ObjectExpression') return { obj: node, scope };
  if (node?.type === 'Identifier') {
    const d = define(node.name, scope);
    const known = d && definedValue(d);
    if (known && unwrap(known.value)?.type === 'ObjectExpression') {
      const props = d && 'binding' in d && !d.binding.path.length ? d.binding.props : undefined;
      return { obj: unwrap(known.value)!, scope: known.scope, props };
    }
  }
  return undefined;
}

/**
 * What a client's `baseURL` property says: 'leave' (another provider, Azure, or a value it cannot
 * see: warned), the OpenAI URL literal to replace, or undefined (already Flux).
 */
// An Azure OpenAI endpoint, even when the resource name is filled in at run time.
const AZURE_SHAPE = /\.openai\.azure\.com|\.cognitiveservices\.azure\.com|\.azure-api\.net|\/openai\/deployments\//;

/**
 * The property `key` of an object literal as the object ends up (later properties win), looking
 * into spreads; 'unresolved' when a spread it cannot see may set it.
 */
export function lookup(obj: Node, key: string, scope: Scope, depth = 0): { holder: Node; prop: Node } | 'unresolved' | undefined {
  for (let i = obj.properties.length - 1; i >= 0; i--) {
    const p = obj.properties[i];
    if (p.type !== 'SpreadElement') {
      if (propName(p) === key) return { holder: obj, prop: p };
      continue;
    }
    const found = spreadLookup(p.argument, key, scope, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function spreadLookup(arg: Node, key: string, scope: Scope, depth: number): { holder: Node; prop: Node } | 'unresolved' | undefined {
  const node = unwrap(arg);
  if (!node || depth > 6) return 'unresolved';
  if (node.type === 'ConditionalExpression') {
    // Either branch may win at run time: a key set in either is not one value flux-migrate can see.
    const a = spreadLookup(node.consequent, key, scope, depth + 1);
    const b = spreadLookup(node.alternate, key, scope, depth + 1);
    return a || b ? 'unresolved' : undefined;
  }
  if (node.type === 'LogicalExpression' && node.operator === '&&') return spreadLookup(node.right, key, scope, depth + 1) ? 'unresolved' : undefined;
  const inner = requestObject(node, scope);
  return inner ? lookup(inner.obj, key, inner.scope, depth + 1) : 'unresolved';
}

export function checkBaseUrl(ctx: JsContext, baseProp: Node, scope: Scope, what = 'OpenAI client', sentinel?: string): Node | 'leave' | undefined {
  const sources = valueSources(baseProp.value, scope, { text: ctx.text, index: ownerOf(baseProp, ctx).index, cls: classAround(baseProp) });
  // A sentinel (`"default"`, kept from the client by a guard) means the SDK's own URL: OpenAI's.
  const marks = [...sources.sentinels ?? [], ...sources.literals.filter((l) => sentinel !== undefined && stringValue(l) === sentinel)];
  const literals = sources.literals.filter((l) => !marks.includes(l));
  if (marks.length && !literals.length && !sources.unresolved) {
    if (sources.overriddenBy) warn(ctx, 'unresolved-client', baseProp, `the base URL can also come from ${sources.overriddenBy}: where that is set, set it to ${ctx.options.baseUrl}`);
    return marks[0];
  }
  const url = literals.length === 1 && !sources.unresolved ? stringValue(literals[0]) : undefined;
  if (url === undefined && AZURE_SHAPE.test(describe(baseProp.value, ctx.text, 400))) {
    warn(ctx, 'azure-client', baseProp, `${what} pointed at Azure OpenAI left as is: move it to Flux by hand if you mean to`);
    return 'leave';
  }
  if (url === undefined) {
    warn(ctx, 'other-provider', baseProp, `${what} left as is: its base URL comes from ${sources.unresolved ?? describe(baseProp.value, ctx.text)}, which may point at another provider; if it is OpenAI, set it to ${ctx.options.baseUrl}`);
    return 'leave';
  }
  const kind = classifyUrl(url, ctx.options.baseUrl);
  if (kind === 'azure') {
    warn(ctx, 'azure-client', baseProp, `${what} pointed at Azure OpenAI left as is: move it to Flux by hand if you mean to`);
    return 'leave';
  }
  if (kind === 'other') {
    warn(ctx, 'other-provider', baseProp, `${what} left as is: its base URL points at ${hostOf(url)}, another provider`);
    return 'leave';
  }
  if (kind === 'openai' && /\/\/mtls\./.test(url)) {
    warn(ctx, 'unresolved-client', baseProp, `${what} used OpenAI's mTLS endpoint: Flux is reached without client certificates, so the certificate setup around this client can go`);
  }
  if (kind === 'openai' && sources.overriddenBy) {
    warn(ctx, 'unresolved-client', baseProp, `the base URL can also come from ${sources.overriddenBy}: where that is set, set it to ${ctx.options.baseUrl}`);
  }
  return kind === 'openai' ? literals[0] : undefined;
}

export function migrateKey(ctx: JsContext, keyProp: Node, scope: Scope, why: string): void {
  let value = unwrap(keyProp.value)!;
  noteSecrets(ctx, keyProp.value);
  // `apiKey` (shorthand) or `apiKey: KEY` where KEY is a same-file constant.
  if (value.type === 'Identifier') {
    const d = define(value.name, scope);
    const known = d && definedValue(d);
    if (known) value = unwrap(known.value)!;
    noteSecrets(ctx, value);
  }
  if (renameKeyReads(ctx, value, why)) return;
  if (stringValue(value) !== undefined) return replaceLiteralKey(ctx, value, why);
  if (envReads(value).some((r) => r.name === ctx.options.keyEnv)) return;
  // `apiKey: config.apiKey`, where callers pass `{ apiKey: process.env.OPENAI_API_KEY }`.
  const traced = followValue(keyProp.value, scope, { text: ctx.text, index: ownerOf(keyProp, ctx).index, cls: classAround(keyProp) });
  const reads = traced.reads ?? [];
  const renamed = reads.map((r) => renameKeyReads(ctx, r, why)).some(Boolean);
  const flux = reads.some((r) => envRead(r)?.name === ctx.options.keyEnv);
  // A fallback such as `?? ""` is no key; a literal key the value reaches is replaced where it is written.
  const keys = traced.literals.filter((l) => KEY_SHAPE.test(stringValue(l)!));
  for (const literal of keys) replaceLiteralKey(ownerOf(literal, ctx), literal, why);
  if ((renamed || flux || keys.length) && !traced.unresolved && !traced.omitted && reads.every((r) => [ctx.options.keyEnv, 'OPENAI_API_KEY'].includes(envRead(r)!.name))) return;
  warn(ctx, 'unresolved-key', keyProp, `the API key comes from \`${describe(keyProp.value, ctx.text)}\`: make sure it holds your Flux key (flux-migrate reads it from ${ctx.options.keyEnv} elsewhere)`);
}

const KEY_SHAPE = /^sk-[\w-]{8,}$/;

function replaceLiteralKey(ctx: JsContext, value: Node, why: string): void {
  const literal = stringValue(value)!;
  find(ctx, 'api-key', value, maskSecret(literal), ctx.keyExpr, [{ start: value.start, end: value.end, text: ctx.keyExpr }], why);
  ctx.consumed.add(value);
  warn(ctx, 'hardcoded-key', value, `a literal API key (${maskSecret(literal)}) was replaced by ${ctx.keyExpr}: set ${ctx.options.keyEnv} to your Flux key, and revoke the old key if it was ever committed`);
}

/** Environment reads (`process.env.X`) anywhere under a node. */
export function envReads(node: Node): { name: string; nameNode: Node }[] {
  const found: { name: string; nameNode: Node }[] = [];
  for (const n of descendants(node)) {
    const read = envRead(n);
    if (read && !found.some((f) => f.nameNode === read.nameNode)) found.push(read);
  }
  return found;
}

/** Renames every read of OPENAI_API_KEY under a node to the Flux key variable; false when there is none. */
export function renameKeyReads(ctx: JsContext, node: Node, why: string): boolean {
  const reads = envReads(node).filter((r) => r.name === 'OPENAI_API_KEY');
  for (const r of reads) {
    const edit: Edit = r.nameNode.type === 'Identifier'
      ? { start: r.nameNode.start, end: r.nameNode.end, text: ctx.options.keyEnv }
      : { start: r.nameNode.start, end: r.nameNode.end, text: quoteLike(ctx, r.nameNode, ctx.options.keyEnv) };
    const shown = describe(r.nameNode.parent ?? r.nameNode, ctx.text, 80);
    find(ctx, 'api-key', r.nameNode, shown, shown.split('OPENAI_API_KEY').join(ctx.options.keyEnv), [edit], why);
    // `userKey || process.env.OPENAI_API_KEY`: the other value wins when it is set.
    const read = r.nameNode.parent;
    const either = read?.parent;
    if (either?.type === 'LogicalExpression' && either.right === read && !envRead(either.left)) {
      warn(ctx, 'unresolved-key', either, `\`${describe(either.left, ctx.text)}\` is used before ${ctx.keyExpr} when it is set: make sure it holds a Flux key too`);
    }
  }
  return reads.length > 0;
}

export function quoteLike(ctx: JsContext, literal: Node, value: string): string {
  const q = ctx.text[literal.start];
  return q === '`' ? '`' + value + '`' : quoted(value, q === "'" || q === '"' ? q : ctx.style.quote);
}

