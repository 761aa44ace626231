// The `openai` module used directly: the 0.x globals (`openai.api_key = ...`,
// `openai.ChatCompletion.create(...)`, base URL in `openai.api_base`, env OPENAI_API_BASE) and the
// 1.x module-level client (`openai.chat.completions.create(...)`, base URL in `openai.base_url`).
import { type Endpoint, classifyEndpoint, resourceOf } from '../../catalog/endpoints.js';
import { classifyUrl } from '../../catalog/urls.js';
import { isOpenAIModule } from './clients.js';
import { type PyContext, consumeStrings, find, warn } from './context.js';
import { scopeOf } from './module.js';
import { keyExpr } from './osenv.js';
import { type ModuleCall, moveChatCallsOnly } from './legacyPerCall.js';
import { envReadsOf, migrateCall, migrateKey } from './openaiSdk.js';
import type { Node } from './parse.js';
import { lineAfter, quoted } from './style.js';
import { attributeChain, lineOf, named, statementOf, stringLiteral, stringValue, unwrap } from './tree.js';
import { valueSources } from './values.js';

// openai<1.0 resources: which v1 endpoint each one is.
const LEGACY: Record<string, string[]> = {
  ChatCompletion: ['chat', 'completions', 'create'],
  Completion: ['completions', 'create'],
  Embedding: ['embeddings', 'create'],
  Image: ['images', 'generate'],
  Audio: ['audio', 'transcriptions'],
  Moderation: ['moderations', 'create'],
  FineTune: ['fineTuning', 'jobs'],
  FineTuningJob: ['fineTuning', 'jobs'],
  File: ['files', 'create'],
  Edit: ['completions', 'create'],
  Model: ['models', 'list'],
};


export function scanOpenAIModule(ctx: PyContext): void {
  for (const [local, imports] of ctx.index.imports) {
    if (!imports.some((i) => i.module === 'openai' && !i.name)) continue;
    migrateModule(ctx, local);
  }
}

function migrateModule(ctx: PyContext, m: string): void {
  // `openai.api_key = ...` and friends.
  const globals = new Map<string, Node>();
  for (const a of ctx.index.attrAssigns) {
    const left = unwrap(a.childForFieldName('left'))!;
    if (unwrap(left.childForFieldName('object'))?.text === m) globals.set(left.childForFieldName('attribute')!.text, a);
  }
  const calls: ModuleCall[] = [];
  for (const call of ctx.index.calls) {
    const fn = unwrap(call.childForFieldName('function'));
    if (fn?.type !== 'attribute') continue;
    const { base, names } = attributeChain(fn);
    if (base.text !== m || !isOpenAIModule(ctx, base) || names.length < 2) continue;
    const v1 = LEGACY[names[0]];
    if (v1 && names.length === 2 && /^a?(create|list|retrieve|delete|cancel|create_edit|create_variation|download)$/.test(names[1])) {
      // `openai.ChatCompletion.create`, and the other methods of a resource (`openai.Model.list()`).
      const endpoint = /^a?create$/.test(names[1]) ? classifyEndpoint(v1) : classifyEndpoint([v1[0], names[1]]);
      calls.push({ node: call, legacy: true, name: `${m}.${names.join('.')}`, endpoint: { ...endpoint, name: `${names[0]}.${names[1]}` } as Endpoint });
    } else {
      const endpoint = classifyEndpoint(names);
      if (endpoint.kind !== 'other') calls.push({ node: call, legacy: false, name: `${m}.${names.join('.')}`, endpoint });
    }
  }
  const keyAssign = globals.get('api_key');
  if (!keyAssign && calls.length === 0) return;
  const leave = () => {
    for (const c of calls) consumeStrings(ctx, c.node);
    for (const g of globals.values()) consumeStrings(ctx, g);
  };

  const apiType = globals.get('api_type');
  if (apiType && /azure/i.test(apiType.text)) {
    warn(ctx, 'azure-client', apiType, `the \`${m}\` module is set up for Azure OpenAI (api_type): left as is; move it to Flux by hand if you mean to`);
    return leave();
  }
  const legacy = calls.some((c) => c.legacy);
  const baseAttr = legacy ? 'api_base' : 'base_url';
  const baseAssign = globals.get('api_base') ?? globals.get('base_url');
  let baseLiteral: Node | undefined;
  if (baseAssign) {
    const value = baseAssign.childForFieldName('right')!;
    const sources = valueSources(ctx, value);
    const url = sources.literals.length === 1 && !sources.unresolved ? stringValue(sources.literals[0]) : undefined;
    const kind = url === undefined ? undefined : classifyUrl(url, ctx.options.baseUrl);
    if (kind !== 'openai' && kind !== 'flux') {
      if (!keyAssign || envReadsOf(ctx, keyAssign.childForFieldName('right')!).some((r) => r.name === 'OPENAI_API_KEY')) ctx.keepsOpenAIKey = true;
      if (kind === 'azure') warn(ctx, 'azure-client', baseAssign, `the \`${m}\` module points at Azure OpenAI: left as is; move it to Flux by hand if you mean to`);
      else warn(ctx, 'other-provider', baseAssign, `the \`${m}\` module left as is: its base URL ${url === undefined ? `comes from ${sources.unresolved ?? 'an expression'}, which may point at another provider` : `points at ${url}, another provider`}`);
      return leave();
    }
    if (kind === 'openai') baseLiteral = sources.literals[0];
  }

  const unsupported = calls.filter((c) => c.endpoint.kind === 'unsupported');
  if (calls.length > 0 && unsupported.length === calls.length) {
    ctx.keepsOpenAIKey = true;
    const what = [...new Set(unsupported.map((c) => resourceOf(classifyName(c))))].join(', ');
    warn(ctx, 'unsupported-endpoint', calls[0].node, `the \`${m}\` module client left on OpenAI: it only calls ${what}, which Flux does not serve (Flux serves chat completions, responses and models)`);
    return leave();
  }
  if (unsupported.length) {
    // Also embeddings (or images, ...): the module's key and base URL stay on OpenAI for them.
    return moveChatCallsOnly(ctx, m, calls, [...globals.values()], legacy, (c) => (c.legacy ? `${m}.${classifyName(c)}` : c.name));
  }
  const keyLine = () => `${m}.api_key = ${keyExpr(ctx, anchor ?? calls[0].node, anchor?.endIndex)}`;
  const baseLine = `${m}.${baseAttr} = ${quoted(ctx.options.baseUrl, ctx.style.quote)}`;
  let anchor: Node | undefined;

  if (calls.length === 0) {
    // `openai.api_key = ...` with no call to tell the SDK version apart.
    ctx.keepsOpenAIKey = true;
    warn(ctx, 'unresolved-client', keyAssign!, `\`${m}.api_key\` is set, but no call here shows the SDK version: next to it set ${m}.api_base (openai<1.0) or ${m}.base_url (openai>=1.0) to "${ctx.options.baseUrl}", and the key from ${ctx.options.keyEnv}`);
    return leave();
  }
  const why = `the \`${m}\` module (${calls.map((c) => `line ${lineOf(c.node)}`).slice(0, 3).join(', ')})`;

  if (keyAssign) {
    migrateKey(ctx, keyAssign, keyAssign.childForFieldName('right')!, why);
    if (!baseAssign) {
      const stmt = statementOf(keyAssign);
      find(ctx, 'base-url', keyAssign, `(SDK default: https://api.openai.com/v1)`, ctx.options.baseUrl, [lineAfter(ctx.text, stmt, baseLine, ctx.style)], why);
    }
  } else {
    // The key and base URL go after the last module-level import before the first call.
    const first = calls[0].node;
    anchor = named(ctx.index.root).filter((s) => (s.type === 'import_statement' || s.type === 'import_from_statement') && s.startIndex < first.startIndex).pop();
    if (!anchor || scopeOf(anchor) !== 0) {
      ctx.keepsOpenAIKey = true;
      warn(ctx, 'unresolved-client', first, `the \`${m}\` module reads OPENAI_API_KEY by default and flux-migrate found no module-level import to set it after: add \`${m}.api_key = os.environ["${ctx.options.keyEnv}"]\` and \`${baseLine}\` after \`import ${m}\``);
      return leave();
    }
    const line = keyLine();
    ctx.movedKey = true;
    find(ctx, 'api-key', anchor, '(SDK default: OPENAI_API_KEY)', line, [lineAfter(ctx.text, anchor, line, ctx.style)], why);
    if (!baseAssign) find(ctx, 'base-url', anchor, '(SDK default: https://api.openai.com/v1)', ctx.options.baseUrl, [lineAfter(ctx.text, anchor, baseLine, ctx.style)], why);
  }
  if (baseLiteral) {
    const lit = stringLiteral(baseLiteral);
    find(ctx, 'base-url', baseLiteral, stringValue(baseLiteral)!, ctx.options.baseUrl, [{ start: lit.start, end: lit.end, text: quoted(ctx.options.baseUrl, lit.quote) }], why);
  }
  for (const g of globals.values()) consumeStrings(ctx, g);
  for (const c of calls) migrateCall(ctx, { node: c.node, path: [], endpoint: c.endpoint }, c.legacy ? `${m}.${classifyName(c)}` : c.name);
}

function classifyName(c: ModuleCall): string {
  return c.endpoint.kind === 'other' ? c.name : c.endpoint.name;
}
