// Settings that are not variables: an app's or a Helm chart's `model:`, base URL and key fields
// (`openai: { model: gpt-4o, baseUrl: ..., apiKey: ... }`), and references to OPENAI_API_KEY in
// other values. They follow the run's plan as env files do. Conservative: a model key is one
// that names a model setting, its value an OpenAI chat id, and nothing beside it (a `provider`, a
// base URL, a parent key) says it belongs to another provider; an OpenAI key held as a literal is
// warned, not moved. In CI files only references are looked at (their other keys are inputs of
// actions and scripts), and warned.
import { type Pair, type YAMLMap, isMap, isSeq } from 'yaml';
import { classifyOpenAIModel, isFluxId } from '../../catalog/models.js';
import { classifyUrl } from '../../catalog/urls.js';
import { registerSecret } from '../../secrets.js';
import { KEY_VAR } from '../env/index.js';
import { type Context, outsider } from './context.js';
import { type ScalarSpan, type Step, collections, keyOf, lineOf, scalarSpan, setValue, textOf } from './parse.js';
import { fallbackOf, onlyRefs, refsIn } from './refs.js';

const norm = (key: string) => key.toLowerCase().replace(/[-_]/g, '');
const MODEL_KEY = /^(.*model|.*modelname|.*modelid)$/;
const NOT_CHAT = /embed|image|vision|tts|whisper|audio|speech|transcri|moderation|rerank/;
const BASE_KEY = /^(openai)?(api)?(baseurl|base|apibaseurl|endpoint|host|url)$/;
const KEY_KEY = /apikey|secret|token|password|^key$/;
const PROVIDER_KEY = /^(provider|llmprovider|modelprovider|apitype|apiprovider|vendor|backend)$/;
const OTHER_PROVIDERS = /anthropic|claude|gemini|google|vertex|mistral|groq|ollama|cohere|bedrock|azure|deepseek|together|openrouter|huggingface|^hf$|llama|fireworks|perplexity|xai|grok|qwen|local/;
// Where a value is a shell command: references there are warned, not edited.
const SCRIPT_KEYS = /^(run|script|before_script|after_script|command|entrypoint|args|cmd)$/;

export function settings(ctx: Context): void {
  // CI files, and Kubernetes objects other than the app's variables (an operator's custom
  // resource configures a model its own code sends): references only.
  const ci = ctx.kind === 'actions' || ctx.kind === 'gitlab' || ctx.kind === 'kubernetes';
  const tool = ctx.kind === 'aider' || ctx.kind === 'continue';
  for (const visit of collections(ctx.doc)) {
    const { node, path } = visit;
    if (tool || outsider(ctx, path) !== undefined) continue;
    if (isMap(node)) {
      const block = openaiBlock(path);
      const otherProvider = !block && foreign(ctx, node, path);
      for (const pair of node.items) {
        const key = keyOf(pair);
        const span = scalarSpan(ctx.file, pair.value);
        if (!key || !span || ctx.handled.has(span.start)) continue;
        if (referenceRule(ctx, key, span, ci)) continue;
        if (ci) continue;
        const k = norm(key);
        if (KEY_KEY.test(k)) keyField(ctx, key, span, block);
        else if (otherProvider) ctx.handled.add(span.start); // another provider's ids: no hint either
        else if (MODEL_KEY.test(k) && !NOT_CHAT.test(k)) modelField(ctx, key, span);
        else if (BASE_KEY.test(k) && (block || k !== 'url')) baseField(ctx, span, block); // not `servers: - url:` of an API description
      }
    } else if (isSeq(node)) {
      const key = path.at(-1)?.key ?? '';
      for (const item of node.items) {
        const span = scalarSpan(ctx.file, item);
        if (span && !ctx.handled.has(span.start)) referenceRule(ctx, key, span, ci);
      }
    }
  }
}

// `openai:` (any spelling) as the parent key: clearly the app's OpenAI settings.
function openaiBlock(path: Step[]): boolean {
  return /^open_?ai$/i.test(path.at(-1)?.key ?? '');
}

// A map that says it belongs to another provider: a provider field, a base URL elsewhere, or a
// parent key naming another provider.
function foreign(ctx: Context, map: YAMLMap, path: Step[]): boolean {
  if (path.some((s) => s.key && OTHER_PROVIDERS.test(norm(s.key)))) return true;
  for (const pair of map.items as Pair[]) {
    const k = norm(keyOf(pair) ?? '');
    const value = textOf(pair.value) ?? '';
    if (PROVIDER_KEY.test(k) && value && !/openai/i.test(value)) return true;
    if (BASE_KEY.test(k) && /^https?:/.test(value) && !['openai', 'flux'].includes(classifyUrl(value, ctx.options.baseUrl))) return true;
  }
  return false;
}

// A reference to OPENAI_API_KEY in a value (`api_key: ${OPENAI_API_KEY}`, `os.environ/...`):
// it names the variable, so it follows the key plan; in a script it is warned.
function referenceRule(ctx: Context, key: string, span: ScalarSpan, ci: boolean): boolean {
  const refs = refsIn(span.value, span.start).filter((r) => r.name === KEY_VAR && r.context !== 'inputs');
  if (!refs.length) return false;
  ctx.handled.add(span.start);
  const line = lineOf(ctx.file, span.start);
  if (ci || SCRIPT_KEYS.test(key)) {
    ctx.out.warnings.push({ code: 'unresolved-key', line, message: `${key} uses ${KEY_VAR}${ci ? '' : ' in a command'}, which flux-migrate does not edit here: if it reaches code that moved to Flux, use ${ctx.options.keyEnv} there` });
    return true;
  }
  ctx.out.findings.push({ kind: 'env', line, before: KEY_VAR, after: ctx.options.keyEnv, why: [`${key} (YAML settings, in step with the code)`], edits: refs.map((r) => ({ start: r.start, end: r.end, text: ctx.options.keyEnv })) });
  return true;
}

function keyField(ctx: Context, key: string, span: ScalarSpan, block: boolean): void {
  ctx.handled.add(span.start);
  if (!onlyRefs(span.value)) registerSecret(span.value);
  if (!block || !/key/i.test(key) || /embed/i.test(key)) return; // embeddings stay on OpenAI
  const read = refsIn(span.value, span.start)[0]?.name;
  const holds = read ? `${key} reads ${read}, which` : `${key} holds the key the app sends${span.value ? '' : ' (empty here)'}: once the app is on Flux, it`;
  ctx.out.warnings.push({ code: 'unresolved-key', line: lineOf(ctx.file, span.start), message: read ? `${holds} must hold your Flux key once the app is on Flux` : `${holds} must be your Flux key` });
}

function modelField(ctx: Context, key: string, span: ScalarSpan): void {
  // `${OPENAI_MODEL:-gpt-4o}`: the default is the literal.
  const refs = refsIn(span.value, span.start);
  const literal = refs.length ? refs.map(fallbackOf).find((f) => f && f.end > f.start) : span;
  if (!literal) return;
  const id = ctx.file.text.slice(literal.start, literal.end);
  if (isFluxId(id) || classifyOpenAIModel(id)?.kind !== 'chat') return;
  ctx.handled.add(span.start);
  ctx.out.findings.push({ kind: 'model', line: lineOf(ctx.file, literal.start), before: id, after: '', why: [`${key} (YAML settings, in step with the code)`], edits: [], literal: { start: literal.start, end: literal.end, quote: '' } });
}

function baseField(ctx: Context, span: ScalarSpan, block: boolean): void {
  const why = ['OpenAI base URL setting (YAML settings, in step with the code)'];
  const line = lineOf(ctx.file, span.start);
  // `${OPENAI_BASE_URL:-https://api.openai.com/v1}`: the default moves.
  const fallback = refsIn(span.value, span.start).map(fallbackOf).find((f) => f && f.end > f.start);
  if (fallback) {
    const url = ctx.file.text.slice(fallback.start, fallback.end);
    if (classifyUrl(url, ctx.options.baseUrl) !== 'openai') return;
    ctx.handled.add(span.start);
    ctx.out.findings.push({ kind: 'base-url', line, before: url, after: ctx.options.baseUrl, why, edits: [{ ...fallback, text: ctx.options.baseUrl }] });
    return;
  }
  const kind = span.value ? classifyUrl(span.value, ctx.options.baseUrl) : undefined;
  if (kind !== 'openai' && !(block && span.value === '')) return;
  ctx.handled.add(span.start);
  // An endpoint under the base (`https://api.openai.com/v1/chat/completions`) keeps its path.
  const base = /^https:\/\/api\.openai\.com\/v1(?=\/.)/.exec(span.value);
  if (!base && span.value && !/^https:\/\/api\.openai\.com\/v1\/?$/.test(span.value)) {
    ctx.out.warnings.push({ code: 'unresolved-client', line, message: `${span.value} is OpenAI's, but not its /v1 base URL: point it at ${ctx.options.baseUrl} by hand (whatever reads it adds its own path)` });
    return;
  }
  const edit = base ? { start: span.start, end: span.start + base[0].length, text: ctx.options.baseUrl.replace(/\/+$/, '') } : setValue(ctx.file, span, ctx.options.baseUrl);
  ctx.out.findings.push({ kind: 'base-url', line, before: span.value || '(empty)', after: ctx.options.baseUrl, why, edits: [edit] });
}

