// The scanners, one per language. Each turns a file's text into the same findings and warnings.
import { extname } from 'node:path';
import type { FileScan, ScanOptions } from '../model.js';
import { JS_EXTENSIONS, scanJs } from './js/index.js';

export interface Scanner {
  name: string;
  /** Whether this scanner reads the file, by its name. */
  matches(path: string): boolean;
  /** A cheap text test: false when the file cannot matter, so it is not parsed. */
  mayMatter(text: string): boolean;
  scan(text: string, path: string, options: ScanOptions): FileScan | Promise<FileScan>;
}

// Anything that can name an OpenAI client, call one, or hold a model id (a config module
// exporting `MODEL = "gpt-4o"` mentions no "openai").
const JS_RELEVANT = /openai|gpt-|chatgpt|completions|responses|["'`]o\d/i;

export const scanners: Scanner[] = [
  {
    name: 'js',
    matches: (path) => JS_EXTENSIONS.includes(extname(path)) && !/\.d\.[mc]?ts$/.test(path),
    mayMatter: (text) => JS_RELEVANT.test(text),
    scan: scanJs,
  },
];

export function scannerFor(path: string): Scanner | undefined {
  return scanners.find((s) => s.matches(path));
}
