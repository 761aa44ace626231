// Which scanner reads a file (by its name) and whether its text may matter: the cheap part of each
// scanner, without its parser, for discovery and the read pass (whose worker threads load only
// this: src/pipeline/pool.ts). src/scan/index.ts adds each scanner's scan to its prefilter.
import { basename, extname } from 'node:path';
import { idMarkers } from '../catalog/models.js';

export const JS_EXTENSIONS = ['.js', '.jsx', '.ts', '.tsx', '.mjs', '.cjs', '.mts', '.cts'];
const PYTHON_EXTENSIONS = ['.py', '.pyw']; // not stubs (.pyi): they hold no values, as .d.ts files do not

export function isEnvFile(path: string): boolean {
  const name = basename(path);
  return name === '.env' || name === '.envrc' || name.startsWith('.env.') || (name.endsWith('.env') && name.length > 4);
}

// Anything that can name an OpenAI client, call one, or hold a model id (a config module
// exporting `MODEL = "gpt-4o"` mentions no "openai").
const JS_RELEVANT = new RegExp(`openai|completions|responses|${idMarkers('["\'`]')}`, 'i');
// "completions" and "responses" count only when written as code (`.completions`, `responses.create`,
// `{ responses }`, `["responses"]`, "/chat/completions"), not in prose ("all responses are JSON"),
// which is common in ordinary code and would cost a parse (bench/: 3x fewer files parsed).
const JS_NAMES = new RegExp(`openai|${idMarkers('["\'`]')}`, 'i');
const JS_CALLS = /[./'"`[]\s*(?:completions|responses)\b|\b(?:completions|responses)\s*(?:\?\.|[.:,}'"`\]])/;
// The same for Python (`client.chat.completions.create`, `client.responses.create`); CrewAI
// agents without a model reach OpenAI through the environment, and a DSPy LM may take its model
// from a constant elsewhere: neither names OpenAI.
const PY_RELEVANT = new RegExp(`openai|completions|responses|\\b(crewai|dspy)\\b|${idMarkers('["\']')}`, 'i');
const PY_NAMES = new RegExp(`openai|\\b(crewai|dspy)\\b|${idMarkers('["\']')}`, 'i');
const ENV_RELEVANT = new RegExp(`OPENAI_|${idMarkers('=\\s*["\']?')}`, 'i');

type ScannerName = 'js' | 'python' | 'notebook' | 'env';

export interface Prefilter {
  name: ScannerName;
  /** Whether this scanner reads the file, by its name. */
  matches(path: string): boolean;
  /** A cheap text test: false when the file cannot matter, so it is not parsed. */
  mayMatter(text: string): boolean;
  /** Not code: the file follows the run's key plan (followsKeyPlan below). */
  followsKeyPlan?: boolean;
}

export const prefilters: Prefilter[] = [
  {
    name: 'js',
    matches: (path) => JS_EXTENSIONS.includes(extname(path)) && !/\.d\.[mc]?ts$/.test(path),
    mayMatter: (text) => JS_RELEVANT.test(text) && (JS_NAMES.test(text) || JS_CALLS.test(text)),
  },
  {
    name: 'python',
    matches: (path) => PYTHON_EXTENSIONS.includes(extname(path)),
    mayMatter: (text) => PY_RELEVANT.test(text) && (PY_NAMES.test(text) || JS_CALLS.test(text)),
  },
  {
    name: 'notebook',
    matches: (path) => extname(path) === '.ipynb',
    mayMatter: (text) => PY_RELEVANT.test(text),
  },
  {
    name: 'env',
    matches: isEnvFile,
    mayMatter: (text) => ENV_RELEVANT.test(text),
    followsKeyPlan: true,
  },
];

/**
 * Files that set, forward or document the key, the base URL or models (env, YAML, ...) rather
 * than code that reads them: they follow the run's key plan (src/pipeline/keyPlan.ts).
 */
export function followsKeyPlan(path: string): boolean {
  return prefilterFor(path)?.followsKeyPlan === true;
}

export function prefilterFor(path: string): Prefilter | undefined {
  return prefilters.find((p) => p.matches(path));
}
