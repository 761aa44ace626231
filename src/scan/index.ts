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
function lazy<M>(load: () => Promise<M>, pick: (m: M) => Scanner['scan']): Scanner['scan'] {
  return async (text, path, options) => pick(await load())(text, path, options);
}

const js = () => import('./js/index.js');
const python = () => import('./python/index.js');

const SCANS: Record<Prefilter['name'], Pick<Scanner, 'scan' | 'scanFiles'>> = {
  js: { scan: lazy(js, (m) => m.scanJs), scanFiles: async (...args) => (await js()).scanJsFiles(...args) },
  python: { scan: lazy(python, (m) => m.scanPython), scanFiles: async (...args) => (await python()).scanPythonFiles(...args) },
  notebook: { scan: lazy(() => import('./notebook/index.js'), (m) => m.scanNotebook) },
  env: { scan: lazy(() => import('./env/index.js'), (m) => m.scanEnv) },
  yaml: { scan: lazy(() => import('./yaml/index.js'), (m) => m.scanYaml) },
  // Code blocks go to the scanner of their language, found as a file of that language would be.
  markdown: { scan: lazy(() => import('./markdown/index.js'), (m) => (text, path, options) => m.scanMarkdown(text, path, options, blockScanner)) },
  dockerfile: { scan: lazy(() => import('./dockerfile/index.js'), (m) => m.scanDockerfile) },
  shell: { scan: lazy(() => import('./shell/index.js'), (m) => (text, path, options) => m.scanShell(text, path, options)) },
  'json-config': { scan: lazy(() => import('./jsonConfig/index.js'), (m) => (text, path, options) => m.scanJsonConfig(text, path, options)) },
  toml: { scan: lazy(() => import('./toml/index.js'), (m) => m.scanToml) },
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
