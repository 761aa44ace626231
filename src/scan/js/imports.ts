// The imports of a run's files, resolved: the file a specifier names (relative paths, `index`
// files, TypeScript-ESM `./x.js` for `./x.ts`, and tsconfig/jsconfig `paths`/`baseUrl` aliases
// through the TypeScript compiler from ts-morph, loaded only when a config declares aliases), and
// the files that import a module. Only files the run discovered count, so nothing outside the
// given roots is followed.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { moduleKey, specifierKey } from './specifiers.js';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

interface Config {
  dir: string;
  compilerOptions: unknown;
}

export class ImportGraph {
  private readonly configs = new Map<string, Config | null>();
  private byKey?: Map<string, string[]>;

  /** `specifiers`: what each file may import (src/scan/js/specifiers.ts), for the files it knows. */
  constructor(
    private readonly known: Set<string>,
    private readonly specifiers: Map<string, string[]>,
  ) {}

  /** The files that import the module at `path` (among those whose specifiers it was given). */
  importers(path: string): string[] {
    const key = moduleKey(path);
    if (!this.byKey) {
      this.byKey = new Map();
      for (const [file, specs] of this.specifiers) {
        for (const k of new Set(specs.map(specifierKey))) {
          const list = this.byKey.get(k);
          if (list) list.push(file);
          else this.byKey.set(k, [file]);
        }
      }
    }
    return (this.byKey.get(key) ?? []).filter((file) => file !== path
      && this.specifiers.get(file)!.some((s) => specifierKey(s) === key && this.resolve(file, s) === path));
  }

  /** The files a file imports (among those it knows its specifiers for). */
  imported(file: string): string[] {
    return (this.specifiers.get(file) ?? []).map((s) => this.resolve(file, s)).filter((f): f is string => f !== undefined);
  }

  resolve(from: string, source: string): string | undefined {
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

  private configFor(dir: string): Config | undefined {
    if (this.configs.has(dir)) return this.configs.get(dir) ?? undefined;
    let found: Config | null = null;
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
