// The default a variable has elsewhere in the run: a model read from `DEFAULT_MODEL` with no
// fallback where it reaches the call (`cfg.get("DEFAULT_MODEL")`) takes the default another read of
// the same variable gives (`"DEFAULT_MODEL": os.getenv("DEFAULT_MODEL", "gpt-4o")` in the config
// module): that literal is the model the app runs with when the variable is unset.
import type { PyContext } from './context.js';
import { envRead } from './osenv.js';
import type { Node } from './parse.js';
import { stringValue, unwrap } from './tree.js';

const cache = new WeakMap<object, Map<string, Node[]>>();

/** The string literals the run's reads of a variable fall back to. */
export function envDefaults(ctx: PyContext, name: string): Node[] {
  const key = ctx.project ?? ctx;
  let byName = cache.get(key);
  if (!byName) {
    byName = new Map();
    for (const m of ctx.project ? ctx.project.modules.values() : [ctx]) {
      for (const call of m.index.calls) {
        const read = envRead(m, call);
        const fallback = unwrap(read?.fallback);
        if (!read || !fallback || stringValue(fallback) === undefined || fallback.tree !== m.index.root.tree) continue;
        byName.set(read.name, [...(byName.get(read.name) ?? []), fallback]);
      }
    }
    cache.set(key, byName);
  }
  return byName.get(name) ?? [];
}
