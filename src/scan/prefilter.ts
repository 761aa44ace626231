// Which scanner reads a file (by its name) and whether its text may matter: the cheap part of each
// scanner, without its parser, for discovery and the read pass (whose worker threads load only
// this: src/pipeline/pool.ts). src/scan/index.ts adds each scanner's scan to its prefilter.
import { basename, extname } from 'node:path';
import { idMarkers } from '../catalog/models.js';

export const JS_EXTENSIONS = ['.js', '.jsx', '.ts', '.tsx', '.mjs', '.cjs', '.mts', '.cts'];
const PYTHON_EXTENSIONS = ['.py', '.pyw']; // not stubs (.pyi): they hold no values, as .d.ts files do not
export const MARKDOWN_EXTENSIONS = ['.md', '.mdx', '.markdown'];

export function isEnvFile(path: string): boolean {
  const name = basename(path);
  return name === '.env' || name === '.envrc' || name.startsWith('.env.') || (name.endsWith('.env') && name.length > 4);
}

// Anything that can name an OpenAI client, call one, or hold a model id (a config module
// exporting `MODEL = "gpt-4o"` mentions no "openai").
// Wrapper packages whose imports name no OpenAI (`import { ChatGPTAPI } from "chatgpt"`) count too.
const WRAPPERS = `["'\`]chatgpt["'\`]`;
const JS_RELEVANT = new RegExp(`openai|completions|responses|${WRAPPERS}|${idMarkers('["\'`]')}`, 'i');
// "completions" and "responses" count only when written as code (`.completions`, `responses.create`,
// `{ responses }`, `["responses"]`, "/chat/completions"), not in prose ("all responses are JSON"),
// which is common in ordinary code and would cost a parse (bench/: 3x fewer files parsed).
const JS_NAMES = new RegExp(`openai|${WRAPPERS}|${idMarkers('["\'`]')}`, 'i');
const JS_CALLS = /[./'"`[]\s*(?:completions|responses)\b|\b(?:completions|responses)\s*(?:\?\.|[.:,}'"`\]])/;
// The same for Python (`client.chat.completions.create`, `client.responses.create`). The OpenAI
// Agents SDK is imported as `agents`, and an agent may name no model at all; CrewAI agents without a
// model reach OpenAI through the environment, and a DSPy LM may take its model from a constant
// elsewhere: none of these names OpenAI.
const PY_AGENTS = '^[ \\t]*(?:from|import)[ \\t]+agents\\b';
const PY_LIBRARIES = '\\b(?:crewai|dspy)\\b';
const PY_RELEVANT = new RegExp(`openai|completions|responses|${idMarkers('["\']')}|${PY_AGENTS}|${PY_LIBRARIES}`, 'im');
const PY_NAMES = new RegExp(`openai|${idMarkers('["\']')}|${PY_AGENTS}|${PY_LIBRARIES}`, 'im');
const ENV_RELEVANT = new RegExp(`OPENAI_|${idMarkers('=\\s*["\']?')}`, 'i');
// YAML: the name (`OPENAI_API_KEY`, `provider: openai`, `openai-api-base`) or a model id as a value
// (`model: o3-mini`, `- gpt-4o`, `OPENAI_MODEL=o1`, `openai/o3`).
const YAML_RELEVANT = new RegExp(`openai|${idMarkers('[\\s"\'=/:\\[,]')}`, 'i');
// Lock files are YAML that names packages (`openai@4.0.0`), never settings.
const YAML_LOCKS = /^pnpm-lock\.ya?ml$/;
// Markdown: anything a code block, inline code or deploy URL could migrate names OpenAI, its
// key, or a model id in quotes or after `=` (a bare "gpt-4o" in prose is left alone anyway).
const MD_RELEVANT = new RegExp(`openai|${idMarkers('["\'`=]\\s*')}`, 'i');

// Dockerfiles, shell scripts, JSON and TOML configs: the key's name, OpenAI's URL, or a model id.
const CONFIG_RELEVANT = new RegExp(`openai|${idMarkers('["\'=\\s:]')}`, 'i');

const SHELL_EXTENSIONS = ['.sh', '.bash', '.zsh', '.ps1', '.psm1', '.bat', '.cmd'];

export function isDockerfile(path: string): boolean {
  const name = basename(path).toLowerCase();
  return name === 'dockerfile' || name === 'containerfile' || name.endsWith('.dockerfile') || (name.startsWith('dockerfile.') && !/\.(md|txt|json|ya?ml|dockerignore)$/.test(name));
}

// JSON configs are recognised by name, never as every *.json (jsonConfig/index.ts: jsonKindOf).
export function isJsonConfig(path: string): boolean {
  if (!path.endsWith('.json')) return false; // the common case, cheaply (discovery asks for every file)
  const p = path.replace(/\\/g, '/');
  const name = basename(p);
  return name === 'app.json' || name === 'vercel.json' || name === 'now.json' || name === '.devcontainer.json'
    || (name === 'devcontainer.json' && /(^|\/)\.devcontainer\/([^/]+\/)?devcontainer\.json$/.test(p))
    || (name === 'config.json' && /(^|\/)\.continue\/config\.json$/.test(p));
}

const TOML_FILES = ['fly.toml', 'netlify.toml', 'wrangler.toml'];

type ScannerName = 'js' | 'python' | 'notebook' | 'env' | 'yaml' | 'markdown' | 'dockerfile' | 'shell' | 'json-config' | 'toml';

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
  {
    name: 'yaml',
    matches: (path) => /\.ya?ml$/.test(path) && !YAML_LOCKS.test(basename(path)),
    mayMatter: (text) => YAML_RELEVANT.test(text),
    followsKeyPlan: true,
  },
  {
    name: 'markdown',
    matches: (path) => MARKDOWN_EXTENSIONS.includes(extname(path).toLowerCase()),
    mayMatter: (text) => MD_RELEVANT.test(text),
    followsKeyPlan: true,
  },
  {
    name: 'dockerfile',
    matches: isDockerfile,
    mayMatter: (text) => CONFIG_RELEVANT.test(text),
    followsKeyPlan: true,
  },
  {
    name: 'json-config',
    matches: isJsonConfig,
    mayMatter: (text) => CONFIG_RELEVANT.test(text),
    followsKeyPlan: true,
  },
  {
    name: 'toml',
    matches: (path) => TOML_FILES.includes(basename(path)),
    mayMatter: (text) => CONFIG_RELEVANT.test(text),
    followsKeyPlan: true,
  },
  {
    name: 'shell',
    matches: (path) => SHELL_EXTENSIONS.includes(extname(path).toLowerCase()),
    mayMatter: (text) => CONFIG_RELEVANT.test(text),
    followsKeyPlan: true,
  },
];

/** What the scanners read, for messages (a path no scanner reads, a folder with nothing to read). */
export const KINDS_READ = 'JS/TS, Python, notebooks, env files, YAML, Markdown, Dockerfiles, shell scripts, JSON and TOML deployment configs';

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
