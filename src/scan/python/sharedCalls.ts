// Calls and wrappers a client shares with others of the run: a variable holding clients from
// branches (`OpenAI(base_url=ollama) if local else OpenAI()`) makes each call on either, and a
// wrapper (`instructor.from_openai(client, model=...)`) gives the client's calls a default model.
import { type Call, type Client, clientOf, wrappedArgument } from './clients.js';
import { type PyContext, ownerOf, warn } from './context.js';
import type { Node } from './parse.js';
import { lineOf } from './tree.js';

const moved = new WeakSet<Client>();
const otherProvider = new WeakSet<Client>();

/** Records what the run decided for a client: moved to Flux, or left with another provider's URL. */
export function markClient(client: Client, decision: 'moved' | 'other-provider'): void {
  (decision === 'moved' ? moved : otherProvider).add(client);
}

/**
 * `client = OpenAI(base_url=ollama) if local else OpenAI()`: a call made on either client gets the
 * model migrated for Flux; it is warned once (after every client of the run is decided).
 */
export function warnSharedCalls(ctx: PyContext): void {
  for (const client of ctx.clients?.values() ?? []) {
    if (!moved.has(client)) continue;
    for (const call of client.calls) {
      const others = sharingClients(ctx, client, call).filter((c) => otherProvider.has(c));
      if (others.length) warn(call.ctx ?? ctx, 'other-provider', call.node, `this call is made on the client at ${where(ctx, client.node)}, which moves to Flux, or on another provider's (${others.map((o) => where(ctx, o.node)).join(', ')}): its model is migrated for Flux, so check that the other provider still gets a model it serves`);
    }
  }
}

// The other clients of the run a call is attached to (one variable holding clients from branches).
function sharingClients(ctx: PyContext, client: Client, call: Call): Client[] {
  const out: Client[] = [];
  for (const m of ctx.project ? ctx.project.modules.values() : [ctx]) {
    for (const c of m.clients?.values() ?? []) if (c !== client && c.calls.some((k) => k.node.id === call.node.id && k.node.tree === call.node.tree)) out.push(c);
  }
  return out;
}

function where(ctx: PyContext, node: Node): string {
  return `${ownerOf(ctx, node).path.split(/[\\/]/).pop()}:${lineOf(node)}`;
}

// The wrapper calls of the run that wrap a client.
export function wrappersOf(ctx: PyContext, client: Client): { ctx: PyContext; call: Node }[] {
  const out: { ctx: PyContext; call: Node }[] = [];
  for (const m of ctx.project ? ctx.project.modules.values() : [ctx]) {
    if (!/from_openai|patch|wrap_openai/.test(m.text)) continue;
    for (const call of m.index.calls) {
      const wrapped = wrappedArgument(m, call);
      if (wrapped && clientOf(m, wrapped) === client) out.push({ ctx: m, call });
    }
  }
  return out;
}

