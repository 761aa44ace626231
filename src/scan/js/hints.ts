// OpenAI model ids that were not proven to reach an OpenAI call are never rewritten; each place
// that holds them is reported once as `model-hint`, saying what may break.
import { ID_PATTERN, ID_PREFIX, isOpenAIChatModel } from '../../catalog/models.js';
import { type JsContext, warn } from './context.js';
import { type Node, stringValue } from './scope.js';

const CONTAINERS = new Set(['ArrayExpression', 'ObjectExpression', 'TSUnionType', 'UnionTypeAnnotation', 'TSTupleType', 'SwitchStatement']);

// Past this many places in one file, the rest are summed up in one warning (a file of presets
// or test data would otherwise bury the warnings that matter).
const MAX_HINTS = 10;

export function hintModels(ctx: JsContext): void {
  const groups = new Map<Node, { ids: string[]; first: Node }>();
  const hints: { node: Node; message: string }[] = [];
  for (const { node } of ctx.index.strings) {
    if (ctx.consumed.has(node)) continue;
    const test = idTest(node);
    if (test) {
      hints.push({ node, message: `${test}: after migration models are flux-* ids, so this no longer matches them` });
      continue;
    }
    const id = stringValue(node);
    // A provider-prefixed id (`"openai:gpt-4o"` of an AI SDK registry, LiteLLM's `"openai/gpt-4o"`) too.
    if (!id || !isOpenAIChatModel(id.replace(/^openai[:/]/, ''))) continue;
    const parent = node.parent;
    if (parent && (parent.type === 'ImportDeclaration' || parent.type === 'ExportNamedDeclaration' || parent.type === 'ExportAllDeclaration')) continue;
    const container = containerOf(node);
    const group = groups.get(container) ?? { ids: [], first: node };
    if (!group.ids.includes(id)) group.ids.push(id);
    groups.set(container, group);
  }
  for (const [container, { ids, first }] of groups) hints.push({ node: first, message: message(container, first, ids) });
  hints.sort((a, b) => a.node.start - b.node.start);
  const shown = hints.length > MAX_HINTS ? hints.slice(0, MAX_HINTS - 1) : hints;
  for (const h of shown) warn(ctx, 'model-hint', h.node, h.message);
  const rest = hints.slice(shown.length);
  if (rest.length) {
    const lines = [...new Set(rest.map((h) => h.node.loc.start.line))];
    warn(ctx, 'model-hint', rest[0].node, `${rest.length} more places in this file hold or test OpenAI model ids, left as is (lines ${lines.slice(0, 12).join(', ')}${lines.length > 12 ? ', ...' : ''}): review them like the ones above`);
  }
}

const PREFIX_METHODS = new Set(['startsWith', 'endsWith', 'includes', 'indexOf']);

// Behaviour keyed by the shape of OpenAI ids: `model.startsWith("gpt-")`, `/^o\d/.test(model)`.
function idTest(node: Node): string | undefined {
  if (node.type === 'RegExpLiteral') {
    return ID_PATTERN.test(node.pattern) ? `matches model ids with /${node.pattern}/` : undefined;
  }
  const value = stringValue(node);
  const call = node.parent;
  if (!value || !ID_PREFIX.test(value) || call?.type !== 'CallExpression' || call.arguments[0] !== node) return undefined;
  const method = call.callee.type === 'MemberExpression' ? call.callee.property?.name : undefined;
  return method && PREFIX_METHODS.has(method) ? `matches model ids with ${method}("${value}")` : undefined;
}

// The list, map, union or switch a literal sits in (through object properties and type wrappers).
function containerOf(node: Node): Node {
  let cur = node;
  for (let i = 0; i < 4 && cur.parent; i++) {
    const p: Node = cur.parent;
    if (CONTAINERS.has(p.type)) return p;
    if (!['ObjectProperty', 'TSLiteralType', 'SwitchCase', 'ArrayExpression', 'TSTypeAnnotation'].includes(p.type)) break;
    cur = p;
  }
  return node;
}

function message(container: Node, literal: Node, ids: string[]): string {
  const list = ids.map((id) => `"${id}"`).join(', ');
  if (container !== literal) {
    const what = container.type === 'SwitchStatement' ? 'switch cases' : container.type.includes('Union') ? 'type' : container.type === 'ObjectExpression' ? 'object' : 'list';
    return `OpenAI model id${ids.length > 1 ? 's' : ''} ${list} in this ${what} left as is: if it chooses models for an OpenAI client, add Flux ids; code keyed by OpenAI ids will not match a flux-* id`;
  }
  const parent = literal.parent;
  if (parent?.type === 'BinaryExpression' && /^[!=]==?$/.test(parent.operator)) {
    return `compares a model with ${list}: after migration the model is a flux-* id, so this check no longer matches`;
  }
  return `${list} looks like an OpenAI model id, but flux-migrate could not prove it reaches an OpenAI call, so it was left as is`;
}
