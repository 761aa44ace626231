import type { ParserPlugin, parse as Parse } from '@babel/parser';
import type { File } from '@babel/types';
import { createRequire } from 'node:module';
import { parseDeep } from './deepParse.js';

// Loaded with require: imported as ESM, Node would first lex its 500 KB of CommonJS for export
// names (~40 ms at every start).
const { parse } = createRequire(import.meta.url)('@babel/parser') as { parse: typeof Parse };


const COMMON: ParserPlugin[] = ['decorators-legacy', 'explicitResourceManagement', 'importAttributes' as ParserPlugin];

// `.ts/.mts/.cts` are parsed without JSX so that `<T>x` casts work; `.js` may hold JSX or Flow.
function pluginSets(path: string): ParserPlugin[][] {
  if (/\.[mc]?ts$/.test(path)) return [['typescript', ...COMMON]];
  if (path.endsWith('.tsx')) return [['typescript', 'jsx', ...COMMON]];
  return [['jsx', ...COMMON], ['jsx', 'flow', ...COMMON], [...COMMON]];
}

/** Parses a JS/TS file with @babel/parser; throws a one-line message when it does not parse. */
export function parseJs(text: string, path: string): File {
  const sourceType = /\.m[jt]s$/.test(path) ? 'module' : 'unambiguous';
  let first: unknown;
  for (const plugins of pluginSets(path)) {
    const options = {
      sourceType,
      plugins,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      allowImportExportEverywhere: true,
      allowSuperOutsideMethod: true,
      allowUndeclaredExports: true,
      errorRecovery: false,
    } as const;
    try {
      return parse(text, options);
    } catch (error) {
      if (error instanceof RangeError) {
        // Deeper than the main thread's stack: again on a thread with a large one (deepParse.ts).
        try {
          return parseDeep(text, options) as File;
        } catch (deep) {
          first ??= deep;
          continue;
        }
      }
      first ??= error;
    }
  }
  const e = first as { message?: string };
  throw new Error(`does not parse: ${(e.message ?? String(first)).split('\n')[0]}`);
}
