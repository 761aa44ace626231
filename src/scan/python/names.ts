// What a name means across the run's modules: the module and name an import stands for, the
// module or class a name is, the class an expression is an instance of, and the function or
// method a callee names. Shared by the value, client and env readers (which import this file,
// never each other, for these questions).
import type { PyContext } from './context.js';
import { type Import, lookup } from './module.js';
import type { Node } from './parse.js';
import { named, stringValue, unwrap } from './tree.js';

const MAX_DEPTH = 12;

/** The module and name an import of a name stands for, when the module is part of the run. */
export function importedName(ctx: PyContext, imports: Import[]): { ctx: PyContext; name: string } | undefined {
  for (const i of imports) {
    const target = ctx.project?.imported(ctx, i);
    const def = target?.name ? ctx.project!.definition(target) : undefined;
    if (def?.name) return { ctx: def.ctx, name: def.name };
  }
  return undefined;
}

/** A name a module gets from `from m import *` (a module of the run that defines it at module level). */
export function starImported(ctx: PyContext, name: string): { ctx: PyContext; name: string } | undefined {
  for (const i of ctx.index.starImports) {
    const target = ctx.project?.imported(ctx, i);
    const m = target && !target.name ? target.ctx : undefined;
    if (!m) continue;
    const def = ctx.project!.definition({ ctx: m, name });
    if (def?.name) return { ctx: def.ctx, name: def.name };
  }
  return undefined;
}

/** The module of the run an expression names (`import app.settings as settings`, `from app import settings`). */
export function moduleOf(ctx: PyContext, node: Node): PyContext | undefined {
  if (node.type !== 'identifier' || !ctx.project) return undefined;
  const found = lookup(ctx.index, node.text, node);
  if (found?.kind !== 'import') return undefined;
  for (const i of found.imports) {
    const target = ctx.project.imported(ctx, i);
    const def = target && (target.name ? ctx.project.definition(target) : target);
    if (def && !def.name) return def.ctx;
  }
  return undefined;
}

/** A class definition a name means here (same module, or imported from one of the run). */
export function classNamed(ctx: PyContext, node: Node | null | undefined): { ctx: PyContext; node: Node } | undefined {
  let n = unwrap(node);
  // `Optional[Agent]`, `"Agent"` and `Agent | None` name Agent.
  for (let i = 0; n && i < 4; i++) {
    if (n.type === 'type' || n.type === 'type_parameter') n = unwrap(named(n)[0]);
    else if (n.type === 'binary_operator') n = unwrap(n.childForFieldName('left'));
    else if ((n.type === 'generic_type' || n.type === 'subscript') && /^(typing\.)?Optional\b/.test(n.text)) n = unwrap(named(n)[1]);
    else break;
  }
  const s = n && stringValue(n);
  if (n?.type === 'attribute') {
    // `models.Agent`
    const module = moduleOf(ctx, unwrap(n.childForFieldName('object'))!);
    const cls = module?.index.classes.get(n.childForFieldName('attribute')!.text);
    return cls?.length === 1 ? { ctx: module!, node: cls[0] } : undefined;
  }
  const name = s ?? (n?.type === 'identifier' ? n.text : undefined);
  if (!name) return undefined;
  const own = ctx.index.classes.get(name);
  if (own?.length === 1) return { ctx, node: own[0] };
  const imports = ctx.index.imports.get(name);
  const def = imports && importedName(ctx, imports);
  const cls = def && def.ctx.index.classes.get(def.name);
  return cls?.length === 1 ? { ctx: def!.ctx, node: cls[0] } : undefined;
}

/** The classes a type annotation names: one, or each of a union (`Writer | Critic`, `Union[A, B]`). */
export function classesNamed(ctx: PyContext, type: Node | null | undefined): { ctx: PyContext; node: Node }[] {
  const out: { ctx: PyContext; node: Node }[] = [];
  const stack = [unwrap(type)];
  for (let i = 0; stack.length && i < 16; i++) {
    let n = stack.pop();
    if (n?.type === 'type') n = unwrap(named(n)[0]);
    if (n?.type === 'binary_operator') stack.push(unwrap(n.childForFieldName('left')), unwrap(n.childForFieldName('right')));
    else if ((n?.type === 'generic_type' || n?.type === 'subscript') && /^(typing\.)?Union\b/.test(n.text)) stack.push(...named(n).slice(1).flatMap((t) => (t.type === 'type_parameter' ? named(t) : [t])));
    else {
      const cls = classNamed(ctx, n);
      if (cls) out.push(cls);
    }
  }
  return out;
}

/** The class whose body a node is in (for `self`). */
export function enclosingClass(node: Node): Node | undefined {
  for (let cur = node.parent; cur; cur = cur.parent) if (cur.type === 'class_definition') return cur;
  return undefined;
}

export interface Instance {
  ctx: PyContext;
  node: Node;
  /** The values the construction seen here passes for a field (`Settings(model=...)`). */
  args(name: string): Node[];
}

/**
 * The class an expression is an instance of: `self` in a method, a parameter typed with it
 * (`agent: Agent`), or a variable or `self.x` built from it (`settings = Settings()`, whose
 * keyword arguments also count), here or imported.
 */
export function instanceClass(ctx: PyContext, node: Node, depth = 0): Instance | undefined {
  if (depth > MAX_DEPTH || active > MAX_ACTIVE) return undefined;
  active++;
  try {
    return findInstanceClass(ctx, node, depth);
  } finally {
    active--;
  }
}

// Calls between instanceClass and functionsNamed (and the value readers above them) nest; this
// bounds them all, however they recurse.
let active = 0;
const MAX_ACTIVE = 48;

function findInstanceClass(ctx: PyContext, node: Node, depth: number): Instance | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'identifier' && (n.text === 'self' || n.text === 'cls')) {
    const cls = enclosingClass(n);
    return cls && { ctx, node: cls, args: () => [] };
  }
  let value: Node | undefined;
  if (n.type === 'identifier') {
    const found = lookup(ctx.index, n.text, n);
    if (found?.kind === 'param') {
      const cls = found.type && !found.values.length ? classNamed(ctx, found.type) : undefined;
      return cls && { ...cls, args: () => [] };
    }
    value = found?.kind === 'assigned' && found.values.length === 1 ? unwrap(found.values[0].value) : found?.kind === 'import' ? importedInstance(ctx, found.imports) : undefined;
  } else if (n.type === 'attribute' && /^(self|cls)$/.test(unwrap(n.childForFieldName('object'))?.text ?? '')) {
    const name = n.childForFieldName('attribute')!.text;
    const values = ctx.index.assigns.get(`self.${name}`) ?? [];
    value = values.length === 1 ? unwrap(values[0].value) : undefined;
    // `self.settings = settings` (a parameter typed `Settings`), or a field `settings: Settings`.
    if (value && value.type !== 'call') return instanceClass(ctx, value, depth + 1);
    if (!value) {
      const cls = enclosingClass(n);
      const field = cls && named(cls.childForFieldName('body') ?? cls).map((s) => (s.type === 'expression_statement' ? named(s)[0] : undefined)).find((a) => a?.type === 'assignment' && a.childForFieldName('left')?.text === name && a.childForFieldName('type'));
      const type = field && classNamed(ctx, field.childForFieldName('type'));
      return type && { ...type, args: () => [] };
    }
  } else if (n.type === 'call') {
    value = n;
  }
  if (value?.type !== 'call') return undefined;
  if (!classNamed(ctx.project?.owner(value) ?? ctx, value.childForFieldName('function'))) {
    // A factory: `def get_settings(): return Settings()` (here or imported, maybe cached).
    for (const f of functionsNamed(ctx.project?.owner(value) ?? ctx, value.childForFieldName('function'), depth + 1)) {
      for (const r of f.ctx.index.returns.get(f.def.id) ?? []) {
        const inst = unwrap(r)?.type === 'call' ? instanceClass(f.ctx, r, depth + 1) : undefined;
        if (inst) return inst;
      }
    }
    return undefined;
  }
  const owner = ctx.project?.owner(value) ?? ctx;
  const cls = classNamed(owner, value.childForFieldName('function'));
  const args = value.childForFieldName('arguments');
  return cls && { ...cls, args: (name) => named(args!).filter((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name).map((a) => a.childForFieldName('value')!) };
}

// `from app.config import settings` where that module has `settings = Settings()`.
function importedInstance(ctx: PyContext, imports: Import[]): Node | undefined {
  const def = importedName(ctx, imports);
  const values = def ? (def.ctx.index.assigns.get(def.name) ?? []).filter((a) => a.scope === 0) : [];
  return values.length === 1 ? unwrap(values[0].value) : undefined;
}

/** Whether a class is `target` or inherits from it through classes of the run. */
export function inherits(ctx: PyContext, cls: Node, target: Node, depth = 0): boolean {
  if (cls.id === target.id && cls.tree === target.tree) return true;
  if (depth > 6) return false;
  for (const base of named(cls.childForFieldName('superclasses') ?? cls).filter((b) => b.type === 'identifier' || b.type === 'attribute')) {
    const parent = classNamed(ctx, base);
    if (parent && parent.node.id !== cls.id && inherits(parent.ctx, parent.node, target, depth + 1)) return true;
  }
  return false;
}

/** The methods named `name` in a class body, or in its base classes of the run. */
export function methodsOf(ctx: PyContext, cls: Node, name: string, depth = 0): { ctx: PyContext; def: Node }[] {
  const body = cls.childForFieldName('body');
  const own = (body ? named(body) : []).map((s) => (s.type === 'decorated_definition' ? s.childForFieldName('definition') : s))
    .filter((s): s is Node => s?.type === 'function_definition' && s.childForFieldName('name')?.text === name);
  if (own.length || depth > 4) return own.map((def) => ({ ctx, def }));
  for (const base of named(cls.childForFieldName('superclasses') ?? cls).filter((b) => b.type === 'identifier' || b.type === 'attribute')) {
    const parent = classNamed(ctx, base);
    if (parent && parent.node.id !== cls.id) {
      const found = methodsOf(parent.ctx, parent.node, name, depth + 1);
      if (found.length) return found;
    }
  }
  return [];
}

/**
 * The function definitions a callee names: a function here or imported (`get_env`), one of a
 * module (`config.get_env`), or a method of the class of an instance or of the class itself
 * (`config.get`, `Config.get`, `self.get`). `method` says whether the first parameter is bound.
 */
export function functionsNamed(ctx: PyContext, callee: Node | null | undefined, depth = 0): { ctx: PyContext; def: Node; method: boolean }[] {
  const fn = unwrap(callee);
  if (!fn || depth > MAX_DEPTH || active > MAX_ACTIVE) return [];
  if (fn.type === 'identifier') {
    const found = lookup(ctx.index, fn.text, fn);
    if (found?.kind === 'assigned' || found?.kind === 'param') return [];
    const own = (ctx.index.functions.get(fn.text) ?? []).filter((d) => !isMethod(d));
    if (own.length) return own.map((def) => ({ ctx, def, method: false }));
    const def = found?.kind === 'import' ? importedName(ctx, found.imports) : found ? undefined : starImported(ctx, fn.text);
    return (def?.ctx.index.functions.get(def.name) ?? []).filter((d) => !isMethod(d)).map((d) => ({ ctx: def!.ctx, def: d, method: false }));
  }
  if (fn.type !== 'attribute') return [];
  const obj = unwrap(fn.childForFieldName('object'))!;
  const name = fn.childForFieldName('attribute')!.text;
  const module = moduleOf(ctx, obj);
  if (module) return (module.index.functions.get(name) ?? []).filter((d) => !isMethod(d)).map((def) => ({ ctx: module, def, method: false }));
  const cls = obj.type === 'identifier' && !/^(self|cls)$/.test(obj.text) ? classNamed(ctx, obj) : undefined;
  if (cls) return methodsOf(cls.ctx, cls.node, name).map((m) => ({ ...m, method: isBound(m.def, true) }));
  const inst = instanceClass(ctx, obj, depth + 1);
  return inst ? methodsOf(inst.ctx, inst.node, name).map((m) => ({ ...m, method: isBound(m.def, false) })) : [];
}

/** Whether a function is defined in a class body. */
export function isMethod(def: Node): boolean {
  const stmt = def.parent?.type === 'decorated_definition' ? def.parent : def;
  return stmt.parent?.type === 'block' && stmt.parent.parent?.type === 'class_definition';
}

// Whether a method's first parameter is bound when called (on the class: only for a classmethod).
function isBound(def: Node, onClass: boolean): boolean {
  const decorators = def.parent?.type === 'decorated_definition' ? named(def.parent).filter((d) => d.type === 'decorator').map((d) => d.text) : [];
  if (decorators.some((d) => /staticmethod/.test(d))) return false;
  if (decorators.some((d) => /classmethod/.test(d))) return true;
  return !onClass;
}
