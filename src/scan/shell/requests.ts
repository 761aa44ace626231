// curl (and wget, HTTPie, xh, Invoke-RestMethod/Invoke-WebRequest) commands to OpenAI's API: a
// request to /v1/chat/completions, /v1/responses or /v1/models gets the Flux URL, the Flux key
// variable wherever the command reads OPENAI_API_KEY (`-H "Authorization: Bearer $OPENAI_API_KEY"`),
// and the `"model"` of its JSON body (in the command, in a heredoc fed to it, or in the variable it
// sends: `-d "$BODY"`). A request to another OpenAI endpoint (embeddings, images, audio, ...) is
// warned and left, and its reads of OPENAI_API_KEY are reported as key reads: the run's key plan
// then keeps that variable. These findings are the script's own (like code), not the key plan's.
import { decideLiteral } from '../modelValues.js';
import type { Edit, FileScan, Finding, ScanOptions } from '../../model.js';
import { KEY_VAR } from '../settings.js';
import { registerSecret } from '../../secrets.js';
import { type Command, type Dialect, type Word, inLiteral, sourceRange } from './tokenize.js';
import { commandIndex, commandName } from './settings.js';

const TOOLS = new Set(['curl', 'wget', 'http', 'https', 'xh', 'xhs', 'invoke-restmethod', 'invoke-webrequest', 'irm', 'iwr']);
const OPENAI_API = 'https://api.openai.com/v1';
const SERVED = /^\/(chat\/completions|responses|models)(\/|\?|$)/;

export interface ShellContext {
  text: string;
  dialect: Dialect;
  options: ScanOptions;
  out: FileScan;
  line: (offset: number) => number;
  commands: Command[];
  /** Key variables (`$OPENAI_KEY`) sent by requests that stay on OpenAI, with the first one's line. */
  keptKeys?: Map<string, number>;
}

/** Key reads of `name` in a word, by dialect: `$NAME`, `${NAME...}`, `$env:NAME`, `%NAME%`. */
export function keyRefs(ctx: ShellContext, w: Word, name: string): { start: number; end: number }[] {
  const src = ctx.text.slice(w.start, w.end);
  const re = ctx.dialect === 'powershell'
    ? new RegExp(`\\$\\{?env:(${name})(?![A-Za-z0-9_])`, 'gi')
    : ctx.dialect === 'cmd'
      ? new RegExp(`[%!](${name})[%!]`, 'g')
      : new RegExp(`\\$\\{?(${name})(?![A-Za-z0-9_])`, 'g');
  const out: { start: number; end: number }[] = [];
  for (const m of src.matchAll(re)) {
    const at = w.start + m.index!;
    if (ctx.dialect === 'posix' && (src[m.index! - 1] === '\\' || inLiteral(w, at))) continue;
    if (ctx.dialect === 'powershell' && inLiteral(w, at)) continue;
    const start = at + m[0].indexOf(m[1]);
    out.push({ start, end: start + m[1].length });
  }
  return out;
}

// The body a request sends: the word after -d/--data*/--json/-Body, or joined (`--data=...`).
function bodyWord(cmd: Command): Word | undefined {
  const i = cmd.words.findIndex((w) => /^(-d|--data(-raw|-binary|-ascii|-urlencode)?|--json|-body)(=|$)/i.test(w.value));
  if (i === -1) return undefined;
  const w = cmd.words[i];
  return w.value.includes('=') && !/^-d$/.test(w.value) ? w : cmd.words[i + 1];
}

/** The `Bearer $VAR` tokens of a request's words, with the line of each. */
export function bearerTokens(ctx: ShellContext, req: Request): [string, number][] {
  return req.parts.flatMap((c) => c.words).flatMap((w) => [...w.value.matchAll(/Bearer\s+([$%][^\s'"]+)/g)].map((m): [string, number] => [m[1], ctx.line(w.start)]));
}

/** The Flux key read as this dialect writes it, for a literal key replaced in a request. */
function keyExpr(ctx: ShellContext, w: Word, at: number): string {
  const k = ctx.options.keyEnv;
  if (ctx.dialect === 'powershell') return `$env:${k}`;
  if (ctx.dialect === 'cmd') return `%${k}%`;
  return inLiteral(w, at) ? `'"$${k}"'` : `\${${k}}`;
}

export interface Request {
  cmd: Command;
  /** The command and the assignments of the variables it sends (`-H "$AUTH"`, `-Body $body`). */
  parts: Command[];
  url: { word: Word; at: number; base: string; path: string };
  /** Whether Flux serves the endpoint (or the URL is already Flux's, on a second run). */
  served: boolean;
}

/** A request command to OpenAI's API (or already to Flux, on a second run), or undefined. */
export function findRequest(ctx: ShellContext, cmd: Command): Request | undefined {
  const k = commandIndex(cmd, ctx.dialect);
  if (k === -1 || !TOOLS.has(commandName(cmd, ctx.dialect))) return undefined;
  for (const w of cmd.words.slice(k + 1)) {
    const url = urlIn(ctx, w);
    if (url) return request(ctx, cmd, { word: w, ...url });
    // `curl "$OPENAI_API_URL"`, `curl "$BASE/chat/completions"`: the URL the variable is set to
    const v = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?([/?][^\s'"]*)?$/.exec(w.value);
    const set = v && lastAssignment(ctx, cmd, v[1]);
    const word = set?.words.find((x) => x.value.startsWith(`${v![1]}=`) || x === set.words[2]);
    const inSet = word && urlIn(ctx, word);
    if (inSet) return request(ctx, cmd, { word: word!, ...inSet, path: inSet.path + (v![2] ?? '') }, set ?? undefined);
  }
  return undefined;
}

function request(ctx: ShellContext, cmd: Command, url: Request['url'], set?: Command): Request {
  const parts = [cmd, ...assignmentsSent(ctx, cmd)];
  if (set && !parts.includes(set)) parts.push(set);
  return { cmd, parts, url, served: url.base === ctx.options.baseUrl || SERVED.test(url.path) };
}

// OpenAI's API URL (or Flux's, on a second run) in a word, at a value boundary.
function urlIn(ctx: ShellContext, w: Word): { at: number; base: string; path: string } | undefined {
  for (const base of [OPENAI_API, ctx.options.baseUrl, OPENAI_API.slice('https://'.length)]) {
    const at = w.value.indexOf(base);
    if (at === -1 || (at > 0 && !/[=\s'"]/.test(w.value[at - 1]))) continue;
    const path = w.value.slice(at + base.length).split(/[\s'"]/)[0];
    return path === '' || path.startsWith('/') || path.startsWith('?') ? { at, base, path } : undefined;
  }
  return undefined;
}

// The assignment of a variable a command reads: the last one before it, else the first after it
// (a function defined above the line that sets what it sends).
function lastAssignment(ctx: ShellContext, cmd: Command, name: string): Command | undefined {
  const all = ctx.commands.filter((c) => c !== cmd && assigns(c, name, ctx.dialect));
  return all.filter((c) => c.end <= cmd.start).at(-1) ?? all[0];
}

/**
 * A request's findings and warnings. `keptOnOpenAI`: assignments also sent by a request that
 * stays on OpenAI, whose key must stay.
 */
export function migrateRequest(ctx: ShellContext, req: Request, keptOnOpenAI: Set<Command | Word>): void {
  const { out, options } = ctx;
  const { url, cmd } = req;
  const flux = options.baseUrl;
  // the URL's line, or the request's when its URL is set elsewhere
  const line = ctx.line(cmd.words.includes(url.word) ? url.word.map[url.at] ?? url.word.start : cmd.start);
  const endpoint = url.path.split('?')[0] || '/';
  const refsIn = (parts: Command[], name: string) => parts.flatMap((c) => c.words.flatMap((w) => keyRefs(ctx, w, name)));
  if (!req.served) {
    const refs = refsIn(req.parts, KEY_VAR);
    out.warnings.push(endpoint === '/'
      ? { code: 'unresolved-client', line, message: `OpenAI's API URL in a ${commandName(cmd, ctx.dialect)} command, left as is: requests to /chat/completions, /responses or /models can move to ${flux} with your Flux key; others must stay on OpenAI` }
      : { code: 'unsupported-endpoint', line, message: `request to ${OPENAI_API}${endpoint}: Flux does not serve this endpoint, so it was left on OpenAI${refs.length ? ` (it keeps reading ${KEY_VAR})` : ''}` });
    // It keeps reading the OpenAI key: the key plan keeps OPENAI_API_KEY for it.
    for (const r of refs) (out.keyReads ??= []).push({ name: KEY_VAR, line: ctx.line(r.start), start: r.start, end: r.end });
    return;
  }
  const why = `request to ${endpoint} (line ${line})`;
  const own = (f: Finding): Finding => ({ ...f, ownClient: true });
  if (url.base !== flux && keptOnOpenAI.has(url.word)) {
    out.warnings.push({ code: 'unresolved-client', line, message: `this request to ${endpoint} could move to Flux, but its URL comes from line ${ctx.line(url.word.start)}, which a request that stays on OpenAI uses too: give it a variable of its own set to ${flux}, with your Flux key` });
    for (const r of refsIn(req.parts, KEY_VAR)) (out.keyReads ??= []).push({ name: KEY_VAR, line: ctx.line(r.start), start: r.start, end: r.end });
    return;
  }
  if (url.base !== flux) {
    const range = sourceRange(url.word, url.at, url.at + url.base.length);
    if (!range) {
      out.warnings.push({ code: 'unresolved-client', line, message: `request to ${OPENAI_API}${endpoint} written with escapes or quotes inside its URL, left as is: point it at ${flux}${endpoint} with your Flux key` });
      return;
    }
    out.findings.push(own({ kind: 'base-url', line, before: url.base + url.path, after: flux + url.path, why: [why], edits: [{ ...range, text: flux }] }));
  }
  // The key: every read of OPENAI_API_KEY the request sends becomes the Flux key, unless it is in
  // an assignment a request staying on OpenAI sends too.
  // an assignment (`AUTH="Bearer $OPENAI_API_KEY"`) that a request staying on OpenAI sends too
  const shared = req.parts.filter((c) => c !== cmd && keptOnOpenAI.has(c) && refsIn([c], KEY_VAR).length);
  for (const r of refsIn(req.parts.filter((c) => !shared.includes(c)), KEY_VAR)) {
    out.findings.push(own({ kind: 'api-key', line: ctx.line(r.start), before: KEY_VAR, after: options.keyEnv, why: [why], edits: [{ start: r.start, end: r.end, text: options.keyEnv }] }));
    (out.keyReads ??= []).push({ name: KEY_VAR, line: ctx.line(r.start), start: r.start, end: r.end });
  }
  for (const r of refsIn(req.parts, options.keyEnv)) (out.keyReads ??= []).push({ name: options.keyEnv, line: ctx.line(r.start), start: r.start, end: r.end });
  if (shared.length) {
    const name = shared[0].words[0].value.replace(/=.*$/s, '');
    out.warnings.push({ code: 'unresolved-key', line, message: `this request now goes to Flux, but ${name} (line ${ctx.line(shared[0].start)}) is also sent to an endpoint that stays on OpenAI, so its key was left as is: give this request its own header with ${options.keyEnv}` });
  } else if (!refsIn(req.parts, KEY_VAR).length && !refsIn(req.parts, options.keyEnv).length) checkAuthorization(ctx, req.parts, line, endpoint, own);
  const models = modelsOf(ctx, req.parts);
  const body = bodyWord(cmd);
  if (!models.length && body && /[$%]/.test(body.value) && endpoint !== '/models') {
    out.warnings.push({ code: 'unresolved-model', line: ctx.line(body.start), message: `the body of POST ${endpoint} comes from ${body.value}: flux-migrate cannot see its model; make sure it is a Flux model id` });
  }
  for (const m of models) {
    if (/^\$\{?[A-Za-z_]/.test(m.id) || /^%\w+%$/.test(m.id)) {
      const name = /\w+/.exec(m.id)![0];
      const set = req.parts.find((c) => c !== cmd && assigns(c, name, ctx.dialect));
      out.warnings.push({ code: 'unresolved-model', line: ctx.line(m.start), message: `the model of POST ${endpoint} comes from ${m.id}${set ? ` (set on line ${ctx.line(set.start)})` : ''}: make sure it holds a Flux model id; where it is an OpenAI id, replace it` });
      continue;
    }
    const decision = decideLiteral(m.id, `POST ${endpoint}`);
    if (decision === 'migrate') out.findings.push(own({ kind: 'model', line: ctx.line(m.start), before: m.id, after: '', why: [why], edits: [], literal: { start: m.start, end: m.end, quote: '' } }));
    else if (decision !== 'keep') out.warnings.push({ ...decision, line: ctx.line(m.start) });
  }
}

// `-d "$BODY"`, `-H "$AUTH"`, `-Headers $headers`: the last assignment of each variable the
// command sends, before it.
function assignmentsSent(ctx: ShellContext, cmd: Command): Command[] {
  const names = new Set<string>();
  const re = ctx.dialect === 'powershell' ? /\$(?!env:)([A-Za-z_][A-Za-z0-9_]*)/gi : /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;
  for (const w of cmd.words) for (const m of w.value.matchAll(re)) if (m[1] !== KEY_VAR) names.add(m[1]);
  const out: Command[] = [];
  for (const name of names) {
    const assigned = lastAssignment(ctx, cmd, name);
    if (assigned) out.push(assigned);
  }
  return out;
}

// No read of OPENAI_API_KEY: a literal key is replaced by the Flux key variable; a key from
// another variable, or none, is named.
function checkAuthorization(ctx: ShellContext, parts: Command[], line: number, endpoint: string, own: (f: Finding) => Finding): void {
  const { out, options } = ctx;
  for (const w of parts.flatMap((c) => c.words)) {
    const m = /(Bearer\s+)([^\s'"]+)/.exec(w.value);
    if (!m) continue;
    const token = m[2];
    const from = m.index + m[1].length;
    if (token.startsWith(`$${options.keyEnv}`) || token.startsWith(`\${${options.keyEnv}`) || /^\$\{?env:/i.test(token) && token.includes(options.keyEnv) || token === `%${options.keyEnv}%`) return;
    if (/^[$%]/.test(token)) {
      const kept = ctx.keptKeys?.get(token);
      out.warnings.push({ code: 'unresolved-key', line, message: kept
        ? `this request to ${endpoint} now goes to Flux and sends the key in ${token}, which a request that stays on OpenAI sends too (line ${kept}): give this one a variable of its own holding your Flux key (${options.keyEnv})`
        : `this request to ${endpoint} now goes to Flux and sends the key in ${token}: make sure it holds your Flux key (${options.keyEnv})` });
      return;
    }
    const range = sourceRange(w, from, from + token.length);
    registerSecret(token);
    if (!range) break;
    // 'Authorization: Bearer sk-...': the quote closes before the variable ('...Bearer '"$KEY")
    const closes = ctx.dialect === 'posix' && inLiteral(w, range.start) && ctx.text[range.end] === "'";
    const edit: Edit = closes ? { start: range.start, end: range.end + 1, text: `'"$${options.keyEnv}"` } : { ...range, text: keyExpr(ctx, w, range.start) };
    out.findings.push(own({ kind: 'api-key', line: ctx.line(range.start), before: maskedToken(token), after: options.keyEnv, why: [`request to ${endpoint} (line ${line})`], edits: [edit] }));
    out.warnings.push({ code: 'hardcoded-key', line: ctx.line(range.start), message: `a literal key in this request was replaced by ${options.keyEnv}; revoke the old key if it was ever committed` });
    return;
  }
  out.warnings.push({ code: 'unresolved-key', line, message: `this request to ${endpoint} now goes to Flux but sends no visible ${KEY_VAR}: make sure its Authorization header carries your Flux key (${options.keyEnv})` });
}

function maskedToken(token: string): string {
  return token.length < 12 ? '***' : (token.startsWith('sk-') ? 'sk-...' : '...') + token.slice(-4);
}

const JSON_MODEL = /"model"\s*:\s*"([^"\\]+)"/g;
const PS_MODEL = /(?:^|[\s;{])["']?model["']?\s*=\s*["']([^"'\s]+)["']/gi;

// The model ids a request sends: in its words and those of the assignments it sends (a JSON
// body, a PowerShell hashtable, HTTPie's `model=gpt-4o`), and in a heredoc fed to it.
function modelsOf(ctx: ShellContext, parts: Command[]): { id: string; start: number; end: number }[] {
  const found: { id: string; start: number; end: number }[] = [];
  const words = parts.flatMap((c) => c.words);
  words.forEach((w, i) => {
    // PowerShell hashtable: `model = "gpt-4o"` (three words)
    const v = words[i + 2];
    const range = v && sourceRange(v, 0, v.value.length);
    if (ctx.dialect === 'powershell' && /^model$/i.test(w.value) && words[i + 1]?.value === '=' && range && !/^\$/.test(v.value)) found.push({ id: v.value, ...range });
  });
  for (const w of words) {
    for (const re of ctx.dialect === 'powershell' ? [JSON_MODEL, PS_MODEL] : [JSON_MODEL]) {
      for (const m of w.value.matchAll(re)) {
        const from = m.index! + m[0].lastIndexOf(m[1]);
        const range = sourceRange(w, from, from + m[1].length);
        if (range) found.push({ id: m[1], ...range });
      }
    }
    const httpie = /^model:?=(.+)$/.exec(w.value);
    const range = httpie && sourceRange(w, w.value.length - httpie[1].length, w.value.length);
    if (httpie && range) found.push({ id: httpie[1], ...range });
  }
  for (const h of parts.flatMap((c) => c.heredocs)) {
    for (const m of ctx.text.slice(h.start, h.end).matchAll(JSON_MODEL)) {
      const start = h.start + m.index! + m[0].lastIndexOf(m[1]);
      found.push({ id: m[1], start, end: start + m[1].length });
    }
  }
  return found;
}

function assigns(c: Command, name: string, dialect: Dialect): boolean {
  const [a, b] = c.words;
  if (dialect === 'powershell') return a?.value.toLowerCase() === `$${name.toLowerCase()}` && b?.value === '=';
  return c.words.some((w) => w.value.startsWith(`${name}=`) && w.map[0] === w.start);
}
