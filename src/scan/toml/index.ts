// TOML env tables, parsed with toml-eslint-parser (a range for every key and value):
// - fly.toml `[env]`;
// - netlify.toml `[build.environment]`, `[context.<name>.environment]`, `[dev.environment]`
//   (and the inline `environment = { ... }` of `[build]`);
// - wrangler.toml `[vars]` and `[env.<name>.vars]`.
// Other TOML (pyproject.toml, Cargo.toml, ...) holds no env table and is not read. Entries follow
// the run's key plan like an env file's: OPENAI_API_KEY renamed or the Flux key added beside it
// (a line of its own, `FLUX_API_KEY = ""`: the OpenAI key is not a Flux key), OPENAI_BASE_URL and
// *MODEL* values as in env files. Fly, Netlify and Wrangler keep secrets out of these files
// (`fly secrets set`, the Netlify UI, `wrangler secret put`): a literal key here is warned.
import { basename } from 'node:path';
import { parseTOML } from 'toml-eslint-parser';
import type { FileScan, ScanOptions } from '../../model.js';
import { KEY_VAR, baseUrlFinding, keyFinding, keyValueSeen, lineAfter, lineIndex, modelSetting, providerWarning, renameEdits, renamed } from '../settings.js';

export const TOML_FILES = ['fly.toml', 'netlify.toml', 'wrangler.toml'];

interface Entry {
  name: string;
  nameStart: number;
  nameEnd: number;
  /** The value's content range, inside its quotes (a basic or literal one-line string only). */
  value?: { text: string; start: number; end: number };
  /** The value node's range. */
  raw: [number, number];
  /** The whole `key = value` (for the line added beside it). */
  start: number;
  end: number;
  inline: boolean;
}

type Node = { type: string; range: [number, number]; [k: string]: any };

/** Whether a table path is an env table of this file: `env`, `build.environment`, `vars`, ... */
function isEnvTable(file: string, path: string[]): boolean {
  const p = path.join('.');
  if (file === 'fly.toml') return p === 'env';
  if (file === 'netlify.toml') return /^(build|dev|context\.[^.]+)\.environment$/.test(p);
  if (file === 'wrangler.toml') return /^(env\.[^.]+\.)?vars$/.test(p);
  return false;
}

export function scanToml(text: string, path: string, options: ScanOptions): FileScan {
  const out: FileScan = { findings: [], warnings: [] };
  const file = TOML_FILES.includes(basename(path)) ? basename(path) : 'fly.toml';
  let ast: Node;
  try {
    ast = parseTOML(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text) as unknown as Node;
  } catch (error) {
    throw new Error(`does not parse: invalid TOML (${(error as Error).message.split('\n')[0]}); left as is`);
  }
  const line = lineIndex(text);
  const entries = envEntries(text, file, ast);
  for (const e of entries) {
    const w = e.value && providerWarning(e.name, e.value.text, line(e.nameStart), options);
    if (w) return { findings: [], warnings: [w] };
  }
  const why = `${file}, in step with the code`;
  const hasKeyEnv = entries.some((e) => e.name === options.keyEnv);
  for (const e of entries) {
    const at = line(e.nameStart);
    if (e.name === KEY_VAR) {
      keyValueSeen(e.value?.text);
      if (e.value?.text && /^sk-/.test(e.value.text)) out.warnings.push({ code: 'hardcoded-key', line: at, message: `a literal key in ${file} (never printed here): keep it out of the repository (${file === 'fly.toml' ? 'fly secrets set' : file === 'wrangler.toml' ? 'wrangler secret put' : 'the Netlify UI'}), and revoke it if it was ever committed` });
      if (hasKeyEnv) continue; // a second run, after `beside`
      const edits = [{ start: e.nameStart, end: e.nameEnd, text: options.keyEnv }, ...renameEdits(text, e.raw[0], e.raw[1], options.keyEnv)];
      // `KEY = ""` on a line of its own, or `, KEY = ""` in an inline table; a reference to the
      // key (`"${OPENAI_API_KEY}"`) is copied, renamed
      const quote = /["']/.test(text[e.raw[0]]) ? text[e.raw[0]] : '"';
      const raw = text.slice(e.raw[0], e.raw[1]);
      const value = new RegExp(`\\$\\{?${KEY_VAR}\\b`).test(raw) ? renamed(raw, options.keyEnv) : quote + quote;
      const copy = text.slice(e.start, e.nameStart) + options.keyEnv + text.slice(e.nameEnd, e.raw[0]) + value;
      const beside = e.inline ? { start: e.end, end: e.end, text: `, ${copy}` } : lineAfter(text, e.end, indentOf(text, e.start) + copy);
      out.findings.push(keyFinding(at, edits, [beside], options, why));
    } else if (e.value) {
      const base = baseUrlFinding(e.name, e.value.text, at, e.value, options, why);
      if (base) out.findings.push(base);
      const model = modelSetting(e.name, e.value.text, at, e.value, why);
      if (model.finding) out.findings.push(model.finding);
      if (model.warning) out.warnings.push(model.warning);
    }
  }
  return out;
}

function indentOf(text: string, start: number): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  return /^[ \t]*$/.test(before) ? before : '';
}

const keyNames = (key: Node): string[] => (key?.keys ?? []).map((k: Node) => (k.type === 'TOMLBare' ? k.name : String(k.value)));

// The entries of every env table: `[env]` bodies, dotted keys (`env.OPENAI_MODEL = ...` at the
// top), inline tables (`environment = { ... }`).
function envEntries(text: string, file: string, ast: Node): Entry[] {
  const out: Entry[] = [];
  const top: Node | undefined = ast.body?.[0];
  const tables: { path: string[]; body: Node[] }[] = [{ path: [], body: (top?.body ?? []).filter((n: Node) => n.type === 'TOMLKeyValue') }];
  for (const t of (top?.body ?? []) as Node[]) if (t.type === 'TOMLTable' && t.kind === 'standard') tables.push({ path: keyNames(t.key), body: t.body });
  const stack = tables.map((t) => ({ ...t, inline: false }));
  while (stack.length) {
    const { path, body, inline } = stack.pop()!;
    for (const kv of body) {
      if (kv.type !== 'TOMLKeyValue') continue;
      const names = keyNames(kv.key);
      const full = [...path, ...names];
      if (kv.value?.type === 'TOMLInlineTable') {
        stack.push({ path: full, body: kv.value.body, inline: true });
        continue;
      }
      if (!isEnvTable(file, full.slice(0, -1))) continue;
      const last = kv.key.keys.at(-1) as Node;
      const nameStart = last.range[0] + (last.type === 'TOMLBare' ? 0 : 1);
      const entry: Entry = { name: full.at(-1)!, nameStart, nameEnd: last.range[1] - (last.type === 'TOMLBare' ? 0 : 1), raw: kv.value.range, start: kv.range[0], end: kv.range[1], inline };
      const v = kv.value;
      if (v?.type === 'TOMLValue' && v.kind === 'string' && (v.style === 'basic' || v.style === 'literal') && !v.multiline) {
        const start = v.range[0] + 1;
        const end = v.range[1] - 1;
        if (text.slice(start, end) === v.value) entry.value = { text: v.value, start, end };
      }
      out.push(entry);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
