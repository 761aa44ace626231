// Libraries that wrap an OpenAI client and keep its calls (instructor, LangSmith, Braintrust):
// the client a wrapper call wraps, recognised by the wrapper's import.
import type { PyContext } from './context.js';
import type { Node } from './parse.js';
import { named, unwrap } from './tree.js';

// Libraries that wrap a client and return it (or an object making the same calls on it).
const WRAPPERS: Record<string, string[]> = {
  instructor: ['from_openai', 'patch', 'apatch'],
  'langsmith.wrappers': ['wrap_openai'],
  braintrust: ['wrap_openai'],
};

/** The client a wrapper call wraps: `instructor.from_openai(OpenAI())`, `wrap_openai(client)`. */
export function wrappedArgument(ctx: PyContext, call: Node): Node | undefined {
  const fn = unwrap(call.childForFieldName('function'));
  if (!fn) return undefined;
  const name = fn.type === 'attribute' ? fn.childForFieldName('attribute')!.text : fn.text;
  const base = fn.type === 'attribute' ? fn.childForFieldName('object')!.text : undefined;
  const modules = base
    ? (ctx.index.imports.get(base.split('.')[0]) ?? []).filter((i) => !i.name).map((i) => [i.module, ...base.split('.').slice(1)].join('.'))
    : (ctx.index.imports.get(name) ?? []).filter((i) => i.name).map((i) => i.module);
  if (!modules.some((m) => WRAPPERS[m]?.includes(base ? name : (ctx.index.imports.get(name) ?? []).find((i) => i.module === m)?.name ?? ''))) return undefined;
  const args = named(call.childForFieldName('arguments')!);
  return args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'client')?.childForFieldName('value') ?? args.find((a) => a.type !== 'keyword_argument') ?? undefined;
}
