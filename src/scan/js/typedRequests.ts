// Request objects typed as the SDK's own request types (`const params:
// OpenAI.Chat.ChatCompletionCreateParams = { model: "gpt-4", ... }`, `satisfies
// ResponseCreateParams`): their `model` is a chat model even when the object reaches no call
// flux-migrate can see. Migrated in a module whose OpenAI clients all moved to Flux (a client
// left as is, whose requests these could be, keeps them; its own requests were accounted for).
import { decideLiteral } from '../modelValues.js';
import { type JsContext, findModel, lineOf, moduleOf, warn } from './context.js';
import { findProperty } from './resolve.js';
import { type Node, stringValue, unwrap } from './scope.js';

const REQUEST_TYPES = /^(ChatCompletionCreateParams(NonStreaming|Streaming|Base)?|ResponseCreateParams(NonStreaming|Streaming|Base)?)$/;

export function migrateTypedRequests(mods: JsContext[]): void {
  // Per module: it makes or uses a client that moved, and none that was left as is.
  const clients = mods.flatMap((m) => [...m.clients.values()]);
  for (const ctx of mods) {
    if (!/CreateParams/.test(ctx.text)) continue;
    const here = clients.filter((c) => moduleOf(c.site.scope) === ctx || c.calls.some((call) => moduleOf(call.site.scope) === ctx));
    if (!here.some((c) => c.moved) || here.some((c) => c.moved === false)) continue;
    for (const obj of ctx.index.literals) {
      if (obj.type !== 'ObjectExpression' || !requestType(ctx, obj)) continue;
      const prop = findProperty(obj, 'model');
      const literal = unwrap(prop?.value);
      const id = stringValue(literal);
      if (!literal || id === undefined || ctx.consumed.has(literal)) continue;
      const why = `a ${requestType(ctx, obj)} object (line ${lineOf(obj)})`;
      const decision = decideLiteral(id, why);
      ctx.consumed.add(literal);
      if (decision === 'migrate') findModel(ctx, literal, id, why);
      else if (decision !== 'keep') warn(ctx, decision.code, literal, decision.message);
    }
  }
}

// The SDK request type an object literal is declared as, if it is one.
function requestType(ctx: JsContext, obj: Node): string | undefined {
  const p: Node | undefined = obj.parent;
  const type = p?.type === 'VariableDeclarator' && p.init === obj ? p.id.typeAnnotation?.typeAnnotation
    : (p?.type === 'TSSatisfiesExpression' || p?.type === 'TSAsExpression') ? p.typeAnnotation : undefined;
  if (type?.type !== 'TSTypeReference') return undefined;
  const name = type.typeName.type === 'TSQualifiedName' ? type.typeName.right.name : type.typeName.name;
  if (!REQUEST_TYPES.test(name)) return undefined;
  // The name must come from the openai package: `OpenAI.Chat.X`, or imported from it.
  let root = type.typeName;
  while (root.type === 'TSQualifiedName') root = root.left;
  const b = ctx.index.scope.lookup(root.name);
  return b?.kind === 'import' && /^openai(\/|$)/.test(b.importSource ?? '') ? name : undefined;
}
