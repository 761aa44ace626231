// The scanners, one per language. Each turns a file's text into the same findings and warnings.
import { extname } from 'node:path';
import type { FileScan, ScanOptions } from '../model.js';
import { idMarkers } from '../catalog/models.js';
import { JS_EXTENSIONS, scanJs, scanJsFiles } from './js/index.js';
import { PYTHON_EXTENSIONS, PY_RELEVANT, scanPython } from './python/index.js';
import { scanNotebook } from './notebook/index.js';
import { ENV_RELEVANT, isEnvFile, scanEnv } from './env/index.js';

export interface SourceFile {
  path: string;
  text: string;
}

export interface Scanner {
  name: string;
  /** Whether this scanner reads the file, by its name. */
  matches(path: string): boolean;
  /** A cheap text test: false when the file cannot matter, so it is not parsed. */
  mayMatter(text: string): boolean;
  scan(text: string, path: string, options: ScanOptions): FileScan | Promise<FileScan>;
  /**
   * Scans all candidate files of a run together, for scanners that follow values across files.
   * `known` holds every file discovered; results may include other known files the scan reached
   * (with the text it read).
   */
  scanFiles?(files: SourceFile[], options: ScanOptions, known: Set<string>, importers?: Map<string, string[]>): Promise<Map<string, { text: string; scan: FileScan } | Error>>;
}

// Anything that can name an OpenAI client, call one, or hold a model id (a config module
// exporting `MODEL = "gpt-4o"` mentions no "openai").
const JS_RELEVANT = new RegExp(`openai|completions|responses|${idMarkers('["\'`]')}`, 'i');
// "completions" and "responses" count only when written as code (`.completions`, `responses.create`,
// `{ responses }`, `["responses"]`, "/chat/completions"), not in prose ("all responses are JSON"),
// which is common in ordinary code and would cost a parse (bench/: 3x fewer files parsed).
const JS_NAMES = new RegExp(`openai|${idMarkers('["\'`]')}`, 'i');
const JS_CALLS = /[./'"`[]\s*(?:completions|responses)\b|\b(?:completions|responses)\s*(?:\?\.|[.:,}'"`\]])/;
const jsMayMatter = (text: string) => JS_RELEVANT.test(text) && (JS_NAMES.test(text) || JS_CALLS.test(text));
// The same for Python (`client.chat.completions.create`, `client.responses.create`).
const PY_NAMES = new RegExp(`openai|${idMarkers('["\']')}`, 'i');
const pyMayMatter = (text: string) => PY_RELEVANT.test(text) && (PY_NAMES.test(text) || JS_CALLS.test(text));

export const scanners: Scanner[] = [
  {
    name: 'js',
    matches: (path) => JS_EXTENSIONS.includes(extname(path)) && !/\.d\.[mc]?ts$/.test(path),
    mayMatter: jsMayMatter,
    scan: scanJs,
    scanFiles: scanJsFiles,
  },
  {
    name: 'python',
    matches: (path) => PYTHON_EXTENSIONS.includes(extname(path)),
    mayMatter: pyMayMatter,
    scan: scanPython,
  },
  {
    name: 'notebook',
    matches: (path) => extname(path) === '.ipynb',
    mayMatter: (text) => PY_RELEVANT.test(text),
    scan: scanNotebook,
  },
  {
    name: 'env',
    matches: isEnvFile,
    mayMatter: (text) => ENV_RELEVANT.test(text),
    scan: scanEnv,
  },
];

export function scannerFor(path: string): Scanner | undefined {
  return scanners.find((s) => s.matches(path));
}
