// The scanners, one per language. Each turns a file's text into the same findings and warnings.
// Which files each reads, and its cheap text prefilter, are in prefilter.ts.
import type { FileScan, ScanOptions } from '../model.js';
import { type Prefilter, prefilters } from './prefilter.js';

export interface SourceFile {
  path: string;
  text: string;
}

export interface Scanner extends Prefilter {
  scan(text: string, path: string, options: ScanOptions): FileScan | Promise<FileScan>;
  /**
   * Scans all candidate files of a run together, for scanners that follow values across files.
   * `known` holds every file discovered; results may include other known files the scan reached
   * (with the text it read).
   */
  scanFiles?(files: SourceFile[], options: ScanOptions, known: Set<string>, imports?: Map<string, string[]>, progress?: (done: number) => void): Promise<Map<string, { text: string; scan: FileScan } | Error>>;
}

// Each scanner's module (and its parser) is loaded the first time a file of its kind is scanned,
// so a run over a few files of one kind does not pay for the others' start-up.
const SCANS: Record<Prefilter['name'], Pick<Scanner, 'scan' | 'scanFiles'>> = {
  js: {
    scan: async (text, path, options) => (await import('./js/index.js')).scanJs(text, path, options),
    scanFiles: async (...args) => (await import('./js/index.js')).scanJsFiles(...args),
  },
  python: {
    scan: async (text, path, options) => (await import('./python/index.js')).scanPython(text, path, options),
    scanFiles: async (...args) => (await import('./python/index.js')).scanPythonFiles(...args),
  },
  notebook: { scan: async (text, path, options) => (await import('./notebook/index.js')).scanNotebook(text, path, options) },
  env: { scan: async (text, path, options) => (await import('./env/index.js')).scanEnv(text, path, options) },
  yaml: { scan: async (text, path, options) => (await import('./yaml/index.js')).scanYaml(text, path, options) },
  // Code blocks go to the scanner of their language, found as a file of that language would be.
  markdown: { scan: async (text, path, options) => (await import('./markdown/index.js')).scanMarkdown(text, path, options, blockScanner) },
  dockerfile: { scan: async (text, path, options) => (await import('./dockerfile/index.js')).scanDockerfile(text, path, options) },
  shell: { scan: async (text, path, options) => (await import('./shell/index.js')).scanShell(text, path, options) },
  'json-config': { scan: async (text, path, options) => (await import('./jsonConfig/index.js')).scanJsonConfig(text, path, options) },
  toml: { scan: async (text, path, options) => (await import('./toml/index.js')).scanToml(text, path, options) },
};

export const scanners: Scanner[] = prefilters.map((p) => ({ ...p, ...SCANS[p.name] }));

export function scannerFor(path: string): Scanner | undefined {
  return scanners.find((s) => s.matches(path));
}

// A Markdown code block's scanner, by the file name its language gives it (markdown/languages.ts):
// JSON configs are known by name (app.json, devcontainer.json), so a ```json block, which has none,
// goes to the JSON config scanner, which tells the kind by the block's shape.
function blockScanner(path: string): Scanner | undefined {
  return /\.json[c5]?$/.test(path) ? scanners.find((s) => s.name === 'json-config') : scannerFor(path);
}
