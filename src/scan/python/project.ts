// The Python modules of one run, for following values and clients across them: which file an
// import names (relative imports, packages and `__init__.py`, absolute imports matched against the
// run's files), and what a module-level name of a module is, through re-exports. Only files the
// run discovered count, so nothing outside the given roots is followed or edited.
import { basename, dirname, join, sep } from 'node:path';
import type { PyContext } from './context.js';
import type { Import } from './module.js';
import type { Node } from './parse.js';
import { inherits, instanceClass, methodsOf } from './names.js';
import { named, unwrap } from './tree.js';

const MAX_DEPTH = 12;
// Calls of one function looked at for what they pass, at most.
const MAX_CALLERS = 50;

/** What an imported name stands for: a module, or a module-level name of one. */
export type Target = { ctx: PyContext; name?: string };

export class PyProject {
  private readonly byTree = new WeakMap<object, PyContext>();
  /** Known `.py` files by module stem (`settings` for `app/settings.py` and `app/settings/__init__.py`). */
  private readonly byStem = new Map<string, string[]>();

  constructor(known: Set<string>, readonly modules: Map<string, PyContext>) {
    for (const file of known) {
      if (!file.endsWith('.py')) continue;
      const stem = basename(file) === '__init__.py' ? basename(dirname(file)) : basename(file, '.py');
      this.byStem.set(stem, [...(this.byStem.get(stem) ?? []), file]);
    }
    for (const ctx of modules.values()) this.add(ctx);
  }

  add(ctx: PyContext): void {
    this.modules.set(ctx.path, ctx);
    this.byTree.set(ctx.index.root.tree, ctx);
    // What an import stands for may be a module just added.
    this.importCache.clear();
    this.bindingCache.clear();
  }

  /** The module a node belongs to. */
  owner(node: Node): PyContext | undefined {
    return this.byTree.get(node.tree);
  }

  /**
   * The file a module name names from `from`: `.x`/`..x` relative to it, or an absolute dotted name
   * matched against the run's files (the one nearest to `from` when several match).
   */
  resolve(from: string, module: string): string | undefined {
    return this.resolveAll(from, module)[0];
  }

  /** Every file an absolute module name may name, the nearest to `from` first. */
  resolveAll(from: string, module: string): string[] {
    const key = `${from}\0${module}`;
    let found = this.resolveCache.get(key);
    if (!found) {
      found = this.findAll(from, module);
      this.resolveCache.set(key, found);
    }
    return found;
  }

  private readonly resolveCache = new Map<string, string[]>();

  private findAll(from: string, module: string): string[] {
    const dots = /^\.*/.exec(module)![0].length;
    const parts = module.slice(dots).split('.').filter(Boolean);
    if (dots) {
      let dir = dirname(from);
      for (let i = 1; i < dots; i++) dir = dirname(dir);
      const base = join(dir, ...parts);
      const file = parts.length ? this.fileAt(base) : this.fileAt(dir);
      return file ? [file] : [];
    }
    if (!parts.length) return [];
    const tail = join(...parts);
    // Paths are absolute or relative to the working folder (`agent/providers/factory.py`).
    const ends = (f: string, rest: string) => f === rest || f.endsWith(`${sep}${rest}`);
    const candidates = (this.byStem.get(parts[parts.length - 1]) ?? []).filter((f) => ends(f, `${tail}.py`) || ends(f, join(tail, '__init__.py')));
    return candidates.sort((a, b) => shared(b, from) - shared(a, from));
  }

  private fileAt(base: string): string | undefined {
    const stem = basename(base);
    for (const f of [`${base}.py`, join(base, '__init__.py')]) if (this.byStem.get(stem)?.includes(f)) return f;
    return undefined;
  }

  /** The files a module imports that are part of the run (for loading them). */
  importedFiles(ctx: PyContext): string[] {
    const out = new Set<string>();
    for (const i of ctx.index.starImports) for (const file of this.resolveAll(ctx.path, i.module)) out.add(file);
    for (const imports of ctx.index.imports.values()) {
      for (const i of imports) {
        for (const file of this.resolveAll(ctx.path, i.module)) out.add(file);
        const sub = i.name && this.resolve(ctx.path, i.module.endsWith('.') ? i.module + i.name : `${i.module}.${i.name}`);
        if (sub) out.add(sub);
      }
    }
    return [...out];
  }

  /** What an import binds: `from m import x` (a submodule `m/x.py`, or the name x of m), `import m as a`. */
  imported(ctx: PyContext, i: Import): Target | undefined {
    const key = `${ctx.path}\0${i.node.id}\0${i.module}\0${i.name ?? ''}`;
    if (this.importCache.has(key)) return this.importCache.get(key);
    const target = this.findImported(ctx, i);
    this.importCache.set(key, target);
    return target;
  }

  private readonly importCache = new Map<string, Target | undefined>();

  private findImported(ctx: PyContext, i: Import): Target | undefined {
    if (i.name) {
      const sub = this.module(ctx.path, i.module.endsWith('.') ? i.module + i.name : `${i.module}.${i.name}`);
      if (sub) return { ctx: sub };
      // `from config import X` with several `config.py` in the run: the one that defines X.
      const all = this.resolveAll(ctx.path, i.module).map((f) => this.modules.get(f)).filter((m): m is PyContext => !!m && m !== ctx);
      const m = all.find((c) => defines(c, i.name!)) ?? all[0];
      return m ? { ctx: m, name: i.name } : undefined;
    }
    const m = this.module(ctx.path, i.module);
    return m && m !== ctx ? { ctx: m } : undefined;
  }

  /**
   * A name of a module, at module level, followed through the module's own imports
   * (`from .settings import MODEL` in an `__init__.py`): the module and name that define it.
   */
  definition(target: Target, depth = 0): Target | undefined {
    let cur = target;
    for (let d = depth; d <= MAX_DEPTH && cur.name; d++) {
      const { index } = cur.ctx;
      const name = cur.name;
      if (index.functions.has(name) || index.classes.has(name) || (index.assigns.get(name) ?? []).some((a) => a.scope === 0)) return cur;
      const imp = (index.imports.get(name) ?? []).find((i) => i.node.parent?.type === 'module');
      const next = imp && this.imported(cur.ctx, imp);
      if (!next) return undefined;
      cur = next;
    }
    return cur.name ? undefined : cur;
  }

  private readonly callerCache = new Map<string, { ctx: PyContext; value: Node }[]>();
  private readonly callCounts = new Map<string, number>();

  /** How many calls of a function the run makes (after `arguments` looked for them). */
  callCount(ctx: PyContext, fnId: number): number {
    return this.callCounts.get(`${ctx.path}:${fnId}`) ?? 0;
  }

  /**
   * The values passed for a parameter at the calls of its function (`ask(client, q)`), in its
   * module and those importing it: for a method `__init__`, the calls of its class
   * (`Engine(client)`); for another method, `self.method(...)` calls in its class.
   */
  arguments(ctx: PyContext, fnId: number, param: string): { ctx: PyContext; value: Node }[] {
    const fn = ctx.index.defs.get(fnId);
    if (!fn) return [];
    const params = [...(ctx.index.params.get(fnId)?.keys() ?? [])];
    // A decorated method (`@retry`) sits in a decorated_definition inside the class body.
    const holder = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
    const cls = holder.parent?.type === 'block' && holder.parent.parent?.type === 'class_definition' ? holder.parent.parent : undefined;
    const position = params.indexOf(param) - (cls && params[0] && /^(self|cls)$/.test(params[0]) ? 1 : 0);
    const name = fn.childForFieldName('name')!.text;
    const key = `${ctx.path}:${fnId}:${param}`;
    const cached = this.callerCache.get(key);
    if (cached) return cached;
    const out: { ctx: PyContext; value: Node }[] = [];
    const target = cls && name === '__init__' ? cls.childForFieldName('name')!.text : cls ? undefined : name;
    const calls: { ctx: PyContext; call: Node }[] = [];
    if (target) {
      calls.push(...this.callsTo(ctx, target));
      // `class Agent(AgentEngine)` without an `__init__` of its own: `Agent(...)` calls this one.
      if (cls && name === '__init__') {
        for (const m of this.modules.values()) {
          for (const [subName, subs] of m.index.classes) {
            for (const sub of subs) {
              if (sub.id === cls.id && m === ctx) continue;
              const init = methodsOf(m, sub, '__init__')[0];
              if (inherits(m, sub, cls) && init?.def.id === fn.id && init.ctx === ctx) calls.push(...this.callsTo(m, subName));
            }
          }
        }
      }
    } else if (cls) {
      // `self.method(...)` in its class, and `obj.method(...)` on an instance of it (or of a
      // subclass) anywhere in the run (`ReplHandler(...).handle(model=model)`).
      for (const m of this.modules.values()) {
        for (const call of m.index.calls) {
          const f = unwrap(call.childForFieldName('function'));
          if (f?.type !== 'attribute' || f.childForFieldName('attribute')!.text !== name) continue;
          const obj = unwrap(f.childForFieldName('object'))!;
          if (m === ctx && /^(self|cls)$/.test(obj.text) && call.startIndex > cls.startIndex && call.endIndex <= cls.endIndex) calls.push({ ctx, call });
          else if (!/^(self|cls)$/.test(obj.text)) {
            const inst = instanceClass(m, obj);
            if (inst && inherits(inst.ctx, inst.node, cls)) calls.push({ ctx: m, call });
          }
          if (calls.length >= MAX_CALLERS) break;
        }
      }
    }
    // A test passes placeholders and mocks (`make_session(base_url=None)`), not what the app
    // runs with: its calls are not followed (unless the function is a test's own).
    const own = isTestFile(ctx.path);
    const app = calls.filter((c) => own || !isTestFile(c.ctx.path));
    this.callCounts.set(`${ctx.path}:${fnId}`, app.length);
    for (const { ctx: m, call } of app.slice(0, MAX_CALLERS)) {
      const value = argumentFor(call, param, position);
      if (value) out.push({ ctx: m, value });
    }
    this.callerCache.set(key, out);
    return out;
  }

  /**
   * The calls of a module-level function or class of a module, by its name: in that module, and
   * in the modules that import it (under any local name).
   */
  callsTo(ctx: PyContext, target: string): { ctx: PyContext; call: Node }[] {
    const calls: { ctx: PyContext; call: Node }[] = [];
    for (const m of this.modules.values()) {
      const local = m === ctx ? [target] : [];
      if (m !== ctx) {
        for (const b of this.bindings(m)) {
          if (b.def?.ctx === ctx && b.def.name === target) local.push(b.local);
          // `from app import llm` + `llm.run_agent(...)`: the module imported under a name.
          if (b.target?.ctx === ctx && !b.target.name) local.push(`${b.local}.${target}`);
        }
      }
      for (const l of local) for (const call of this.callsByCallee(m).get(l) ?? []) calls.push({ ctx: m, call });
    }
    return calls;
  }

  private readonly bindingCache = new Map<PyContext, { local: string; target?: Target; def?: Target }[]>();
  private readonly calleeCache = new Map<PyContext, Map<string, Node[]>>();

  // What each import of a module binds, resolved once.
  private bindings(m: PyContext): { local: string; target?: Target; def?: Target }[] {
    let out = this.bindingCache.get(m);
    if (!out) {
      out = [];
      for (const [local, is] of m.index.imports) {
        for (const i of is) {
          const target = this.imported(m, i);
          out.push({ local, target, def: target?.name ? this.definition(target) : undefined });
        }
      }
      this.bindingCache.set(m, out);
    }
    return out;
  }

  // A module's calls by the text of their callee (`make`, `llm.run_agent`).
  private callsByCallee(m: PyContext): Map<string, Node[]> {
    let out = this.calleeCache.get(m);
    if (!out) {
      out = new Map();
      for (const call of m.index.calls) {
        const f = unwrap(call.childForFieldName('function'));
        if (f?.type !== 'identifier' && f?.type !== 'attribute') continue;
        const text = f.text;
        out.set(text, [...(out.get(text) ?? []), call]);
      }
      this.calleeCache.set(m, out);
    }
    return out;
  }

  private module(from: string, name: string): PyContext | undefined {
    const file = this.resolve(from, name);
    return file ? this.modules.get(file) : undefined;
  }
}

// Whether a module has a module-level name (a def, a class, an assignment or an import).
function defines(ctx: PyContext, name: string): boolean {
  return ctx.index.functions.has(name) || ctx.index.classes.has(name) || (ctx.index.assigns.get(name) ?? []).some((a) => a.scope === 0) || ctx.index.imports.has(name);
}

/** Whether a file is a test (`tests/...`, `test_*.py`, `*_test.py`, `conftest.py`). */
export function isTestFile(path: string): boolean {
  return /(^|[\\/])(tests?|testing)[\\/]/.test(path) || /(^|[\\/])(test_[^\\/]*|[^\\/]*_test|conftest)\.pyw?$/.test(path);
}

/** The value a call passes for a parameter: by keyword, or at its position (not after `*args`). */
export function argumentFor(call: Node, param: string, position: number): Node | undefined {
  const args = named(call.childForFieldName('arguments')!);
  const kw = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === param);
  const positional = args.filter((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat');
  return kw?.childForFieldName('value') ?? (position >= 0 && !args.slice(0, position + 1).some((a) => a.type === 'list_splat') ? positional[position] : undefined) ?? undefined;
}

// How many leading path characters two paths share.
function shared(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}
