// instructor-js (`@instructor-ai/instructor`): `Instructor({ client, mode })` returns a proxy of the
// OpenAI client it is given (its `chat.completions.create` adds `response_model` and calls
// `client.chat.completions.create`; every other property is the client's), so calls made on it are
// calls on that client: they decide it and their models move with it (src/scan/js/clients.ts).
// Only this module's imports (resolve.ts, scope.ts): clients.ts asks it, and it asks nothing back.
import { exportName, findProperty, moduleRef } from '../resolve.js';
import { type Node, type Scope, unwrap } from '../scope.js';

const INSTRUCTOR = /^@instructor-ai\/instructor$/;
const FACTORIES = new Set(['default', 'Instructor', 'createInstructor']);

/** The `client` option of an `Instructor({ client, ... })` call, when `call` is one. */
export function instructedClient(call: Node, scope: Scope): Node | undefined {
  const ref = moduleRef(call.callee, scope);
  if (!ref || !INSTRUCTOR.test(ref.source) || !FACTORIES.has(exportName(ref) ?? '')) return undefined;
  const opts = unwrap(call.arguments[0]);
  const prop = opts?.type === 'ObjectExpression' ? findProperty(opts, 'client') : undefined;
  if (prop?.type !== 'ObjectProperty') return undefined;
  return prop.shorthand ? prop.key : prop.value;
}
