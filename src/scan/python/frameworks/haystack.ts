// Haystack 2.x: `OpenAIChatGenerator`, `OpenAIResponsesChatGenerator` and `OpenAIGenerator` (chat
// completions) with `api_base_url`, `api_key=Secret.from_env_var(...)` and `model`; the OpenAI
// embedders, image generator and Whisper transcriber reach endpoints Flux does not serve.
//
// Haystack's docs (OpenAIChatGenerator, OpenAIGenerator): "custom deployments ... through the
// `api_base_url` init parameter"; `api_key: Secret = Secret.from_env_var("OPENAI_API_KEY")`;
// `model` has a default (an OpenAI id, which changed between releases).
import type { Edit } from '../../../model.js';
import { maskSecret } from '../../../secrets.js';
import { type PyContext, consumeStrings, find, warn } from '../context.js';
import { migrateKey, migrateModelValue, renameEnvName } from '../openaiSdk.js';
import { lookup } from '../module.js';
import type { Node } from '../parse.js';
import { quoted } from '../style.js';
import { describe, lineOf, named, stringValue, unwrap } from '../tree.js';
import { configureLibrary, leaveOnOpenAI } from './configure.js';
import { importedAs } from './library.js';
import { libraryName } from '../libraryNames.js';

const HAYSTACK = /^haystack(_experimental)?\.components(\.\w+)*$/;
const SECRET = /^haystack\.utils(\.auth)?$/;
const GENERATORS = new Set(['OpenAIChatGenerator', 'OpenAIResponsesChatGenerator', 'OpenAIGenerator']);
const UNSUPPORTED: Record<string, string> = {
  OpenAITextEmbedder: 'embeddings',
  OpenAIDocumentEmbedder: 'embeddings',
  DALLEImageGenerator: 'image generation',
  RemoteWhisperTranscriber: 'audio transcription',
};

export function scanHaystack(ctx: PyContext): void {
  if (!ctx.text.includes('haystack')) return;
  for (const call of ctx.index.calls) {
    const name = libraryName(ctx, call.childForFieldName('function'), HAYSTACK)?.name;
    if (!name) continue;
    if (GENERATORS.has(name)) generator(ctx, call, name);
    else if (UNSUPPORTED[name]) leaveOnOpenAI(ctx, call, `the Haystack ${name}`, UNSUPPORTED[name]);
    else if (/^AzureOpenAI/.test(name)) {
      warn(ctx, 'azure-client', call, `the Haystack ${name} left as is: it talks to an Azure OpenAI deployment, not to OpenAI; move it to Flux by hand if you mean to`);
      consumeStrings(ctx, call);
    }
  }
}

function generator(ctx: PyContext, call: Node, name: string): void {
  const what = `the Haystack ${name}`;
  const secret = () => {
    const s = importedAs(ctx, 'haystack.utils', 'Secret', SECRET);
    if (s.edit) secretImport.set(ctx, s.edit);
    return `${s.local}.from_env_var(${quoted(ctx.options.keyEnv, ctx.style.quote)})`;
  };
  const options = configureLibrary(ctx, {
    what, node: call, bases: ['api_base_url'], addBase: 'api_base_url', keys: ['api_key'], addKey: 'api_key',
    keyValue: secret,
    migrateKey: (item, value, why) => secretKey(ctx, item, value, why),
    readsOpenAIKey: (value) => envVarNames(ctx, value).includes('OPENAI_API_KEY'),
  });
  if (!options) return;
  const edit = secretImport.get(ctx);
  if (edit) {
    // The import goes with the key that needs it.
    secretImport.delete(ctx);
    ctx.out.findings.filter((f) => f.kind === 'api-key').pop()?.edits.push(edit);
  }
  const model = options.get(['model']);
  if (model) migrateModelValue(ctx, model.value, `${what} (line ${lineOf(call)})`, name);
  else warn(ctx, 'unresolved-model', call, `${what} has no model=, so Haystack sends its default OpenAI model, which Flux does not serve: add model="flux-auto" (or another Flux model id)`);
}

const secretImport = new WeakMap<PyContext, Edit>();

// `Secret.from_env_var("OPENAI_API_KEY")` names the variable; `Secret.from_token("sk-...")` holds the key.
function secretKey(ctx: PyContext, item: Node, value: Node, why: string): void {
  const call = secretCall(ctx, value);
  if (call?.method === 'from_env_var') {
    const names = call.args.flatMap((a) => (a.type === 'list' ? named(a) : [a]));
    const old = names.filter((n) => stringValue(n) === 'OPENAI_API_KEY');
    for (const n of old) renameEnvName(ctx, unwrap(n)!, why);
    if (old.length || names.some((n) => stringValue(n) === ctx.options.keyEnv)) ctx.movedKey = true;
    else warn(ctx, 'unresolved-key', item, `the API key comes from \`${describe(value)}\`: make sure it holds your Flux key (flux-migrate reads it from ${ctx.options.keyEnv} elsewhere)`);
    return;
  }
  const token = call?.method === 'from_token' ? call.args[0] : undefined;
  const literal = stringValue(token);
  if (token && literal !== undefined) {
    const expr = `${call!.receiver}.from_env_var(${quoted(ctx.options.keyEnv, ctx.style.quote)})`;
    find(ctx, 'api-key', token, maskSecret(literal), expr, [{ start: call!.node.startIndex, end: call!.node.endIndex, text: expr }], why);
    consumeStrings(ctx, call!.node);
    ctx.movedKey = true;
    warn(ctx, 'hardcoded-key', token, `a literal API key (${maskSecret(literal)}) was replaced by ${expr}: set ${ctx.options.keyEnv} to your Flux key, and revoke the old key if it was ever committed`);
    return;
  }
  migrateKey(ctx, item, token ?? value, why);
}

function secretCall(ctx: PyContext, value: Node): { node: Node; method: string; receiver: string; args: Node[] } | undefined {
  let node = unwrap(value);
  // `key = Secret.from_env_var(...)` then `api_key=key`.
  const found = node?.type === 'identifier' ? lookup(ctx.index, node.text, node) : undefined;
  if (found?.kind === 'assigned' && found.values.length === 1) node = unwrap(found.values[0].value);
  const fn = node?.type === 'call' ? unwrap(node.childForFieldName('function')) : undefined;
  if (fn?.type !== 'attribute') return undefined;
  const receiver = fn.childForFieldName('object')!;
  if (libraryName(ctx, receiver, SECRET)?.name !== 'Secret') return undefined;
  return { node: node!, method: fn.childForFieldName('attribute')!.text, receiver: receiver.text, args: named(node!.childForFieldName('arguments')!) };
}

function envVarNames(ctx: PyContext, value: Node): string[] {
  const call = secretCall(ctx, value);
  if (call?.method !== 'from_env_var') return [];
  return call.args.flatMap((a) => (a.type === 'list' ? named(a) : [a])).map((n) => stringValue(n)).filter((s): s is string => s !== undefined);
}
