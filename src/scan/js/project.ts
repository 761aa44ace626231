// The modules of one run, parsed as values are followed into them: imports (resolved by
// imports.ts), exports and re-exports, and the callers of a function. Only files the run
// discovered are read, so nothing outside the given roots is followed or edited.
import { dirname, extname, resolve } from 'node:path';
import { followsJson, isJson } from './jsonModules.js';
import { type JsContext, ownerOf } from './context.js';
import { ImportGraph } from './imports.js';
import { importSpecifiers } from './specifiers.js';
import { JS_EXTENSIONS } from '../prefilter.js';
import { type ReadResult, readTextSync } from '../../pipeline/read.js';
import type { Definition, ImportResolver } from './resolve.js';
import { define, instanceClasses, namespaceMember } from './resolve.js';
import { type Node, type Scope, memberName, propName, unwrap } from './scope.js';

const MAX_DEPTH = 12;

type Load = (text: string, path: string, project: JsProject) => JsContext;

export class JsProject implements ImportResolver {
  private readonly modules = new Map<string, JsContext | null>();
  /** Call sites by the function they call, for the modules in `indexed` (grown as modules load). */
  private readonly callers = new Map<Node, { node: Node; scope: Scope }[]>();
  private readonly indexed = new Set<JsContext>();
  private readonly methodSites = new Map<Node, { node: Node; scope: Scope }[]>();
  /** One set for the run: string literals accounted for in any file. */
  readonly consumed = new Set<Node>();
  /** Files that did not parse, with the reason. */
  readonly errors = new Map<string, Error>();

  constructor(
    private readonly known: Set<string>,
    private readonly texts: Map<string, string>,
    private readonly load: Load,
    /** What the files of the run import, when the read pass collected it (shared by the run's groups). */
    private graph?: ImportGraph,
    /** The run's roots: JSON files under them that code imports are read too (jsonModules.ts). */
    private readonly roots?: string[],
  ) {}

  /** The module at a path, parsed on first use; undefined when it is not part of the run or does not parse. */
  module(path: string): JsContext | undefined {
    const cached = this.modules.get(path);
    if (cached !== undefined) return cached ?? undefined;
    this.modules.set(path, null);
    if (!this.known.has(path) && !followsJson(path, this.roots)) return undefined;
    try {
      const text = this.texts.get(path) ?? textOrThrow(readTextSync(path));
      const ctx = this.load(text, path, this);
      this.modules.set(path, ctx);
      return ctx;
    } catch (error) {
      this.errors.set(path, error as Error);
      return undefined;
    }
  }

  /** The paths of the modules parsed so far. */
  paths(): string[] {
    return this.loaded().map((m) => m.path);
  }

  private unindexed(): JsContext[] {
    return this.loaded().filter((m) => !this.indexed.has(m));
  }

  loadedModules(): JsContext[] {
    return this.loaded();
  }

  loaded(): JsContext[] {
    return [...this.modules.values()].filter((m): m is JsContext => m !== null);
  }

  importTarget(from: Scope, source: string, imported: string): Definition | undefined {
    const fromPath = (from.root().module as JsContext).path;
    const file = this.resolveSpecifier(fromPath, source);
    const mod = file && this.module(file);
    if (!mod) return undefined;
    if (imported === '*') return { namespace: mod.index.scope };
    return this.exported(mod.index.scope, imported);
  }

  exported(moduleScope: Scope, name: string, depth = 0): Definition | undefined {
    const mod = moduleScope.module as JsContext;
    if (depth > MAX_DEPTH) return undefined;
    const local = mod.index.exports.get(name);
    if (local) {
      if (local.type === 'Identifier') return define(local.name, mod.index.scope);
      if ((local.type === 'FunctionDeclaration' || local.type === 'ClassDeclaration') && local.id) return define(local.id.name, mod.index.scope);
      return { value: unwrap(local)!, scope: mod.index.scope };
    }
    for (const re of mod.index.reexports) {
      if (re.name !== name && re.name !== '*') continue;
      if (re.name === '*' && name === 'default') continue;
      const file = this.resolveSpecifier(mod.path, re.source);
      const target = file && this.module(file);
      if (!target) continue;
      const found = re.imported === '*' && re.name === name ? { namespace: target.index.scope } : this.exported(target.index.scope, re.name === '*' ? name : re.imported, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  callersOf(fn: Node): { node: Node; scope: Scope }[] {
    if (fn.type === 'ClassMethod' && fn.kind === 'method') return this.methodCallers(fn);
    // Callers in files the prefilter skipped (`ask(client, "hi")` mentions no OpenAI): load the
    // files that import the function's module.
    const owner = ownerOf(fn);
    if (owner) for (const file of this.importersOf(owner.path)) this.module(file);
    // Index the call sites of the modules loaded since the last time; resolving a callee may load
    // more modules: index them too, until nothing new is loaded.
    for (let pending = this.unindexed(); pending.length; pending = this.unindexed()) {
      for (const mod of pending) {
        this.indexed.add(mod);
        for (const site of mod.index.calls) {
          const callee = unwrap(site.node.callee);
          // `super(options)` calls the parent class's constructor.
          const target = callee?.type === 'Super' ? superConstructor(site.cls, mod.index.scope) : calleeTarget(callee, site.scope);
          if (target) this.addCaller(target, site);
        }
        // `new Engine(config)` calls Engine's constructor (or its parent's, when it has none).
        for (const site of mod.index.news) {
          const d = classDefinition(unwrap(site.node.callee), site.scope);
          const target = d && constructorOf(d.node, d.scope);
          if (target) this.addCaller(target, site);
        }
      }
    }
    return this.callers.get(fn) ?? [];
  }

  /**
   * Calls of a class method: `engine.run(...)` where `engine` is an instance of the class (or of a
   * subclass), and `this.run(...)` inside it. Found on demand, by the method's name first.
   */
  private methodCallers(method: Node): { node: Node; scope: Scope }[] {
    const cached = this.methodSites.get(method);
    if (cached) return cached;
    const name = propName(method);
    const cls = method.parent?.type === 'ClassBody' ? method.parent.parent : method.parent;
    const owner = ownerOf(method);
    const sites: { node: Node; scope: Scope }[] = [];
    this.methodSites.set(method, sites);
    if (!name || !cls || !owner || method.static) return sites;
    for (const file of this.importersOf(owner.path)) this.module(file);
    for (const mod of this.loaded()) {
      for (const site of mod.index.calls) {
        const callee = unwrap(site.node.callee);
        if (callee?.type !== 'MemberExpression' && callee?.type !== 'OptionalMemberExpression') continue;
        if (memberName(callee) !== name) continue;
        const object = unwrap(callee.object);
        const classes = object?.type === 'ThisExpression' ? (site.cls ? [{ node: site.cls, scope: site.scope }] : []) : instanceClasses(object, site.scope, site.cls);
        if (classes.some((c) => inherits(c.node, c.scope, cls))) sites.push({ node: site.node, scope: site.scope });
      }
    }
    return sites;
  }

  private addCaller(target: Node, site: { node: Node; scope: Scope }): void {
    const list = this.callers.get(target);
    if (list) list.push({ node: site.node, scope: site.scope });
    else this.callers.set(target, [{ node: site.node, scope: site.scope }]);
  }

  /**
   * The files that import a module, among the run's files (the read pass noted what the skipped
   * ones import), or else among the files of the run not loaded yet (read here once).
   */
  importersOf(path: string): string[] {
    return this.importGraph().importers(path);
  }

  resolveSpecifier(from: string, source: string): string | undefined {
    if (isJson(source)) {
      const file = /^\.\.?\//.test(source) ? resolve(dirname(from), source) : this.importGraph().aliasTarget(from, source);
      return file && followsJson(file, this.roots) ? file : undefined;
    }
    return this.importGraph().resolve(from, source);
  }

  private importGraph(): ImportGraph {
    if (!this.graph) {
      const imports = new Map<string, string[]>();
      for (const file of this.known) {
        if (this.modules.has(file) || !JS_EXTENSIONS.includes(extname(file))) continue;
        try {
          imports.set(file, importSpecifiers(this.texts.get(file) ?? textOrThrow(readTextSync(file))));
        } catch {
          continue;
        }
      }
      this.graph = new ImportGraph(this.known, imports);
    }
    return this.graph;
  }
}

// The function a callee names: a declaration, a const arrow or function, here or imported.
function calleeTarget(callee: Node | undefined, scope: Scope): Node | undefined {
  const d = callee?.type === 'Identifier' ? define(callee.name, scope) : callee && namespaceMember(callee, scope);
  if (d && 'binding' in d) return d.binding.kind === 'function' ? d.binding.decl : unwrap(d.binding.init);
  if (d && 'value' in d) return unwrap(d.value);
  return undefined;
}

/** The class a `new` callee or `extends` clause names (a declaration or a class expression), here or imported. */
export function classDefinition(callee: Node | undefined, scope: Scope): { node: Node; scope: Scope } | undefined {
  const d = callee?.type === 'Identifier' ? define(callee.name, scope) : callee && namespaceMember(callee, scope);
  if (!d || 'namespace' in d) return undefined;
  if ('value' in d) return isClass(d.value) ? { node: unwrap(d.value)!, scope: d.scope } : undefined;
  const b = d.binding;
  if (b.kind === 'class') return { node: b.decl, scope: b.scope };
  const init = unwrap(b.init);
  return init && isClass(init) && !b.path.length && (b.kind === 'const' || !b.assigned.length) ? { node: init, scope: b.scope } : undefined;
}

function isClass(node: Node | undefined): boolean {
  const n = unwrap(node);
  return n?.type === 'ClassDeclaration' || n?.type === 'ClassExpression';
}

// The constructor `new C(...)` runs: C's own, or its nearest parent's.
function constructorOf(cls: Node, scope: Scope): Node | undefined {
  let cur: { node: Node; scope: Scope } | undefined = { node: cls, scope };
  for (let i = 0; cur && i < MAX_DEPTH; i++) {
    const own = cur.node.body.body.find((m: Node) => m.type === 'ClassMethod' && m.kind === 'constructor');
    if (own) return own;
    cur = cur.node.superClass ? classDefinition(unwrap(cur.node.superClass), cur.scope) : undefined;
  }
  return undefined;
}

function superConstructor(cls: Node | undefined, moduleScope: Scope): Node | undefined {
  if (!cls?.superClass) return undefined;
  const info = (moduleScope.module as JsContext).index.classes.get(cls);
  const parent = classDefinition(unwrap(cls.superClass), info?.scope ?? moduleScope);
  return parent && constructorOf(parent.node, parent.scope);
}

// Whether a class is `target` or extends it.
function inherits(cls: Node, scope: Scope, target: Node): boolean {
  let cur: { node: Node; scope: Scope } | undefined = { node: cls, scope };
  for (let i = 0; cur && i < MAX_DEPTH; i++) {
    if (cur.node === target) return true;
    const info: { scope: Scope } | undefined = ownerOf(cur.node)?.index.classes.get(cur.node);
    cur = cur.node.superClass ? classDefinition(unwrap(cur.node.superClass), info?.scope ?? cur.scope) : undefined;
  }
  return false;
}

// A file the read checks refuse (over 2 MB, binary, not UTF-8) is not followed into.
function textOrThrow(read: ReadResult): string {
  if ('skip' in read) throw new Error(read.skip);
  return read.text;
}
