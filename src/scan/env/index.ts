// Env files (`.env`, `.env.*`, `*.env`, `.envrc`), and their commented example lines
// (`# OPENAI_MODEL=gpt-4o`): OPENAI_API_KEY is renamed to the Flux key's name (its value is never
// printed) or the Flux key is added beside it, OPENAI_BASE_URL / OPENAI_API_BASE point at Flux,
// and model values are mapped like code. Other OPENAI_* variables stay. Which of those happen is
// the run's key plan (src/pipeline/keyPlan.ts): this scanner says what would change.
import { classifyOpenAIModel, isFluxId } from '../../catalog/models.js';
import { classifyUrl, hostOf } from '../../catalog/urls.js';
import type { FileScan, Finding, ScanOptions } from '../../model.js';
import { registerSecret } from '../../secrets.js';

export const KEY_VAR = 'OPENAI_API_KEY';
export const BASE_VARS = new Set(['OPENAI_BASE_URL', 'OPENAI_API_BASE']);

export interface EnvEntry {
  line: number;
  name: string;
  nameStart: number;
  value: string;
  valueStart: number;
  valueEnd: number;
  quote: string;
  /** Where the line starts and ends (before its line break). */
  lineStart: number;
  lineEnd: number;
}

/** `NAME=value` lines (with `export`, quotes, trailing comments, a leading BOM, or commented out as an example: `# NAME=value`). */
export function parseEnv(text: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  const re = /^(\uFEFF?[ \t]*(?:#[ \t]*)?(?:export[ \t]+)?)([A-Za-z_][A-Za-z0-9_.]*)([ \t]*=[ \t]*)([^\r\n]*)/gm;
  for (let m; (m = re.exec(text)); ) {
    const nameStart = m.index + m[1].length;
    let valueStart = nameStart + m[2].length + m[3].length;
    const raw = m[4];
    let value: string;
    let quote = '';
    const q = /^(["'])(.*?)\1/.exec(raw);
    if (q) {
      quote = q[1];
      value = q[2];
      valueStart += 1;
    } else {
      value = raw.replace(/[ \t]+#.*$/, '').replace(/[ \t]+$/, '');
    }
    const lineEnd = m.index + m[0].length - (m[0].endsWith('\r') ? 1 : 0);
    entries.push({ line: text.slice(0, m.index).split('\n').length, name: m[2], nameStart, value, valueStart, valueEnd: valueStart + value.length, quote, lineStart: m.index + (text[m.index] === '\uFEFF' ? 1 : 0), lineEnd });
  }
  return entries;
}

export function scanEnv(text: string, _path: string, options: ScanOptions): FileScan {
  const out: FileScan = { findings: [], warnings: [] };
  const entries = parseEnv(text);
  const why = 'env file, in step with the code';

  for (const e of entries.filter((x) => BASE_VARS.has(x.name) && x.value)) {
    const kind = classifyUrl(e.value, options.baseUrl);
    if (kind === 'azure' || kind === 'other') {
      out.warnings.push(kind === 'azure'
        ? { code: 'azure-client', line: e.line, message: `${e.name} points at Azure OpenAI: this file was left as is; move it to Flux by hand if you mean to` }
        : { code: 'other-provider', line: e.line, message: `${e.name} points at ${hostOf(e.value)}, another provider: this file was left as is` });
      return out;
    }
  }

  const hasKeyEnv = entries.some((e) => e.name === options.keyEnv);
  for (const e of entries) {
    if (e.name === KEY_VAR) {
      if (e.value) registerSecret(e.value);
      if (hasKeyEnv) continue;
      out.findings.push({ ...finding('env', e.line, KEY_VAR, options.keyEnv, { start: e.nameStart, end: e.nameStart + KEY_VAR.length, text: options.keyEnv }, why), beside: [besideLine(text, e, options.keyEnv)] });
    } else if (BASE_VARS.has(e.name)) {
      if (e.value && classifyUrl(e.value, options.baseUrl) === 'flux') continue;
      out.findings.push(finding('base-url', e.line, e.value || '(empty)', options.baseUrl, { start: e.valueStart, end: e.valueEnd, text: options.baseUrl }, why));
    } else if (!e.name.startsWith('AZURE_') && e.value && !isFluxId(e.value)) {
      const model = classifyOpenAIModel(e.value);
      if (model?.kind !== 'chat') continue;
      if (/MODEL/i.test(e.name)) {
        out.findings.push({ kind: 'model', line: e.line, before: e.value, after: '', why: [`${e.name} (${why})`], edits: [], literal: { start: e.valueStart - e.quote.length, end: e.valueEnd + e.quote.length, quote: e.quote } });
      } else {
        out.warnings.push({ code: 'model-hint', line: e.line, message: `${e.name}="${e.value}" looks like an OpenAI model id, but the variable is not named as a model, so it was left as is` });
      }
    }
  }
  return out;
}

function finding(kind: Finding['kind'], line: number, before: string, after: string, edit: Finding['edits'][number], why: string): Finding {
  return { kind, line, before, after, why: [why], edits: [edit] };
}

// `FLUX_API_KEY=` on a line of its own after the old key's line, written as that line is
// (`export`, commented out, quoted), with an empty value: the OpenAI key is not a Flux key.
function besideLine(text: string, e: EnvEntry, keyEnv: string): Finding['edits'][number] {
  const eol = text[e.lineEnd] === '\r' ? '\r\n' : '\n';
  const line = text.slice(e.lineStart, e.nameStart) + keyEnv + text.slice(e.nameStart + KEY_VAR.length, e.valueStart - e.quote.length) + e.quote + e.quote;
  const at = text.indexOf('\n', e.lineEnd);
  return at === -1 ? { start: text.length, end: text.length, text: eol + line } : { start: at + 1, end: at + 1, text: line + eol };
}

