// The scanners, one per language. Each turns a file's text into the same findings and warnings.
// Which files each reads, and its cheap text prefilter, are in prefilter.ts.
import type { FileScan, ScanOptions } from '../model.js';
import { type Prefilter, prefilters } from './prefilter.js';
import { scanJs, scanJsFiles } from './js/index.js';
import { scanPython, scanPythonFiles } from './python/index.js';
import { scanNotebook } from './notebook/index.js';
import { scanEnv } from './env/index.js';
import { scanYaml } from './yaml/index.js';
import { scanMarkdown } from './markdown/index.js';
import { scanDockerfile } from './dockerfile/index.js';
import { scanShell } from './shell/index.js';
import { scanJsonConfig } from './jsonConfig/index.js';
import { scanToml } from './toml/index.js';

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

const SCANS: Record<Prefilter['name'], Pick<Scanner, 'scan' | 'scanFiles'>> = {
  js: { scan: scanJs, scanFiles: scanJsFiles },
  python: { scan: scanPython, scanFiles: scanPythonFiles },
  notebook: { scan: scanNotebook },
  env: { scan: scanEnv },
  yaml: { scan: scanYaml },
  // Code blocks go to the scanner of their language, found as a file of that language would be.
  markdown: { scan: (text, path, options) => scanMarkdown(text, path, options, blockScanner) },
  dockerfile: { scan: scanDockerfile },
  shell: { scan: (text, path, options) => scanShell(text, path, options) },
  'json-config': { scan: (text, path, options) => scanJsonConfig(text, path, options) },
  toml: { scan: scanToml },
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
