// Code that depends on OpenAI model names and is fed a migrated model value: a tokenizer that
// picks its encoding by model (`encodingForModel(model)`), a per-model table (`LIMITS[model]`),
// a prefix or pattern test (`model.startsWith("gpt-4")`, `/^o\d/.test(model)`), a list of ids
// (`["o1", "o3-mini"].includes(model)`), a comparison or a switch. After the run that code sees a
// flux-* id, so each place is warned (`model-name-logic`) with what breaks; the migration stands.
// The places are found from the index (string literals, calls, computed lookups): no extra walk.
import { ID_PATTERN, ID_PREFIX, classifyOpenAIModel } from '../../catalog/models.js';
import { type JsContext, consumeStrings, lineOf, ownerOf, warn } from './context.js';
import { classAround, define, definedValue, describe, moduleRef, valueSources } from './resolve.js';
import { type Node, type Scope, memberName, propName, scopeAt, stringValue, unwrap } from './scope.js';

const TOKENIZERS = /tiktoken|gpt-tokenizer|gpt-3-encoder|gpt3-tokenizer/;
const BY_MODEL = new Set(['encodingForModel', 'encoding_for_model', 'getEncodingNameForModel', 'get_encoding_name_for_model']);
const PREFIX_METHODS = new Set(['startsWith', 'endsWith', 'includes', 'indexOf', 'match', 'search']);
const LIST_METHODS = new Set(['includes', 'indexOf', 'has', 'some', 'find']);
// `/^o\d/`, `/^(o[1-9]|gpt-5)/`: the o-series by pattern.
const O_SERIES = /\^\(?o(\\d|\[)/;

interface Place {
  /** Where the warning goes. */
  node: Node;
  /** The expression that holds the model. */
  value: Node;
  scope: Scope;
  /** What breaks, once the value is a flux-* id (the migrated id and its place are put in front). */
  breaks: string;
  /** Literals the warning covers (no `model-hint` for them). */
  covers?: Node;
  /** Whether the code behaves differently once this id is a flux-* id (default: it does). */
  changes?: (id: string) => boolean;
}

export function warnModelLogic(mods: JsContext[]): void {
  const byStart = new Map<string, true>();
  for (const ctx of mods) for (const f of ctx.models.values()) if (f.literal) byStart.set(`${ctx.path}:${f.literal.start}`, true);
  if (!byStart.size) return;
  for (const ctx of mods) {
    for (const place of places(ctx)) {
      const sources = valueSources(place.value, place.scope, { text: ctx.text, index: ctx.index, cls: classAround(place.value) });
      const hit = sources.literals.find((l) => byStart.has(`${ownerOf(l, ctx).path}:${l.start}`) && (place.changes?.(stringValue(l)!) ?? true));
      if (!hit) continue;
      const owner = ownerOf(hit, ctx);
      const where = owner === ctx ? `line ${lineOf(hit)}` : `${owner.path.split('/').pop()}:${lineOf(hit)}`;
      warn(ctx, 'model-name-logic', place.node, `${describe(place.node, ctx.text, 50)} gets the migrated model "${stringValue(hit)}" (${where}): ${place.breaks}`);
      if (place.covers) consumeStrings(ctx, place.covers);
    }
  }
}

function places(ctx: JsContext): Place[] {
  const found: Place[] = [];
  const scopeOf = (n: Node) => scopeAt(n, ctx.index, ctx.index.scope);
  // Tokenizers by model, and lists of ids asked whether they hold the model.
  for (const site of ctx.index.calls) {
    const callee = unwrap(site.node.callee);
    const name = callee?.type === 'Identifier' ? callee.name : callee && memberName(callee);
    if (!name || !callee) continue;
    if (BY_MODEL.has(name) && site.node.arguments[0]) {
      const ref = moduleRef(callee, site.scope);
      const lib = ref && TOKENIZERS.test(ref.source) ? ref.source : undefined;
      if (lib) found.push({ node: site.node, value: site.node.arguments[0], scope: site.scope, breaks: `${lib} picks the encoding by OpenAI model name and throws on a flux-* id; give it an OpenAI id or an encoding name (o200k_base)` });
      continue;
    }
    if (LIST_METHODS.has(name) && callee.type === 'MemberExpression' && site.node.arguments[0]) {
      const list = idList(callee.object, site.scope);
      const ids = list ? list.elements.map((e: Node | null) => stringValue(e ?? undefined)) : [];
      if (list) found.push({ node: site.node, value: site.node.arguments[0], scope: site.scope, covers: list, changes: (id) => ids.includes(id), breaks: `a flux-* id is not in this list of OpenAI ids, so the check is false after the run` });
    }
  }
  // Tables keyed by model ids: `LIMITS[model]`.
  for (const site of ctx.index.lookups) {
    const table = idTable(site.node.object, site.scope);
    const keys = table ? table.properties.map((p: Node) => propName(p)) : [];
    if (table) found.push({ node: site.node, value: site.node.property, scope: site.scope, covers: table, changes: (id) => keys.includes(id), breaks: `this table is keyed by OpenAI ids, so a flux-* id finds nothing there (undefined); add entries for the Flux ids` });
  }
  // Prefix and pattern tests, comparisons and switch cases, from the literals that make them.
  for (const { node } of ctx.index.strings) {
    const parent: Node | undefined = node.parent;
    if (!parent) continue;
    const value = stringValue(node);
    if (node.type === 'RegExpLiteral' && (ID_PATTERN.test(node.pattern) || O_SERIES.test(node.pattern))) {
      const call = parent.type === 'MemberExpression' && memberName(parent) === 'test' && parent.parent?.type === 'CallExpression' ? parent.parent : undefined;
      const tested = call?.arguments[0] ?? (parent.type === 'CallExpression' && parent.arguments[0] === node && parent.callee.type === 'MemberExpression' && ['match', 'search'].includes(memberName(parent.callee) ?? '') ? parent.callee.object : undefined);
      const re = regexOf(node);
      if (tested) found.push({ node: call ?? parent, value: tested, scope: scopeOf(node), covers: node, changes: (id) => !re || re.test(id), breaks: `/${node.pattern}/ matches OpenAI model names, not flux-* ids, so the code behind this test changes after the run` });
      continue;
    }
    if (value === undefined) continue;
    if (parent.type === 'CallExpression' && parent.arguments[0] === node && parent.callee.type === 'MemberExpression' && PREFIX_METHODS.has(memberName(parent.callee) ?? '') && (ID_PREFIX.test(value) || classifyOpenAIModel(value))) {
      const method = memberName(parent.callee);
      const matches = (id: string) => (method === 'startsWith' ? id.startsWith(value) : method === 'endsWith' ? id.endsWith(value) : id.includes(value));
      found.push({ node: parent, value: parent.callee.object, scope: scopeOf(node), covers: node, changes: matches, breaks: `a flux-* id never matches "${value}", so the code behind this test changes after the run` });
    } else if (parent.type === 'BinaryExpression' && /^[!=]==?$/.test(parent.operator) && classifyOpenAIModel(value)) {
      found.push({ node: parent, value: parent.left === node ? parent.right : parent.left, scope: scopeOf(node), covers: node, changes: (id) => id === value, breaks: `after the run the model is a flux-* id, so this comparison with "${value}" gives the other answer` });
    } else if (parent.type === 'SwitchCase' && parent.test === node && classifyOpenAIModel(value) && parent.parent?.type === 'SwitchStatement') {
      const sw = parent.parent;
      const cases = sw.cases.map((c: Node) => stringValue(c.test ?? undefined));
      if (!found.some((p) => p.node === sw)) found.push({ node: sw, value: sw.discriminant, scope: scopeOf(sw), covers: sw, changes: (id) => cases.includes(id), breaks: `its cases are OpenAI ids, so a flux-* id takes the default branch after the run` });
    }
  }
  return found;
}

function regexOf(node: Node): RegExp | undefined {
  try {
    return new RegExp(node.pattern, node.flags);
  } catch {
    return undefined;
  }
}

// An array of OpenAI ids (inline, or a const, a `new Set([...])`, here or imported).
function idList(expr: Node | undefined, scope: Scope, depth = 0): Node | undefined {
  const node = resolved(expr, scope, depth);
  if (!node) return undefined;
  if (node.value.type === 'NewExpression' && node.value.arguments[0]) return idList(node.value.arguments[0], node.scope, depth + 1);
  if (node.value.type !== 'ArrayExpression') return undefined;
  return node.value.elements.some((e: Node | null) => e && classifyOpenAIModel(stringValue(e) ?? '')) ? node.value : undefined;
}

// An object keyed by OpenAI ids (`{ "gpt-4o": 128000, ... }`).
function idTable(expr: Node | undefined, scope: Scope): Node | undefined {
  const node = resolved(expr, scope, 0);
  if (node?.value.type !== 'ObjectExpression') return undefined;
  return node.value.properties.some((p: Node) => p.type === 'ObjectProperty' && classifyOpenAIModel(propName(p) ?? '')) ? node.value : undefined;
}

function resolved(expr: Node | undefined, scope: Scope, depth: number): { value: Node; scope: Scope } | undefined {
  let node = unwrap(expr);
  for (let i = depth; node?.type === 'Identifier' && i < 6; i++) {
    const d = define(node.name, scope);
    const known = d && definedValue(d);
    if (!known) return undefined;
    node = unwrap(known.value);
    scope = known.scope;
  }
  return node ? { value: node, scope } : undefined;
}
