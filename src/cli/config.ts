// The config file (CONTRACT.md, "Output formats, config and CI"): the first of `--config <file>`,
// flux-migrate.config.json, .flux-migraterc, .flux-migraterc.json, or a "flux-migrate" key in
// package.json, looked up from the current folder to the repository root (lilconfig). Flags
// override the file; lists add to it (`ignore`), and `--map` overrides the file's entry for the same id.
import { dirname, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { repoRoot } from '../pipeline/changed.js';
import type { Flags } from './migrate.js';

export const CONFIG_FILES = ['flux-migrate.config.json', '.flux-migraterc', '.flux-migraterc.json', 'package.json'];

const KEYS = ['paths', 'ignore', 'map', 'model', 'baseUrl', 'keyEnv', 'docs', 'maxWarnings'] as const;

export interface FileConfig {
  paths?: string[];
  ignore?: string[];
  map?: Record<string, string>;
  model?: string;
  baseUrl?: string;
  keyEnv?: string;
  docs?: boolean;
  maxWarnings?: number;
}

/** Where a flag's value came from (commander's getOptionValueSource): 'cli' when typed. */
export type Source = (flag: string) => string | undefined;

const isStrings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string' && x !== '');

function check(config: unknown, file: string): FileConfig {
  const bad = (key: string, what: string) => new UserError(`${file}: "${key}" ${what}`);
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new UserError(`${file}: not a JSON object of options (keys: ${KEYS.join(', ')})`);
  const c = config as Record<string, unknown>;
  for (const key of Object.keys(c)) if (!(KEYS as readonly string[]).includes(key)) throw bad(key, `is not a key flux-migrate reads (keys: ${KEYS.join(', ')})`);
  if (c.paths !== undefined && !isStrings(c.paths)) throw bad('paths', 'must be a list of files and folders, like ["src"]');
  if (c.ignore !== undefined && !isStrings(c.ignore)) throw bad('ignore', 'must be a list of globs, like ["**/*.test.ts"]');
  if (c.map !== undefined && (typeof c.map !== 'object' || c.map === null || Array.isArray(c.map) || !Object.values(c.map).every((v) => typeof v === 'string'))) {
    throw bad('map', 'must be an object of OpenAI id to Flux id, like { "gpt-4o": "flux-standard" }');
  }
  for (const key of ['model', 'baseUrl', 'keyEnv'] as const) if (c[key] !== undefined && (typeof c[key] !== 'string' || c[key] === '')) throw bad(key, 'must be a string');
  if (c.docs !== undefined && typeof c.docs !== 'boolean') throw bad('docs', 'must be true or false');
  if (c.maxWarnings !== undefined && !(Number.isInteger(c.maxWarnings) && (c.maxWarnings as number) >= -1)) throw bad('maxWarnings', 'must be a whole number (0 or more; -1 for no limit)');
  return c as FileConfig;
}

const jsonLoader = (file: string, content: string) => {
  try {
    return JSON.parse(content);
  } catch (error) {
    throw new UserError(`${file}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
};

/** The config that applies, with the file it came from (shown relative to cwd), if any. */
export async function findConfig(cwd: string, explicit?: string): Promise<{ file: string; config: FileConfig } | undefined> {
  const { lilconfig } = await import('lilconfig');
  const show = (abs: string) => relative(cwd, abs) || abs;
  const loader = (abs: string, content: string) => jsonLoader(show(abs), content);
  const search = lilconfig('flux-migrate', {
    searchPlaces: CONFIG_FILES,
    stopDir: repoRoot(cwd) ?? cwd,
    loaders: { '.json': loader, noExt: loader },
  });
  let found;
  try {
    found = explicit ? await search.load(resolve(cwd, explicit)) : await search.search(cwd);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const e = error as NodeJS.ErrnoException;
    if (explicit && e.code === 'ENOENT') throw new UserError(`--config ${explicit}: no such file`);
    throw new UserError(`${explicit ?? 'config file'}: ${e.message.split('\n')[0]}`);
  }
  if (!found || found.config === undefined) {
    if (explicit) throw new UserError(`--config ${explicit}: the file is empty (or has no "flux-migrate" key)`);
    return undefined;
  }
  const file = show(found.filepath);
  const config = check(found.config, file);
  // Paths in the file are relative to its folder.
  const base = dirname(found.filepath);
  if (config.paths) config.paths = config.paths.map((p) => relative(cwd, resolve(base, p)) || '.');
  return { file, config };
}

/** The flags with the config file's values under them. */
export async function withConfig(paths: string[], flags: Flags & { config?: string }, source: Source, cwd: string): Promise<{ paths: string[]; flags: Flags }> {
  const found = await findConfig(cwd, flags.config);
  if (!found) return { paths, flags };
  const { file, config } = found;
  const typed = (flag: string) => source(flag) === 'cli';
  const merged: Flags = { ...flags };
  if (config.model !== undefined && !typed('model')) merged.model = config.model;
  if (config.baseUrl !== undefined && !typed('baseUrl')) merged.baseUrl = config.baseUrl;
  if (config.keyEnv !== undefined && !typed('keyEnv')) merged.keyEnv = config.keyEnv;
  if (config.docs !== undefined && !typed('docs')) merged.docs = config.docs;
  if (config.maxWarnings !== undefined && !typed('maxWarnings')) merged.maxWarnings = String(config.maxWarnings);
  if (config.ignore) merged.ignore = [...config.ignore, ...flags.ignore];
  if (config.map) {
    const flagged = new Set(flags.map.map((m) => m.slice(0, m.indexOf('=')).trim()));
    merged.map = [...Object.entries(config.map).filter(([id]) => !flagged.has(id)).map(([id, to]) => `${id}=${to}`), ...flags.map];
  }
  merged.origin = (flag) => (typed(flag) || config[flag as keyof FileConfig] === undefined ? undefined : file);
  return { paths: paths.length || !config.paths ? paths : config.paths, flags: merged };
}
