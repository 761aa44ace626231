// The files of one run, for following values across them: relative imports and requires,
// `index` files, re-exports, and tsconfig/jsconfig `paths`/`baseUrl` aliases (resolved with the
// TypeScript compiler from ts-morph, loaded only when a config declares such aliases). Only files
// the run discovered are read, so nothing outside the given roots is followed or edited.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { type JsContext, ownerOf } from './context.js';
import { importKeys, indexImports, moduleKey } from './specifiers.js';
import type { Definition, ImportResolver } from './resolve.js';
import { define } from './resolve.js';
import { type Node, type Scope, unwrap } from './scope.js';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const MAX_DEPTH = 12;

type Load = (text: string, path: string, project: JsProject) => JsContext;

export class JsProject implements ImportResolver {
  private readonly modules = new Map<string, JsContext | null>();
  private readonly configs = new Map<string, { dir: string; compilerOptions: unknown } | null>();
  private callers?: Map<Node, { node: Node; scope: Scope }[]>;
  private importIndex?: Map<string, string[]>;
  /** One set for the run: string literals accounted for in any file. */
  readonly consumed = new Set<Node>();
  /** Files that did not parse, with the reason. */
  readonly errors = new Map<string, Error>();

  constructor(
    private readonly known: Set<string>,
    private readonly texts: Map<string, string>,
    private readonly load: Load,
    /** Import specifier keys of the files the prefilter skipped, when the read pass collected them. */
    importers?: Map<string, string[]>,
  ) {
    this.importIndex = importers;
  }

  /** The module at a path, parsed on first use; undefined when it is not part of the run or does not parse. */
  module(path: string): JsContext | undefined {
    const cached = this.modules.get(path);
    if (cached !== undefined) return cached ?? undefined;
    this.modules.set(path, null);
    if (!this.known.has(path)) return undefined;
    let text = this.texts.get(path);
    try {
      text ??= readFileSync(path, 'utf8');
      const ctx = this.load(text, path, this);
      this.modules.set(path, ctx);
      this.callers = undefined;
      return ctx;
    } catch (error) {
      this.errors.set(path, error as Error);
      return undefined;
    }
  }

  /** The paths of the modules parsed so far. */
  paths(): string[] {
    return [...this.modules].filter(([, m]) => m !== null).map(([path]) => path);
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
    // Callers in files the prefilter skipped (`ask(client, "hi")` mentions no OpenAI): load the
    // files that import the function's module.
    const owner = ownerOf(fn);
    if (owner) for (const file of this.importersOf(owner.path)) this.module(file);
    if (!this.callers) {
      // Resolving a callee may load more modules: index them too, until nothing new is loaded.
      const callers = new Map<Node, { node: Node; scope: Scope }[]>();
      const seen = new Set<JsContext>();
      for (let pending = this.loaded(); pending.length; pending = this.loaded().filter((m) => !seen.has(m))) {
        for (const mod of pending) {
          seen.add(mod);
          for (const site of mod.index.calls) {
            const callee = unwrap(site.node.callee);
            if (callee?.type !== 'Identifier') continue;
            const d = define(callee.name, site.scope);
            let target: Node | undefined;
            if (d && 'binding' in d) target = d.binding.kind === 'function' ? d.binding.decl : unwrap(d.binding.init);
            else if (d && 'value' in d) target = unwrap(d.value);
            if (!target) continue;
            const list = callers.get(target);
            if (list) list.push({ node: site.node, scope: site.scope });
            else callers.set(target, [{ node: site.node, scope: site.scope }]);
          }
        }
      }
      this.callers = callers;
    }
    return this.callers.get(fn) ?? [];
  }

  /**
   * Files whose import or require specifiers end in the module's name (a superset of its
   * importers), that the run did not load yet: from the read pass (src/pipeline/pool.ts), or else
   * a cheap text index built here once.
   */
  importersOf(path: string): string[] {
    if (!this.importIndex) {
      this.importIndex = new Map();
      for (const file of this.known) {
        if (this.modules.has(file) || !EXTENSIONS.includes(extname(file))) continue;
        try {
          indexImports(this.importIndex, file, importKeys(this.texts.get(file) ?? readFileSync(file, 'utf8')));
        } catch {
          continue;
        }
      }
    }
    return this.importIndex.get(moduleKey(path)) ?? [];
  }


  resolveSpecifier(from: string, source: string): string | undefined {
    if (source.startsWith('.') || source.startsWith('/')) return this.resolveFile(resolve(dirname(from), source));
    return this.resolveAlias(from, source);
  }

  private resolveFile(base: string): string | undefined {
    const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => join(base, 'index' + e))];
    // TypeScript ESM style: `./client.js` names `./client.ts`.
    const js = /\.(m|c)?jsx?$/.exec(base);
    if (js) {
      const stem = base.slice(0, -js[0].length);
      candidates.push(...EXTENSIONS.map((e) => stem + e));
    }
    return candidates.find((c) => this.known.has(c));
  }

  // `@/lib/openai` and the like, through the nearest tsconfig.json or jsconfig.json.
  private resolveAlias(from: string, source: string): string | undefined {
    const config = this.configFor(dirname(from));
    if (!config) return undefined;
    const ts = typescript();
    const result = ts.resolveModuleName(source, from, config.compilerOptions, ts.sys);
    const file = result.resolvedModule?.resolvedFileName;
    return file && !result.resolvedModule?.isExternalLibraryImport ? this.resolveFile(resolve(file)) : undefined;
  }

  private configFor(dir: string): { dir: string; compilerOptions: unknown } | undefined {
    if (this.configs.has(dir)) return this.configs.get(dir) ?? undefined;
    let found: { dir: string; compilerOptions: unknown } | null = null;
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      let text: string;
      try {
        text = readFileSync(join(dir, name), 'utf8');
      } catch {
        continue;
      }
      if (!/"(paths|baseUrl)"/.test(text)) break; // no aliases: no need for the compiler
      const ts = typescript();
      const parsed = ts.getParsedCommandLineOfConfigFile(join(dir, name), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
      if (parsed) found = { dir, compilerOptions: parsed.options };
      break;
    }
    const own = ['tsconfig.json', 'jsconfig.json'].some((n) => existsSync(join(dir, n)));
    if (found === null && !own && dirname(dir) !== dir) found = this.configFor(dirname(dir)) ?? null;
    this.configs.set(dir, found);
    return found ?? undefined;
  }

}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let tsModule: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function typescript(): any {
  tsModule ??= (createRequire(import.meta.url)('ts-morph') as { ts: unknown }).ts;
  return tsModule;
}
