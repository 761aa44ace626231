// The JSON body of a hand-written request and its `model`: `json={...}`, `data=json.dumps(payload)`
// (also `.encode()`d), a dict built before the call, or what the callers of a request helper pass.
import { type PyContext, warn } from '../context.js';
import { lookup } from '../module.js';
import { migrateModelValue } from '../openaiSdk.js';
import type { Node } from '../parse.js';
import { named, unwrap } from '../tree.js';
import { dictItem, dictOf } from '../values.js';
import type { HttpRequest } from './httpRequests.js';

// The `model` of the JSON body (`json={...}`, `data=json.dumps({...})`, or a dict built just before).
export function migrateBodyModel(ctx: PyContext, r: HttpRequest, path: string, why: string): void {
  if (!/^\/(chat\/completions|responses)$/.test(path)) return;
  for (const b of r.body) {
    // A body passed in by the callers of a helper (`_post(url=..., payload=payload)`): each one.
    const bodies = resolveArgs(ctx, b);
    for (const { ctx: at, value } of bodies) {
      const dict = bodyDict(at, value);
      const item = dict && dictItem(dict, 'model');
      if (item) migrateModelValue(at, item.value, why, `POST ${path}`);
    }
    if (bodies.some(({ ctx: at, value }) => { const d = bodyDict(at, value); return d && dictItem(d, 'model'); })) return;
  }
  warn(ctx, 'unresolved-model', r.call, `the body of this request to ${path} is built where flux-migrate cannot see its model: make sure it sends a Flux model id`);
}

// A parameter without a default stands for what its callers pass.
export function resolveArgs(ctx: PyContext, expr: Node): { ctx: PyContext; value: Node }[] {
  const node = unwrap(expr);
  const found = node?.type === 'identifier' ? lookup(ctx.index, node.text, node) : undefined;
  if (found?.kind === 'param' && !found.values.length && (!found.fallback || found.fallback.type === 'none')) {
    const passed = ctx.project?.arguments(ctx, found.fn, node!.text) ?? [];
    if (passed.length) return passed;
  }
  return [{ ctx, value: expr }];
}

export function bodyDict(ctx: PyContext, expr: Node): Node | undefined {
  let node = unwrap(expr);
  // `json.dumps(payload).encode()` and `json.dumps(payload)`, also held in a variable.
  for (let i = 0; (node?.type === 'call' || node?.type === 'identifier') && i < 4; i++) {
    if (node.type === 'identifier') {
      const found = lookup(ctx.index, node.text, node);
      if (found?.kind !== 'assigned' || found.values.length !== 1 || unwrap(found.values[0].value)?.type !== 'call') break;
      node = unwrap(found.values[0].value);
      continue;
    }
    const fn = unwrap(node.childForFieldName('function'));
    const args = named(node.childForFieldName('arguments')!);
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')!.text === 'encode') node = unwrap(fn.childForFieldName('object'));
    else if (fn?.type === 'attribute' && fn.childForFieldName('attribute')!.text === 'dumps' && args[0]) node = unwrap(args[0]);
    else break;
  }
  return node ? dictOf(ctx, node) : undefined;
}
