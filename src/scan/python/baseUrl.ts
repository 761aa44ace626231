// The base URL a client is given, decided from every value it can hold: OpenAI's URL is replaced;
// the SDK's own default (`None`, as in `None if url == "default" else url`, or the SDK's own
// variable OPENAI_BASE_URL read without a fallback) becomes the Flux URL; a word that is no URL
// (`"default"`) is a sentinel the code tests for; a variable the
// deployment sets stays an override; another provider's URL, Azure, or a value that cannot be
// read leaves the client as is.
import { classifyUrl, hostOf } from '../../catalog/urls.js';
import type { Edit } from '../../model.js';
import { type PyContext, ownerOf } from './context.js';
import { osEnvAccess } from './envBase.js';
import type { Node } from './parse.js';
import { quoted } from './style.js';
import { describe, lineOf, stringLiteral, stringValue, unwrap } from './tree.js';
import { valueSources } from './values.js';

// The variables the openai SDK itself reads for its base URL.
const SDK_VARS = new Set(['OPENAI_BASE_URL', 'OPENAI_API_BASE']);

export type BaseUrlDecision =
  | { kind: 'flux' }
  // A variable that overrides the default where it is set (OPENAI_BASE_URL in env files moves with
  // the key plan; another is the deployment's choice) is left to it, like the SDK leaves it.
  | { kind: 'migrate'; edits: { at: Node; before: string; edit: Edit }[] }
  | { kind: 'leave'; code: 'azure-client' | 'other-provider'; message: string };

export function decideBaseUrl(ctx: PyContext, values: Node[], clientName: string): BaseUrlDecision {
  const url = ctx.options.baseUrl;
  const edits: { at: Node; before: string; edit: Edit }[] = [];
  let unseen: string | undefined;
  let passedNone: string | undefined;
  for (const value of values) {
    const sources = valueSources(ctx, value);
    for (const literal of sources.literals) {
      const u = stringValue(literal)!;
      // `"default"`, `""`: a sentinel the code tests for (`None if url == "default" else url`), not a URL.
      if (!/[.:/]/.test(u)) continue;
      const kind = classifyUrl(u, url);
      if (kind === 'azure') return { kind: 'leave', code: 'azure-client', message: `the ${clientName} client pointed at Azure OpenAI left as is: move it to Flux by hand if you mean to` };
      if (kind === 'openai') {
        const lit = stringLiteral(literal);
        edits.push({ at: literal, before: u, edit: { start: lit.start, end: lit.end, text: quoted(url, lit.quote) } });
      } else if (kind !== 'flux') {
        return { kind: 'leave', code: 'other-provider', message: `the ${clientName} client left as is: its base URL points at ${hostOf(u)}, another provider` };
      }
    }
    for (const none of sources.nones ?? []) {
      const env = envOf(ownerOf(ctx, none), none);
      if (env && !SDK_VARS.has(env)) continue; // `os.getenv("LLM_BASE_URL", None)`: the variable decides
      const owner = ownerOf(ctx, none);
      if (!env && passed(none)) {
        // `make_session(base_url=None)` in a caller (a test, say): not a default to change here.
        passedNone ??= `${owner.path.split(/[\\/]/).pop()}:${lineOf(none)}`;
        continue;
      }
      if (!env && !sentinel(none, values)) {
        // `return None` in a shared helper, `url = None` reassigned later: not this option's own default.
        unseen ??= `\`None\` at ${owner.path.split(/[\\/]/).pop()}:${lineOf(none)} (the SDK's default: OpenAI), where flux-migrate does not change it`;
        continue;
      }
      edits.push({ at: none, before: env ? `${env} unset: the SDK default` : 'None: the SDK default', edit: { start: none.startIndex, end: none.endIndex, text: quoted(url, owner.style.quote) } });
    }
    // `os.getenv("OPENAI_BASE_URL")`: unset, the SDK's default; a Flux fallback keeps the variable.
    for (const env of sources.envs ?? []) {
      const access = SDK_VARS.has(env.name) ? osEnvAccess(ownerOf(ctx, env.nameNode), env.nameNode.parent?.parent) : undefined;
      if (!access || access.fallback) continue;
      const owner = ownerOf(ctx, env.nameNode);
      edits.push({ at: env.nameNode, before: `${env.name} unset: the SDK default`, edit: { start: env.nameNode.endIndex, end: env.nameNode.endIndex, text: `, ${quoted(url, owner.style.quote)}` } });
    }
    if (sources.unresolved && !sources.envOnly) unseen ??= sources.unresolved;
  }
  if (passedNone && !unseen) {
    return { kind: 'leave', code: 'other-provider', message: `the ${clientName} client left as is: a caller passes \`None\` for its base URL at ${passedNone} (the SDK's default: OpenAI), which flux-migrate does not change in a caller; where the app builds this client, set base_url to ${url}` };
  }
  if (unseen || (!edits.length && values.some((v) => !valueSources(ctx, v).literals.length))) {
    const from = unseen ?? describeEnvs(ctx, values);
    return { kind: 'leave', code: 'other-provider', message: `the ${clientName} client left as is: its base URL comes from ${from}, which may point at another provider; if it is OpenAI, set it to ${url}` };
  }
  return edits.length ? { kind: 'migrate', edits } : { kind: 'flux' };
}

// A `None` written for this option: its value (`base_url=None`, `"base_url": None`) or a branch
// of it (`None if url == "default" else url`).
function sentinel(none: Node, values: Node[]): boolean {
  if (values.some((v) => unwrap(v)?.id === none.id && unwrap(v)?.tree === none.tree)) return true;
  return none.parent?.type === 'conditional_expression';
}

// Whether a value is an argument of a call (what a caller passes), not a default written for it.
function passed(node: Node): boolean {
  const p = node.parent;
  return p?.type === 'argument_list' || (p?.type === 'keyword_argument' && p.parent?.type === 'argument_list');
}

// The variable a `None` is the fallback of (`os.getenv("X", None)`), if it is one.
function envOf(ctx: PyContext, none: Node): string | undefined {
  const call = none.parent?.type === 'argument_list' ? none.parent.parent : none.parent?.type === 'keyword_argument' ? none.parent.parent?.parent : undefined;
  const access = call ? osEnvAccess(ctx, call) : undefined;
  return access && unwrap(access.fallback)?.id === none.id ? stringValue(access.nameArg) ?? describe(access.nameArg) : undefined;
}

function describeEnvs(ctx: PyContext, values: Node[]): string {
  const sources = values.map((v) => valueSources(ctx, v));
  return sources.find((s) => s.unresolved)?.unresolved ?? `\`${describe(values[0])}\``;
}

