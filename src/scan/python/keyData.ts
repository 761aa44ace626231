// Env names held as data: the literal a read takes its name from when the name is not written in
// the read itself: a constant or Enum member (`os.getenv(Keys.OPENAI.value)`), or a list the
// code iterates into reads or checks (`REQUIRED = ["OPENAI_API_KEY", "DATABASE_URL"]` +
// `for name in REQUIRED: if name not in os.environ: ...`). Each such literal gets the uses found
// for it in the run, so it is renamed in step with the reads (or reported) like a literal in a read.
import type { PyContext } from './context.js';
import { envName, isEnvHelper } from './envHelpers.js';
import { lookup } from './module.js';
import { importedName, methodsOf, moduleOf } from './names.js';
import { callUse, environTest, isEnviron, readUse, subscriptUse } from './osenv.js';
import type { Node } from './parse.js';
import { named, stringValue, unwrap } from './tree.js';

const MAX_DEPTH = 6;
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

export interface NameSite {
  /** The string literal holding the name (in a constant, an Enum member or a list). */
  literal: Node;
  name: string;
  use: 'read' | 'test' | 'set';
  /** The read, test or set expression, and the module it is in. */
  at: Node;
  atCtx: PyContext;
}

const cache = new WeakMap<object, NameSite[]>();

/** The names held as data in the run (or in this module, when it is scanned alone). */
export function indirectNameSites(ctx: PyContext): NameSite[] {
  const key = ctx.project ?? ctx;
  const cached = cache.get(key);
  if (cached) return cached;
  const sites: NameSite[] = [];
  const modules = ctx.project ? [...ctx.project.modules.values()] : [ctx];
  // The names of the run's functions that may be env helpers (their body reads the environment).
  const helpers = new Set<string>();
  for (const m of modules) {
    if (!/environ|getenv/.test(m.text)) continue;
    for (const [name, defs] of m.index.functions) if (defs.some((d) => /environ|getenv/.test(d.text))) helpers.add(name);
  }
  for (const m of modules) collect(m, sites, helpers);
  cache.set(key, sites);
  return sites;
}

/** The sites of one literal (by its module and start). */
export function sitesOf(ctx: PyContext, literal: Node): NameSite[] {
  return indirectNameSites(ctx).filter((s) => s.literal.startIndex === literal.startIndex && s.literal.tree === literal.tree);
}

function collect(m: PyContext, sites: NameSite[], helpers: Set<string>): void {
  const add = (nameArg: Node | null | undefined, use: NameSite['use'], at: Node) => {
    const n = unwrap(nameArg);
    if (!n || stringValue(n) !== undefined) return; // written in the read: see keyNames.ts
    const held = envName(m, n);
    if (held) {
      sites.push({ literal: held.nameNode, name: held.name, use, at, atCtx: m });
      return;
    }
    if (n.type !== 'identifier') return;
    for (const literal of loopedNames(m, n)) sites.push({ literal, name: stringValue(literal)!, use, at, atCtx: m });
  };
  const os = /environ|getenv/.test(m.text);
  for (const call of m.index.calls) {
    // Only calls that may read the environment: through `os` here, or a helper of the run by name.
    const fn = unwrap(call.childForFieldName('function'));
    const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')!.text : fn?.text ?? '';
    if (!(os && /^(getenv|get|putenv|setdefault|pop)$/.test(name)) && !helpers.has(name) && !/^_?set_?env/i.test(name)) continue;
    const use = callUse(m, call);
    if (use) add(use.nameArg, use.use, call);
  }
  for (const s of m.index.subscripts) if (isEnviron(m, s.childForFieldName('value'))) add(s.childForFieldName('subscript'), subscriptUse(s, m), s);
  // A dict subclass whose `get` reads the environment first (`os.getenv(key) or super().get(key)`)
  // keeps settings under the same names: its own keys (`defaults["OPENAI_API_KEY"] = ...`) are them.
  for (const [, classes] of m.index.classes) {
    for (const cls of classes) {
      if (!/\bdict\b/.test(cls.childForFieldName('superclasses')?.text ?? '') || !methodsOf(m, cls, 'get').some((g) => isEnvHelper(g.ctx, g.def))) continue;
      for (const str of m.index.strings) {
        if (str.startIndex < cls.startIndex || str.endIndex > cls.endIndex || stringValue(str) === undefined) continue;
        const use = storeUse(str);
        if (use) sites.push({ literal: str, name: stringValue(str)!, use: use.use, at: use.at, atCtx: m });
      }
    }
  }
  for (const c of m.index.comparisons) {
    const name = c.text.includes('environ') ? environTest(m, c) : undefined;
    if (name) add(name, 'test', c);
  }
}

// `d["X"] = v` (set), `d.get("X")` / `d["X"]` (a test in a condition, else a read).
function storeUse(str: Node): { use: NameSite['use']; at: Node } | undefined {
  const p = str.parent;
  if (p?.type === 'subscript' && p.childForFieldName('subscript')?.id === str.id) return { use: subscriptUse(p), at: p };
  const call = p?.type === 'argument_list' && named(p)[0]?.id === str.id ? p.parent : undefined;
  const fn = call && unwrap(call.childForFieldName('function'));
  if (fn?.type === 'attribute' && fn.childForFieldName('attribute')!.text === 'get') return { use: readUse(call!), at: call! };
  return undefined;
}

/** The string literals a loop variable takes: `for name in REQUIRED`, `[k for k in KEYS if ...]`. */
function loopedNames(ctx: PyContext, id: Node): Node[] {
  for (let cur: Node | null = id.parent; cur; cur = cur.parent) {
    if (cur.type === 'function_definition' || cur.type === 'class_definition') return [];
    let clause: Node | undefined;
    if (cur.type === 'for_statement' && cur.childForFieldName('body') && id.startIndex >= cur.childForFieldName('body')!.startIndex) clause = cur;
    else if (COMPREHENSIONS.has(cur.type)) clause = named(cur).find((c) => c.type === 'for_in_clause');
    if (!clause) continue;
    const left = unwrap(clause.childForFieldName('left'));
    const target = left?.type === 'pattern_list' || left?.type === 'tuple_pattern' ? named(left)[0] : left;
    if (target?.type !== 'identifier' || target.text !== id.text) continue;
    return namesIn(ctx, clause.childForFieldName('right'), left !== target, 0);
  }
  return [];
}

// The string elements of what a loop iterates (dict keys for a dict, `.keys()` and `.items()`).
function namesIn(ctx: PyContext, expr: Node | null | undefined, pairs: boolean, depth: number): Node[] {
  const n = unwrap(expr);
  if (!n || depth > MAX_DEPTH) return [];
  switch (n.type) {
    case 'list':
    case 'tuple':
    case 'set':
      return pairs ? [] : named(n).filter((e) => stringValue(e) !== undefined);
    case 'dictionary':
      return named(n).filter((p) => p.type === 'pair').map((p) => unwrap(p.childForFieldName('key'))!).filter((k) => stringValue(k) !== undefined);
    case 'binary_operator':
      return [...namesIn(ctx, n.childForFieldName('left'), pairs, depth + 1), ...namesIn(ctx, n.childForFieldName('right'), pairs, depth + 1)];
    case 'call': {
      const fn = unwrap(n.childForFieldName('function'));
      if (fn?.type === 'attribute' && /^(keys|items)$/.test(fn.childForFieldName('attribute')!.text)) return namesIn(ctx, fn.childForFieldName('object'), false, depth + 1);
      return [];
    }
    case 'identifier': {
      const found = lookup(ctx.index, n.text, n);
      if (found?.kind === 'assigned' && found.values.length === 1) return namesIn(ctx, found.values[0].value, pairs, depth + 1);
      if (found?.kind === 'param') {
        // `def check_env(names): for name in names: ...`, called with the list.
        return (ctx.project?.arguments(ctx, found.fn, n.text) ?? []).flatMap((a) => namesIn(a.ctx, a.value, pairs, depth + 1));
      }
      if (found?.kind === 'import') {
        const def = importedName(ctx, found.imports);
        const values = def ? (def.ctx.index.assigns.get(def.name) ?? []).filter((a) => a.scope === 0) : [];
        return values.length === 1 ? namesIn(def!.ctx, values[0].value, pairs, depth + 1) : [];
      }
      return [];
    }
    case 'attribute': {
      const module = moduleOf(ctx, unwrap(n.childForFieldName('object'))!);
      const values = module ? (module.index.assigns.get(n.childForFieldName('attribute')!.text) ?? []).filter((a) => a.scope === 0) : [];
      return values.length === 1 ? namesIn(module!, values[0].value, pairs, depth + 1) : [];
    }
    default:
      return [];
  }
}
