// What the framework scanners share: which library export an expression is (by its import,
// never by a variable's name), the core key and base-URL rules applied to a library's own
// option names, and `"openai:gpt-4o"`-style ids whose model part alone is migrated.
import { classifyOpenAIModel, isFluxId } from '../../../catalog/models.js';
import type { Edit, Finding } from '../../../model.js';
import { type JsContext, consumeStrings, find, lineOf, ownerOf, warn } from '../context.js';
import { checkBaseUrl, migrateKey, migrateModelValue, quoteLike, requestObject } from '../openaiSdk.js';
import { describe, exportName, findProperty, moduleRef, valueSources } from '../resolve.js';
import { type Node, type Scope, stringValue, unwrap } from '../scope.js';
import { type Prop, addOptionsArgument, addProperties, lineIndent, quoted } from '../style.js';

/** The export of one of `modules` that `expr` is (`ChatOpenAI`, `openai`, ...), however it was imported. */
export function libraryExport(expr: Node | undefined, scope: Scope, modules: RegExp): string | undefined {
  const ref = moduleRef(expr, scope);
  if (!ref || !modules.test(ref.source)) return undefined;
  return exportName(ref);
}

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
    warn(ctx, 'unresolved-client', node, `${spec.what} options come from \`${describe(spec.arg, ctx.text)}\`, which flux-migrate cannot see: set ${spec.addBase.join('.')} to ${ctx.options.baseUrl} and the API key to process.env.${ctx.options.keyEnv} there by hand`);
    return leave();
  }
  const obj = opts?.obj;
  const optScope = opts?.scope ?? scope;
  // The options may be an object imported from another file: its edits follow that file's text.
  const home = obj ? ownerOf(obj, ctx) : ctx;

  // Every object on the way to a base URL must be visible, or the URL may hide in it.
  const containers = new Map<string, Node>();
  const container = (path: string[]): Node | 'unresolved' | undefined => {
    if (!obj) return undefined;
    let cur: Node = obj;
    for (let i = 0; i < path.length; i++) {
      const key = path.slice(0, i + 1).join('.');
      if (cur.properties.some((p: Node) => p.type === 'SpreadElement')) return 'unresolved';
      if (i === path.length - 1) return cur;
      const prop = findProperty(cur, path[i]);
      if (!prop) return undefined;
      const inner = requestObject(prop.value, optScope)?.obj;
      if (!inner) return 'unresolved';
      containers.set(key, inner);
      cur = inner;
    }
    return cur;
  };

  let baseProp: Node | undefined;
  for (const path of spec.bases) {
    const holder = container(path);
    if (holder === 'unresolved') {
      warn(ctx, 'unresolved-client', node, `${spec.what} left as is: flux-migrate cannot see whether its options set ${path.join('.')}; if it talks to OpenAI, set ${spec.addBase.join('.')} to ${ctx.options.baseUrl} and the API key to process.env.${ctx.options.keyEnv} by hand`);
      return leave();
    }
    baseProp = holder && findProperty(holder, path[path.length - 1]);
    if (baseProp) break;
  }
  let baseLiteral: Node | undefined;
  if (baseProp) {
    const checked = checkBaseUrl(ctx, baseProp, optScope, spec.what);
    if (checked === 'leave') return leave();
    baseLiteral = checked;
  }

  const envExpr = `process.env.${ctx.options.keyEnv}`;
  const added: { kind: 'api-key' | 'base-url'; prop: Prop; before: string; into?: Node }[] = [];
  let keyProp: Node | undefined;
  for (const path of spec.keys) {
    const holder = container(path);
    keyProp = holder && holder !== 'unresolved' ? findProperty(holder, path[path.length - 1]) : undefined;
    if (keyProp) break;
  }
  if (keyProp) migrateKey(ctx, keyProp, optScope, why);
  else if (spec.addKey !== false) added.push({ kind: 'api-key', prop: { key: 'apiKey', value: envExpr }, before: `(default: ${spec.defaultKey})` });

  const url = quoted(ctx.options.baseUrl, home.style.quote);
  if (baseLiteral) {
    find(ctx, 'base-url', baseLiteral, stringValue(baseLiteral)!, ctx.options.baseUrl, [{ start: baseLiteral.start, end: baseLiteral.end, text: quoteLike(ownerOf(baseLiteral, ctx), baseLiteral, ctx.options.baseUrl) }], why);
  } else if (!baseProp && spec.addBaseUrl !== false) {
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
    const [edits] = addProperties(home.text, a.into!, [a.prop], home.style);
    find(ctx, a.kind, a.into!, a.before, ctx.options.baseUrl, edits, why);
  }
  consumeStrings(ctx, node);
  if (obj) consumeStrings(ctx, obj);
  return true;
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
    const inner = id.slice(prefix[0].length);
    if (isFluxId(inner)) continue;
    const model = classifyOpenAIModel(inner);
    if (model?.kind === 'chat') findInnerModel(ctx, literal, prefix[0].length, inner, where);
    else if (model?.kind === 'unsupported') warn(ctx, 'unsupported-endpoint', literal, `"${id}" is a ${model.endpoint} model, passed to ${name}: Flux does not serve it; left as is`);
    else warn(ctx, 'unknown-model', literal, `model "${id}" (${name}) is not an OpenAI model flux-migrate knows, so it was left as is: Flux will not serve it; choose a Flux model id by hand`);
  }
}

/** `provider:` at the start of a model id (`openai:gpt-4o`), not a URL scheme. */
export const PREFIX = /^([\w.-]+):(?!\/)/;

// A model finding for the id inside a prefixed literal: the plan rewrites only that part.
function findInnerModel(ctx: JsContext, literal: Node, offset: number, id: string, why: string): void {
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
