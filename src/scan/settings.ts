// What a setting (`NAME=value` in a Dockerfile, a shell script, a JSON or TOML config) means for
// the migration, the same way the env scanner decides it: OPENAI_API_KEY is a key finding (rename,
// or the Flux key added beside it: the run's key plan picks), OPENAI_BASE_URL / OPENAI_API_BASE a
// base-URL finding, an OpenAI chat id in a *MODEL* variable a model finding, and a base URL of
// another provider or Azure leaves the file as is. Each file kind finds its settings with its own
// parser and builds the edits; the decisions are made here, once.
import { lineIndex } from './lines.js';
import { classifyOpenAIModel, isFluxId } from '../catalog/models.js';
import { classifyUrl, hostOf } from '../catalog/urls.js';
import type { Edit, Finding, ScanOptions, Warning } from '../model.js';
import { registerSecret } from '../secrets.js';
import { KEY_VAR } from './env/index.js';

export { KEY_VAR };
export const BASE_VARS = new Set(['OPENAI_BASE_URL', 'OPENAI_API_BASE']);

/** Every whole-word OPENAI_API_KEY in text[start, end): one edit each, to the Flux key's name. */
export function renameEdits(text: string, start: number, end: number, keyEnv: string): Edit[] {
  const edits: Edit[] = [];
  const re = new RegExp(`(?<![A-Za-z0-9_])${KEY_VAR}(?![A-Za-z0-9_])`, 'g');
  re.lastIndex = start;
  for (let m; (m = re.exec(text)) && m.index + KEY_VAR.length <= end; ) edits.push({ start: m.index, end: m.index + KEY_VAR.length, text: keyEnv });
  return edits;
}

/** `text` with every whole-word OPENAI_API_KEY renamed (for the copy added beside the old one). */
export function renamed(text: string, keyEnv: string): string {
  return text.replace(new RegExp(`(?<![A-Za-z0-9_])${KEY_VAR}(?![A-Za-z0-9_])`, 'g'), keyEnv);
}

/**
 * A value that names where the key comes from rather than holding it: `$OPENAI_API_KEY`,
 * `${localEnv:OPENAI_API_KEY}`, `%OPENAI_API_KEY%`, a Vercel `@secret`. Its copy beside the old
 * setting reads the Flux key's name; a literal's copy is left empty, to be filled.
 */
export function isReference(value: string): boolean {
  return /\$|%[A-Za-z_][A-Za-z0-9_]*%|^@[a-z0-9_-]+$/i.test(value);
}

/** A key finding: `edits` rename, `beside` adds the Flux key; the key plan picks (keyPlan.ts). */
export function keyFinding(line: number, edits: Edit[], beside: Edit[] | undefined, options: ScanOptions, why: string): Finding {
  return { kind: 'env', line, before: KEY_VAR, after: options.keyEnv, why: [why], edits, ...(beside ? { beside } : {}) };
}

/** A literal key is never printed: registered to be masked wherever it shows. */
export function keyValueSeen(value: string | undefined): void {
  if (value && !isReference(value)) registerSecret(value);
}

/**
 * The warning that leaves a whole file as is: its base URL points at another provider or Azure,
 * so whatever else it sets belongs to that provider.
 */
export function providerWarning(name: string, value: string, line: number, options: ScanOptions): Warning | undefined {
  if (!BASE_VARS.has(name) || !value || isReference(value)) return undefined;
  const kind = classifyUrl(value, options.baseUrl);
  if (kind === 'azure') return { code: 'azure-client', line, message: `${name} points at Azure OpenAI: this file was left as is; move it to Flux by hand if you mean to` };
  if (kind === 'other') return { code: 'other-provider', line, message: `${name} points at ${hostOf(value)}, another provider: this file was left as is` };
  return undefined;
}

/** OPENAI_BASE_URL set to OpenAI's URL (or empty): the Flux URL instead; none when already Flux. */
export function baseUrlFinding(name: string, value: string, line: number, range: { start: number; end: number }, options: ScanOptions, why: string): Finding | undefined {
  if (!BASE_VARS.has(name) || isReference(value)) return undefined;
  if (value && classifyUrl(value, options.baseUrl) !== 'openai') return undefined;
  return { kind: 'base-url', line, before: value || '(empty)', after: options.baseUrl, why: [why], edits: [{ ...range, text: options.baseUrl }] };
}

/**
 * A variable holding an OpenAI chat id: a model finding when its name says it is a model (the
 * plan fills in the Flux id at `range`, the id without its quotes), a hint otherwise.
 */
export function modelSetting(name: string, value: string, line: number, range: { start: number; end: number }, why: string): { finding?: Finding; warning?: Warning } {
  if (name.startsWith('AZURE_') || !value || isFluxId(value) || classifyOpenAIModel(value)?.kind !== 'chat') return {};
  if (/MODEL/i.test(name)) return { finding: { kind: 'model', line, before: value, after: '', why: [`${name} (${why})`], edits: [], literal: { ...range, quote: '' } } };
  return { warning: { code: 'model-hint', line, message: `${name}="${value}" looks like an OpenAI model id, but the variable is not named as a model, so it was left as is` } };
}



/** The line break a text uses at `offset`'s line (CRLF or LF), for lines added after it. */
export function eolAt(text: string, offset: number): string {
  const nl = text.indexOf('\n', offset);
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : nl === -1 && /\r\n/.test(text) ? '\r\n' : '\n';
}

/** An insertion of `line` on a line of its own after the line holding `offset`. */
export function lineAfter(text: string, offset: number, line: string): Edit {
  const nl = text.indexOf('\n', offset);
  const eol = eolAt(text, offset);
  return nl === -1 ? { start: text.length, end: text.length, text: eol + line } : { start: nl + 1, end: nl + 1, text: line + eol };
}

export { lineIndex };
