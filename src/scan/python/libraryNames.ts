// Which library name an expression stands for, by the module's imports (never by a variable's
// name): the one way the Python scanner recognises a library, for client wrappers (wrappers.ts),
// the libraries in frameworks/ and hand-written HTTP.
import type { PyContext } from './context.js';
import type { Node } from './parse.js';
import { unwrap } from './tree.js';

/**
 * The module and name an expression takes from a library whose module matches `modules`:
 * `completion` after `from litellm import completion`, `dspy.LM` after `import dspy`,
 * `lm.OpenAI` after `import llama_index.llms.openai as lm`, `generators.OpenAIGenerator` after
 * `from haystack.components import generators`; `Agent[Ctx]` (a generic subscript) is its class.
 * Any import counts (in a function, under `try:`); code a migration adds uses module-level ones.
 */
export function libraryName(ctx: PyContext, expr: Node | null | undefined, modules: RegExp): { module: string; name: string } | undefined {
  let n = unwrap(expr);
  if (n?.type === 'subscript') n = unwrap(n.childForFieldName('value'));
  if (n?.type === 'identifier') {
    for (const i of ctx.index.imports.get(n.text) ?? []) if (i.name && modules.test(i.module)) return { module: i.module, name: i.name };
    return undefined;
  }
  if (n?.type !== 'attribute') return undefined;
  const path = n.childForFieldName('object')!.text.split('.').map((s) => s.trim());
  if (!path.every((p) => /^\w+$/.test(p))) return undefined;
  const name = n.childForFieldName('attribute')!.text;
  for (const i of ctx.index.imports.get(path[0]) ?? []) {
    // `from m import generators` may be a submodule; `from agents import Runner` is a class (Python's
    // CapWords convention), so `Runner.run` is its method, not a name of a module `agents.Runner`.
    if (i.name && /^[A-Z]/.test(i.name)) continue;
    const base = i.name ? (i.module.endsWith('.') ? i.module + i.name : `${i.module}.${i.name}`) : i.module;
    // `import a.b` binds `a`: the rest of the path names the submodule.
    const module = [base, ...path.slice(1)].join('.');
    if (modules.test(module)) return { module, name };
  }
  return undefined;
}
