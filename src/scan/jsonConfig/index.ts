// JSON and JSONC configs that set the key, the base URL or a model, recognised by their name
// (never every *.json: package.json, tsconfig, lock files and test data are not configs to
// migrate):
// - devcontainer (`.devcontainer/devcontainer.json`, `.devcontainer/<name>/devcontainer.json`,
//   `.devcontainer.json`): `remoteEnv`, `containerEnv`, `build.args` (`${localEnv:OPENAI_API_KEY}`
//   references follow the key), `runArgs` (`--env NAME=...`), `secrets` (the recommended
//   Codespaces secrets: `secret-to-create`);
// - Heroku `app.json`: `env` (`{ "description", "required", "value" }` entries or plain values);
// - Vercel `vercel.json` (and the older `now.json`): `env` and `build.env` (a `@secret`
//   reference named after the variable is renamed with it: `secret-to-create`);
// - Continue `.continue/config.json` (continue.ts): its OpenAI model entries move on their own.
// Key, base URL and model entries follow the run's key plan, like an env file. `scanJsonConfig`
// works on any JSON text: a README's ```json block is recognised by its shape.
import { basename } from 'node:path';
import type { FileScan, ScanOptions } from '../../model.js';
import { KEY_VAR, baseUrlFinding, keyFinding, keyValueSeen, lineIndex, modelSetting, providerWarning, renameEdits, renamed } from '../settings.js';
import { migrateContinue } from './continue.js';
import { type Node, contentRange, member, parseJson, properties, propertyAfter } from './json.js';
import { modify, applyEdits as applyJsonEdits } from 'jsonc-parser';

export type JsonKind = 'devcontainer' | 'app.json' | 'vercel' | 'continue';

/** The kind of config a path names, or undefined (prefilter.ts matches the same names). */
export function jsonKindOf(path: string): JsonKind | undefined {
  const p = path.replace(/\\/g, '/');
  const name = basename(p);
  if (name === '.devcontainer.json' || (name === 'devcontainer.json' && /(^|\/)\.devcontainer\/([^/]+\/)?devcontainer\.json$/.test(p))) return 'devcontainer';
  if (name === 'app.json') return 'app.json';
  if (name === 'vercel.json' || name === 'now.json') return 'vercel';
  if (name === 'config.json' && /(^|\/)\.continue\/config\.json$/.test(p)) return 'continue';
  return undefined;
}

// A JSON text of no known name (a README's code block): its kind by the keys it has.
function kindByShape(root: Node | undefined): JsonKind | undefined {
  const keys = new Set(properties(root).map((p) => p.key));
  if (keys.has('remoteEnv') || keys.has('containerEnv') || keys.has('customizations')) return 'devcontainer';
  if (member(root, 'models')?.type === 'array' || keys.has('tabAutocompleteModel')) return 'continue';
  if (keys.has('env') && properties(member(root, 'env')).some((p) => p.value.type === 'object')) return 'app.json';
  if (keys.has('env') || keys.has('build')) return 'vercel';
  return undefined;
}

export interface JsonContext {
  text: string;
  options: ScanOptions;
  out: FileScan;
  line: (offset: number) => number;
  why: string;
}

export function scanJsonConfig(text: string, path: string, options: ScanOptions, kind?: JsonKind): FileScan {
  const out: FileScan = { findings: [], warnings: [] };
  const root = parseJson(text);
  kind ??= jsonKindOf(path) ?? kindByShape(root);
  if (!kind || root?.type !== 'object') return out;
  const ctx: JsonContext = { text, options, out, line: lineIndex(text), why: `${kind === 'app.json' ? 'app.json' : kind === 'vercel' ? 'vercel.json' : kind}, in step with the code` };
  if (kind === 'continue') {
    migrateContinue(ctx, root);
    return out;
  }
  const envs: (Node | undefined)[] = kind === 'devcontainer'
    ? [member(root, 'remoteEnv'), member(root, 'containerEnv'), member(member(root, 'build'), 'args')]
    : kind === 'app.json' ? [member(root, 'env')] : [member(root, 'env'), member(member(root, 'build'), 'env')];
  const objects = envs.filter((n): n is Node => n?.type === 'object');
  const entries = objects.flatMap((o) => properties(o));
  // A base URL of another provider or Azure: this config is set up for that provider.
  for (const e of entries) {
    const v = valueOf(e.value);
    const w = v && providerWarning(e.key, String(v.value), ctx.line(e.keyNode.offset), options);
    if (w) return { findings: [], warnings: [w] };
  }
  for (const o of objects) envObject(ctx, o, kind);
  if (kind === 'devcontainer') {
    secrets(ctx, member(root, 'secrets'));
    runArgs(ctx, member(root, 'runArgs'));
  }
  return out;
}

// A variable's value: the string itself, or app.json's `{ "value": ... }` (`"default"` in the
// schema's first version).
function valueOf(node: Node): Node | undefined {
  if (node.type === 'string') return node;
  const v = member(node, 'value') ?? member(node, 'default');
  return v?.type === 'string' ? v : undefined;
}

function envObject(ctx: JsonContext, obj: Node, kind: JsonKind): void {
  const { text, options, out } = ctx;
  const entries = properties(obj);
  const hasKeyEnv = entries.some((e) => e.key === options.keyEnv);
  for (const e of entries) {
    const line = ctx.line(e.keyNode.offset);
    const value = valueOf(e.value);
    if (e.key === KEY_VAR) {
      keyValueSeen(value?.value);
      const name = contentRange(text, e.keyNode);
      if (hasKeyEnv || !name) continue; // a second run, after `beside`
      const edits = [{ ...name, text: options.keyEnv }];
      const secret = kind === 'vercel' && e.value.type === 'string' ? vercelSecret(String(e.value.value), options.keyEnv) : undefined;
      if (e.value.type === 'string' && !secret) edits.push(...renameEdits(text, e.value.offset, e.value.offset + e.value.length, options.keyEnv));
      if (secret) {
        edits.push({ start: e.value.offset + 2, end: e.value.offset + e.value.length - 1, text: secret });
        out.warnings.push({ code: 'secret-to-create', line, message: `${options.keyEnv} now reads the Vercel secret @${secret}: create it with your Flux key (vercel secrets add ${secret} <your Flux key>), or set ${options.keyEnv} in the project's Environment Variables` });
      }
      out.findings.push(keyFinding(line, edits, [propertyAfter(text, e.prop, options.keyEnv, besideValue(text, e.value, options.keyEnv, secret))], options, ctx.why));
      continue;
    }
    // `"API_KEY": "${localEnv:OPENAI_API_KEY}"`: a read of the key, which follows it
    if (e.value.type === 'string') {
      const refs = renameEdits(text, e.value.offset, e.value.offset + e.value.length, options.keyEnv);
      if (refs.length) out.findings.push(keyFinding(line, refs, undefined, options, ctx.why));
    }
    const range = value && contentRange(text, value);
    if (!value || !range) continue;
    const base = baseUrlFinding(e.key, String(value.value), line, range, options, ctx.why);
    if (base) out.findings.push(base);
    const model = modelSetting(e.key, String(value.value), line, range, ctx.why);
    if (model.finding) out.findings.push(model.finding);
    if (model.warning) out.warnings.push(model.warning);
  }
}

// The value of the Flux key's entry added beside the old one: a reference to the key is copied,
// renamed (`${localEnv:FLUX_API_KEY}`); a literal is left empty (the OpenAI key is not a Flux
// key); app.json's `{ "description", "required", "value" }` keeps its shape, with a description
// of the Flux key and an empty value.
function besideValue(text: string, value: Node, keyEnv: string, secret: string | undefined): string {
  const raw = text.slice(value.offset, value.offset + value.length);
  if (value.type === 'string') return secret ? `"@${secret}"` : new RegExp(`\\b${KEY_VAR}\\b`).test(raw) ? renamed(raw, keyEnv) : '""';
  if (value.type !== 'object') return '""';
  let copy = raw;
  const set = (path: string, v: string | undefined) => {
    copy = applyJsonEdits(copy, modify(copy, [path], v, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
  };
  if (member(value, 'description')) set('description', `Your Flux API key (${keyEnv})`);
  if (member(value, 'documentationUrl')) set('documentationUrl', undefined);
  for (const field of ['value', 'default']) {
    const v = member(value, field);
    if (v?.type === 'string' && !new RegExp(`\\b${KEY_VAR}\\b`).test(String(v.value))) set(field, '');
  }
  return renamed(copy, keyEnv);
}

// `@openai-api-key` (Vercel's secrets, named after the variable) -> `@flux-api-key`, in the same
// spelling; a secret of another name is left, and holds whatever it holds.
function vercelSecret(value: string, keyEnv: string): string | undefined {
  const m = /^@([A-Za-z0-9_-]+)$/.exec(value);
  if (!m) return undefined;
  const spell = (name: string, like: string) => {
    const sep = like.includes('-') ? '-' : '_';
    const parts = name.toLowerCase().split('_');
    const out = parts.join(sep);
    return like === like.toUpperCase() ? out.toUpperCase() : out;
  };
  return m[1].toLowerCase().replace(/-/g, '_') === KEY_VAR.toLowerCase() ? spell(keyEnv, m[1]) : undefined;
}

// devcontainer `secrets`: the Codespaces secrets it asks the user for.
function secrets(ctx: JsonContext, obj: Node | undefined): void {
  const { text, options, out } = ctx;
  const entries = properties(obj);
  if (entries.some((e) => e.key === options.keyEnv)) return;
  for (const e of entries.filter((x) => x.key === KEY_VAR)) {
    const name = contentRange(text, e.keyNode);
    if (!name) continue;
    const line = ctx.line(e.keyNode.offset);
    out.findings.push(keyFinding(line, [{ ...name, text: options.keyEnv }], [propertyAfter(text, e.prop, options.keyEnv, besideValue(text, e.value, options.keyEnv, undefined))], options, ctx.why));
    out.warnings.push({ code: 'secret-to-create', line, message: `this dev container now asks for the secret ${options.keyEnv}: create it (GitHub -> Settings -> Codespaces -> Secrets) with your Flux key` });
  }
}

// devcontainer `runArgs`: `["--env", "OPENAI_API_KEY=${localEnv:OPENAI_API_KEY}"]`, `["-e", "OPENAI_API_KEY"]`.
function runArgs(ctx: JsonContext, arr: Node | undefined): void {
  const { text, options, out } = ctx;
  const items = arr?.type === 'array' ? arr.children ?? [] : [];
  if (items.some((n) => n.type === 'string' && new RegExp(`\\b${options.keyEnv}\\b`).test(String(n.value)))) return;
  items.forEach((n, i) => {
    if (n.type !== 'string') return;
    const setting = /^(--env=)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(String(n.value));
    const range = contentRange(text, n);
    const forwarded = setting && (setting[1] || (items[i - 1]?.type === 'string' && /^(-e|--env)$/.test(String(items[i - 1].value))));
    if (forwarded && range && setting[2] !== KEY_VAR) {
      // `--env OPENAI_BASE_URL=...`, `-e OPENAI_MODEL=gpt-4o`
      const v = { start: range.end - setting[3].length, end: range.end };
      const line = ctx.line(n.offset);
      const base = baseUrlFinding(setting[2], setting[3], line, v, options, ctx.why);
      if (base) out.findings.push(base);
      const model = modelSetting(setting[2], setting[3], line, v, ctx.why);
      if (model.finding) out.findings.push(model.finding);
      if (model.warning) out.warnings.push(model.warning);
      return;
    }
    if (!new RegExp(`^(--env=|-e)?${KEY_VAR}(=|$)`).test(String(n.value))) return;
    const edits = renameEdits(text, n.offset, n.offset + n.length, options.keyEnv);
    const flag = items[i - 1]?.type === 'string' && /^(-e|--env)$/.test(String(items[i - 1].value)) ? items[i - 1] : undefined;
    const raw = text.slice(n.offset, n.offset + n.length);
    const copy = new RegExp(`=.*\\$\\{?[A-Za-z]*:?${KEY_VAR}`).test(String(n.value)) || !String(n.value).includes('=') ? renamed(raw, options.keyEnv) : renamed(raw.replace(/=.*"$/, '="'), options.keyEnv);
    const at = n.offset + n.length;
    out.findings.push(keyFinding(ctx.line(n.offset), edits, [{ start: at, end: at, text: `, ${flag ? text.slice(flag.offset, flag.offset + flag.length) + ', ' : ''}${copy}` }], options, ctx.why));
  });
}
