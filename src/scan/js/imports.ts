// The imports of a run's files, resolved: the file a specifier names (relative paths, `index`
// files, TypeScript-ESM `./x.js` for `./x.ts`, and tsconfig/jsconfig `paths`/`baseUrl` aliases
// through the TypeScript compiler from ts-morph, loaded only when a config declares aliases), and
// the files that import a module. Only files the run discovered count, so nothing outside the
// given roots is followed.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { JS_EXTENSIONS } from '../prefilter.js';
import { moduleKey, specifierKey } from './specifiers.js';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

export class ImportGraph {
  private readonly configs = new Map<string, string | null>();
  private byKey?: Map<string, string[]>;

  /** `specifiers`: what each file may import (src/scan/js/specifiers.ts), for the files it knows. */
  constructor(
    private readonly known: Set<string>,
    private readonly specifiers: Map<string, string[]>,
  ) {}

  /**
   * The files that import the module at `path` (among those whose specifiers it was given). With
   * `loose`, a file importing a tsconfig alias that ends in the module's name counts without the
   * alias being resolved (no TypeScript compiler to load: for grouping files, which may over-link).
   */
  importers(path: string, loose = false): string[] {
    const key = moduleKey(path);
    this.byKey ??= byKey([...this.specifiers].map(([file, specs]) => [file, new Set(specs.map(specifierKey))]));
    const names = (file: string, s: string) => (loose && !isRelative(s) ? this.aliases(file) : this.resolve(file, s) === path);
    return (this.byKey.get(key) ?? []).filter((file) => file !== path && this.specifiers.get(file)!.some((s) => specifierKey(s) === key && names(file, s)));
  }

  /**
   * The files a file imports (among those it knows its specifiers for). With `loose`, an alias
   * links to every file its name may stand for (by module key), unresolved.
   */
  imported(file: string, loose = false): string[] {
    const out: string[] = [];
    for (const s of this.specifiers.get(file) ?? []) {
      if (loose && !isRelative(s)) {
        if (this.aliases(file)) out.push(...(this.named().get(specifierKey(s)) ?? []));
      } else {
        const target = this.resolve(file, s);
        if (target) out.push(target);
      }
    }
    return out;
  }

  resolve(from: string, source: string): string | undefined {
    if (isRelative(source)) return this.resolveFile(resolve(dirname(from), source));
    return this.resolveAlias(from, source);
  }

  // Known JS/TS files by module key.
  private byName?: Map<string, string[]>;
  private named(): Map<string, string[]> {
    this.byName ??= byKey([...this.known].filter((f) => JS_EXTENSIONS.includes(extname(f))).map((f) => [f, [moduleKey(f)]]));
    return this.byName;
  }

  // Whether a tsconfig/jsconfig over the file declares aliases (its text only: no compiler).
  private aliases(from: string): boolean {
    return this.configText(dirname(from)) !== undefined;
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

  // `@/lib/openai` and the like, through the nearest tsconfig.json or jsconfig.json. Bare package
  // names are looked up in node_modules by the compiler: each answer is kept.
  private resolveAlias(from: string, source: string): string | undefined {
    const file = this.aliasTarget(from, source);
    return file && this.resolveFile(file);
  }

  /** The file a tsconfig/jsconfig alias names (`@/config/models.json`), whether or not the run discovered it. */
  aliasTarget(from: string, source: string): string | undefined {
    const configFile = this.configText(dirname(from));
    if (!configFile) return undefined;
    const cacheKey = `${configFile}\0${source}`;
    if (this.resolved.has(cacheKey)) return this.resolved.get(cacheKey);
    let found: string | undefined;
    const options = this.compilerOptions(configFile);
    if (options) {
      const ts = typescript();
      // A JSON import resolves whether or not the project's own config says resolveJsonModule.
      const json = source.endsWith('.json') ? { ...(options as object), resolveJsonModule: true } : options;
      const result = ts.resolveModuleName(source, from, json, ts.sys);
      const file = result.resolvedModule?.resolvedFileName;
      found = file && !result.resolvedModule?.isExternalLibraryImport ? resolve(file) : undefined;
    }
    this.resolved.set(cacheKey, found);
    return found;
  }

  private readonly resolved = new Map<string, string | undefined>();
  private readonly parsed = new Map<string, unknown>();

  private compilerOptions(configFile: string): unknown {
    if (!this.parsed.has(configFile)) {
      const ts = typescript();
      const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
      this.parsed.set(configFile, parsed?.options);
    }
    return this.parsed.get(configFile);
  }

  // The nearest tsconfig.json or jsconfig.json above a folder when it declares aliases (`paths`,
  // `baseUrl`); undefined when the nearest declares none, or there is none.
  private configText(dir: string): string | undefined {
    if (this.configs.has(dir)) return this.configs.get(dir) ?? undefined;
    let found: string | null = null;
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      let text: string;
      try {
        text = readFileSync(join(dir, name), 'utf8');
      } catch {
        continue;
      }
      if (/"(paths|baseUrl)"/.test(text)) found = join(dir, name);
      break;
    }
    const own = ['tsconfig.json', 'jsconfig.json'].some((n) => existsSync(join(dir, n)));
    if (found === null && !own && dirname(dir) !== dir) found = this.configText(dirname(dir)) ?? null;
    this.configs.set(dir, found);
    return found ?? undefined;
  }
}

const isRelative = (source: string) => source.startsWith('.') || source.startsWith('/');

// Files by each of their keys.
function byKey(entries: [string, Iterable<string>][]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const [file, keys] of entries) {
    for (const k of keys) {
      const list = index.get(k);
      if (list) list.push(file);
      else index.set(k, [file]);
    }
  }
  return index;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let tsModule: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function typescript(): any {
  tsModule ??= (createRequire(import.meta.url)('ts-morph') as { ts: unknown }).ts;
  return tsModule;
}
