// Libraries that wrap an OpenAI client and keep its calls (instructor, LangSmith, Braintrust, Opik):
// the client a wrapper call wraps, recognised by the wrapper's import, and instructor's own
// request methods on the client it returns.
import type { PyContext } from './context.js';
import { libraryName } from './libraryNames.js';
import { lookup } from './module.js';
import type { Node } from './parse.js';
import { keywordArg, named, unwrap } from './tree.js';

// Libraries that wrap a client and return it (or an object making the same calls on it).
const WRAPPERS: { modules: RegExp; names: Set<string>; instructor?: true }[] = [
  { modules: /^instructor$/, names: new Set(['from_openai', 'patch', 'apatch']), instructor: true },
  { modules: /^langsmith(\.wrappers(\._openai)?)?$/, names: new Set(['wrap_openai']) },
  { modules: /^braintrust(\.oai)?$/, names: new Set(['wrap_openai']) },
  { modules: /^opik\.integrations\.openai$/, names: new Set(['track_openai']) },
];

/** A call that wraps an openai client, with the client it wraps (its first argument, or `client=`). */
export function wrapperOf(ctx: PyContext, call: Node): { client: Node; instructor: boolean } | undefined {
  const fn = call.childForFieldName('function');
  for (const w of WRAPPERS) {
    const lib = libraryName(ctx, fn, w.modules);
    if (!lib || !w.names.has(lib.name)) continue;
    const args = call.childForFieldName('arguments');
    const client = keywordArg(args, ['client'])?.childForFieldName('value') ?? named(args!).find((a) => a.type !== 'keyword_argument');
    return client ? { client, instructor: !!w.instructor } : undefined;
  }
  return undefined;
}

/** The client a wrapper call wraps: `instructor.from_openai(OpenAI())`, `wrap_openai(client)`. */
export function wrappedArgument(ctx: PyContext, call: Node): Node | undefined {
  return wrapperOf(ctx, call)?.client;
}

/** Instructor's own request methods (`client.create(response_model=...)`, `create_with_completion`, ...). */
export const INSTRUCTOR_METHOD = /^create(_with_completion|_partial|_iterable)?$/;

// They are chat completions; its `chat`, `completions` and `messages` are the client itself
// (`client.completions.chat.create`).
const INSTRUCTOR_PREFIX = /^(chat|completions|messages)$/;

/** Whether a call path made on `expr` is an instructor request: `expr` holds `instructor.from_openai(...)`. */
export function isInstructorCall(ctx: PyContext, expr: Node, path: string[]): boolean {
  if (!INSTRUCTOR_METHOD.test(path.at(-1) ?? '') || !path.slice(0, -1).every((p) => INSTRUCTOR_PREFIX.test(p))) return false;
  let node = unwrap(expr);
  if (node?.type === 'identifier') {
    const found = lookup(ctx.index, node.text, node);
    node = found?.kind === 'assigned' && found.values.length === 1 ? unwrap(found.values[0].value) : undefined;
  } else if (node?.type === 'attribute' && /^(self|cls)$/.test(node.childForFieldName('object')!.text)) {
    const values = ctx.index.assigns.get(`self.${node.childForFieldName('attribute')!.text}`) ?? [];
    node = values.length === 1 ? unwrap(values[0].value) : undefined;
  }
  return node?.type === 'call' && wrapperOf(ctx, node)?.instructor === true;
}
