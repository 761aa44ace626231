// What happens to the variables of one environment (a Compose service's `environment:`, an
// Actions `env:`, a container's `env:` list, ...), as in env files:
// - OPENAI_API_KEY: renamed to the Flux key, or the Flux key added beside it (the run's key plan
//   picks); references in its value follow (`${OPENAI_API_KEY}`, `${{ secrets.OPENAI_API_KEY }}`).
//   A value read from a secret store (an Actions secret, a GitLab CI/CD variable, a Kubernetes
//   secretKeyRef) is read from a new secret named for the Flux key, which the user must create
//   (`secret-to-create`): the old secret holds an OpenAI key, and it stays for whatever else uses it.
// - OPENAI_BASE_URL / OPENAI_API_BASE: an OpenAI URL (also a `${VAR:-default}`) becomes Flux's;
//   another provider's leaves the whole environment as is.
// - *MODEL* variables holding an OpenAI chat id: mapped like code; other names: `model-hint`.
import { classifyOpenAIModel, isFluxId } from '../../catalog/models.js';
import { classifyUrl, hostOf } from '../../catalog/urls.js';
import type { Edit, Finding } from '../../model.js';
import { registerSecret } from '../../secrets.js';
import { BASE_VARS, KEY_VAR } from '../env/index.js';
import { besideEdit } from './beside.js';
import type { EnvEntry } from './entries.js';
import { type Ref, fallbackOf, onlyRefs, refsIn } from './refs.js';
import type { Context } from './context.js';
import { lineOf } from './parse.js';
import { secretMessage } from './secretStores.js';

export function envRules(ctx: Context, entries: EnvEntry[], why: string): void {
  const { options, out } = ctx;
  for (const e of entries) {
    if (e.name === KEY_VAR && e.value && !onlyRefs(e.value.value)) registerSecret(e.value.value);
    if (e.value) ctx.handled.add(e.value.start);
    ctx.handled.add(e.nameStart); // a `NAME=value` item starts with its name
  }
  for (const e of entries.filter((x) => BASE_VARS.has(x.name) && x.value)) {
    for (const url of urlsOf(e)) {
      if (!url.value) continue;
      const kind = classifyUrl(url.value, options.baseUrl);
      if (kind !== 'azure' && kind !== 'other') continue;
      const line = lineOf(ctx.file, e.nameStart);
      out.warnings.push(kind === 'azure'
        ? { code: 'azure-client', line, message: `${e.name} points at Azure OpenAI: this environment was left as is; move it to Flux by hand if you mean to` }
        : { code: 'other-provider', line, message: `${e.name} points at ${hostOf(url.value)}, another provider: this environment was left as is` });
      return;
    }
  }
  const hasKeyEnv = entries.some((e) => e.name === options.keyEnv);
  for (const e of entries) {
    if (e.name === KEY_VAR) {
      if (!hasKeyEnv) keyEntry(ctx, e, why);
    } else if (BASE_VARS.has(e.name)) baseEntry(ctx, e, why);
    else if (!forwardsKey(ctx, e)) modelEntry(ctx, e, why);
  }
}

// Another variable set from the key (`API_KEY: ${OPENAI_API_KEY}`, .NET's `OpenAI__ApiKey`): what
// reads it is not known, so it is named rather than edited.
function forwardsKey(ctx: Context, e: EnvEntry): boolean {
  const ref = e.value && refsIn(e.value.value, e.value.start).find((r) => r.name === KEY_VAR && r.context !== 'inputs');
  if (!ref || e.name === ctx.options.keyEnv) return false;
  ctx.out.warnings.push({ code: 'unresolved-key', line: lineOf(ctx.file, e.nameStart), message: `${e.name} is set from ${KEY_VAR} here: if it is the key of a client that moves to Flux, set it from ${ctx.options.keyEnv} (a secret holding your Flux key)` });
  return true;
}

function keyEntry(ctx: Context, e: EnvEntry, why: string): void {
  const { options } = ctx;
  const line = lineOf(ctx.file, e.nameStart);
  const edits: Edit[] = [{ start: e.nameStart, end: e.nameEnd, text: options.keyEnv }];
  const beside: Edit[] = [{ start: e.nameStart, end: e.nameEnd, text: options.keyEnv }];
  const stores = new Set<string>();
  const refs = e.value ? refsIn(e.value.value, e.value.start) : [];
  for (const r of refs) {
    const store = storeOf(ctx, r);
    if (store) stores.add(store);
    if (store || r.name === KEY_VAR) {
      edits.push(...renamed(ctx, r));
      beside.push(...renamed(ctx, r));
    } else if (r.context !== 'inputs') {
      ctx.out.warnings.push({ code: 'unresolved-key', line, message: `${KEY_VAR} is set from ${r.name} here, and is renamed ${options.keyEnv}: make sure ${r.name} holds your Flux key` });
      beside.push({ start: r.start, end: r.end, text: options.keyEnv }); // the copy beside reads the Flux key
    }
  }
  if (e.secretRef) {
    const key = e.secretRef.key;
    if (key.value !== options.keyEnv) edits.push({ start: key.start, end: key.end, text: options.keyEnv });
    beside.push({ start: key.start, end: key.end, text: options.keyEnv });
    stores.add(`kubernetes:${e.secretRef.secret ?? '(the secret named here)'}`);
  }
  // A literal value is an OpenAI key: the copy beside it starts empty, for the Flux key.
  if (e.value && !refs.length && e.value.value) beside.push(e.shape === 'item' ? { start: e.value.start, end: e.value.end, text: '' } : { start: e.value.start - e.value.quote.length, end: e.value.end + e.value.quote.length, text: '""' });
  const copy = besideEdit(ctx.file, e.container, e.node, beside);
  ctx.out.findings.push({ kind: 'env', line, before: KEY_VAR, after: options.keyEnv, why: [why], edits, ...(copy ? { beside: [copy] } : {}) });
  for (const s of stores) ctx.out.warnings.push({ code: 'secret-to-create', line, message: secretMessage(s, options.keyEnv) });
}

// Where a reference's value is kept, when it is a secret store the user fills (not an env var).
function storeOf(ctx: Context, r: Ref): string | undefined {
  if (r.context === 'secrets' || r.context === 'vars') return `${ctx.kind === 'continue' ? 'continue' : 'actions'}:${r.context}`;
  if (ctx.kind === 'gitlab' && !r.context && !r.name.startsWith('CI_')) return 'gitlab:';
  return undefined;
}

// The reference's name becomes the Flux key's; `${OPENAI_API_KEY:?set OPENAI_API_KEY}` says so too.
function renamed(ctx: Context, r: Ref): Edit[] {
  const edits: Edit[] = r.name === ctx.options.keyEnv ? [] : [{ start: r.start, end: r.end, text: ctx.options.keyEnv }];
  if (r.modifier && r.modifier.op.endsWith('?')) {
    const message = ctx.file.text.slice(r.modifier.start, r.modifier.end);
    for (const m of message.matchAll(new RegExp(`\\b${KEY_VAR}\\b`, 'g'))) edits.push({ start: r.modifier.start + m.index!, end: r.modifier.start + m.index! + KEY_VAR.length, text: ctx.options.keyEnv });
  }
  return edits;
}

// The URLs a base-URL value sets: the value itself, or the default of `${VAR:-default}`.
function urlsOf(e: EnvEntry): { value: string; start: number; end: number }[] {
  const v = e.value!;
  const refs = refsIn(v.value, v.start);
  if (!refs.length) return [{ value: v.value, start: v.start, end: v.end }];
  return refs.flatMap((r) => {
    const f = fallbackOf(r);
    return f && f.end > f.start ? [{ value: v.value.slice(f.start - v.start, f.end - v.start), ...f }] : [];
  });
}

function baseEntry(ctx: Context, e: EnvEntry, why: string): void {
  if (!e.value || !e.hasValue) return;
  const set = (start: number, end: number, before: string): void => void ctx.out.findings.push({ kind: 'base-url', line: lineOf(ctx.file, start), before, after: ctx.options.baseUrl, why: [why], edits: [{ start, end, text: ctx.options.baseUrl }] });
  if (e.value.value === '') return set(e.value.start, e.value.end, '(empty)');
  for (const url of urlsOf(e)) if (classifyUrl(url.value, ctx.options.baseUrl) === 'openai') set(url.start, url.end, url.value);
}

function modelEntry(ctx: Context, e: EnvEntry, why: string): void {
  if (!e.value || e.name.startsWith('AZURE_')) return;
  const v = e.value;
  const refs = refsIn(v.value, v.start);
  const literal = refs.length ? refs.map(fallbackOf).find((f) => f && f.end > f.start) : { start: v.start, end: v.end };
  if (!literal) return;
  const id = ctx.file.text.slice(literal.start, literal.end);
  if (isFluxId(id) || classifyOpenAIModel(id)?.kind !== 'chat') return;
  const line = lineOf(ctx.file, literal.start);
  if (/MODEL/i.test(e.name)) {
    const f: Finding = { kind: 'model', line, before: id, after: '', why: [`${e.name} (${why})`], edits: [], literal: { ...literal, quote: '' } };
    ctx.out.findings.push(f);
  } else {
    ctx.out.warnings.push({ code: 'model-hint', line, message: `${e.name}="${id}" looks like an OpenAI model id, but the variable is not named as a model, so it was left as is` });
  }
}

