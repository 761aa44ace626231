// OpenAI model ids that were not proven to reach an OpenAI call are never rewritten; each place
// that holds them is reported once as `model-hint`, saying what may break. A line where a migrated
// model meets code keyed by OpenAI names is reported as `model-name-logic` instead (nameLogic.ts).
import { isOpenAIChatModel } from '../../catalog/models.js';
import { type PyContext, warn } from './context.js';
import { reportNameLogic } from './nameLogic.js';
import { warnSharedCalls } from './sharedCalls.js';
import type { Node } from './parse.js';
import { lineOf, stringValue } from './tree.js';

const CONTAINERS = new Set(['list', 'tuple', 'set', 'dictionary']);

export function hintModels(ctx: PyContext): void {
  warnSharedCalls(ctx);
  const logic = reportNameLogic(ctx);
  const groups = new Map<number, { ids: string[]; first: Node; container: Node }>();
  for (const node of ctx.index.strings) {
    if (ctx.consumed.has(node.startIndex)) continue;
    const id = stringValue(node);
    if (!id || !isOpenAIChatModel(id)) continue;
    const container = containerOf(node);
    const group = groups.get(container.id) ?? { ids: [], first: node, container };
    if (!group.ids.includes(id)) group.ids.push(id);
    groups.set(container.id, group);
  }
  for (const { container, first, ids } of groups.values()) {
    if (logic.has(lineOf(first))) continue; // said by model-name-logic
    warn(ctx, 'model-hint', first, message(container, first, ids));
  }
}

// The list, tuple, set or dict a literal sits in (as an element, a key or a value).
function containerOf(node: Node): Node {
  const p = node.parent;
  if (p && CONTAINERS.has(p.type)) return p;
  if (p?.type === 'subscript' && /^(typing\.)?Literal$/.test(p.childForFieldName('value')?.text ?? '')) return p;
  if (p?.type === 'pair' && p.parent?.type === 'dictionary') return p.parent;
  return node;
}

function message(container: Node, literal: Node, ids: string[]): string {
  const list = ids.map((id) => `"${id}"`).join(', ');
  if (container.type === 'subscript') {
    return `OpenAI model id${ids.length > 1 ? 's' : ''} ${list} in this Literal type left as is: if it lists the models a user may choose for an OpenAI client (a command option, a setting), offer Flux model ids instead, since a migrated client sends the choice to Flux`;
  }
  if (container.id !== literal.id) {
    const what = container.type === 'dictionary' ? 'dict' : container.type;
    return `OpenAI model id${ids.length > 1 ? 's' : ''} ${list} in this ${what} left as is: if it chooses models for an OpenAI client, add Flux ids; code keyed by OpenAI ids will not match a flux-* id`;
  }
  if (literal.parent?.type === 'comparison_operator') {
    return `compares a model with ${list}: after migration the model is a flux-* id, so this check no longer matches`;
  }
  return `${list} looks like an OpenAI model id, but flux-migrate could not prove it reaches an OpenAI call, so it was left as is`;
}
