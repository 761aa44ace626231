// The URL a hand-written request goes to, followed from the call to the literal that holds
// OpenAI's host: a plain string, an f-string (`f"{BASE}/chat/completions"`), `BASE + "/models"`,
// a constant (here or imported), a default (`os.getenv("OPENAI_BASE_URL", "https://api.openai.com/v1")`),
// or a relative path on a client built with `base_url=`.
import { type PyContext, ownerOf } from '../context.js';
import { lookup } from '../module.js';
import { envRead } from '../osenv.js';
import type { Node } from '../parse.js';
import { keywordArg, named, stringValue, unwrap } from '../tree.js';
import { importedName, moduleOf } from '../values.js';

export const OPENAI_API = 'https://api.openai.com/v1';
const OPENAI_HOST = 'https://api.openai.com';

/** Where OpenAI's host is written: the text span to replace, inside a literal. */
export interface HostSpan {
  literal: Node;
  ctx: PyContext;
  start: number;
  end: number;
  /** The span is `https://api.openai.com/v1` (else `https://api.openai.com`, the `/v1` coming after). */
  withV1: boolean;
}

export interface ResolvedUrl {
  /** The URL as far as it is seen; parts it cannot see are `{…}`. */
  url: string;
  host?: HostSpan;
  /** Literals the URL is made of (accounted for once it is handled). */
  literals: Node[];
}

const MAX_DEPTH = 8;
const UNSEEN = '{…}';

/** The URL an expression builds, or undefined when nothing of it can be seen. */
export function resolveUrl(ctx: PyContext, expr: Node | null | undefined, depth = 0): ResolvedUrl | undefined {
  const node = unwrap(expr);
  if (!node || depth > MAX_DEPTH) return undefined;
  if (node.type === 'string') return stringUrl(ctx, node, depth);
  if (node.type === 'concatenated_string') return join(named(node).map((s) => resolveUrl(ctx, s, depth + 1)));
  if (node.type === 'binary_operator' && node.child(1)?.type === '+') {
    return join([resolveUrl(ctx, node.childForFieldName('left'), depth + 1), resolveUrl(ctx, node.childForFieldName('right'), depth + 1)]);
  }
  const env = envRead(ctx, node);
  if (env) return env.fallback ? resolveUrl(ctx, env.fallback, depth + 1) : undefined;
  if (node.type === 'identifier') {
    const found = lookup(ctx.index, node.text, node);
    if ((found?.kind === 'assigned' || found?.kind === 'param') && found.values.length === 1) return resolveUrl(ctx, found.values[0].value, depth + 1);
    if (found?.kind === 'param' && found.fallback && !found.values.length) return resolveUrl(ctx, found.fallback, depth + 1);
    if (found?.kind === 'import') {
      const def = importedName(ctx, found.imports);
      const values = def ? (def.ctx.index.assigns.get(def.name) ?? []).filter((a) => a.scope === 0) : [];
      if (values.length === 1) return resolveUrl(def!.ctx, values[0].value, depth + 1);
    }
    return undefined;
  }
  if (node.type === 'attribute') {
    const obj = unwrap(node.childForFieldName('object'));
    const name = node.childForFieldName('attribute')!.text;
    const values = obj?.type === 'identifier' && /^(self|cls)$/.test(obj.text)
      ? [...ctx.index.assigns.get(`self.${name}`) ?? [], ...classAttribute(ctx, node, name)].map((a) => ({ ctx, value: a.value }))
      : (() => {
        const m = obj && moduleOf(ctx, obj);
        return m ? (m.index.assigns.get(name) ?? []).filter((a) => a.scope === 0).map((a) => ({ ctx: m, value: a.value })) : [];
      })();
    if (values.length === 1) return resolveUrl(values[0].ctx, values[0].value, depth + 1);
  }
  return undefined;
}

/**
 * The URLs an expression can be: a parameter without a default is what its callers pass
 * (`async_openai(url=self.CHAT_URL)` and `async_openai(url=self.COMPLETIONS_URL)`), each one.
 */
export function resolveUrls(ctx: PyContext, expr: Node | null | undefined): ResolvedUrl[] {
  const node = unwrap(expr);
  if (node?.type === 'identifier') {
    const found = lookup(ctx.index, node.text, node);
    if (found?.kind === 'param' && !found.values.length && (!found.fallback || found.fallback.type === 'none')) {
      return (ctx.project?.arguments(ctx, found.fn, node.text) ?? []).map((a) => resolveUrl(a.ctx, a.value)).filter((u): u is ResolvedUrl => !!u);
    }
  }
  const one = resolveUrl(ctx, node);
  return one ? [one] : [];
}

// `URL = "..."` in the body of the class a method belongs to (read as `self.URL`).
export function classAttribute(ctx: PyContext, at: Node, name: string) {
  let cls: Node | null = at.parent;
  while (cls && cls.type !== 'class_definition') cls = cls.parent;
  return cls ? (ctx.index.assigns.get(name) ?? []).filter((a) => a.scope === cls!.id) : [];
}

/** The base URL a session or client is built with (`httpx.Client(base_url=...)`). */
export function sessionBase(ctx: PyContext, ctor: Node): ResolvedUrl | undefined {
  const value = keywordArg(ctor.childForFieldName('arguments'), ['base_url'])?.childForFieldName('value');
  return value ? resolveUrl(ctx, value) : undefined;
}

// A plain string or an f-string: its text, its interpolations resolved where they can be.
function stringUrl(at: PyContext, node: Node, depth: number): ResolvedUrl | undefined {
  const ctx = ownerOf(at, node);
  const plain = stringValue(node);
  if (plain !== undefined) {
    const contentStart = node.child(0)!.endIndex;
    return { url: plain, host: hostIn(ctx, node, plain, contentStart), literals: [node] };
  }
  if (!/^[rR]?[fF][rR]?/.test(node.child(0)?.text ?? '')) return undefined;
  const parts: (ResolvedUrl | undefined)[] = [];
  for (const c of node.namedChildren) {
    if (!c || c.type === 'string_start' || c.type === 'string_end') continue;
    if (c.type === 'string_content') {
      if (c.text.includes('\\')) return undefined;
      parts.push({ url: c.text, host: parts.length ? undefined : hostIn(ctx, node, c.text, c.startIndex), literals: [] });
    } else if (c.type === 'interpolation') {
      const inner = named(c)[0];
      parts.push(resolveUrl(ctx, inner, depth + 1) ?? { url: UNSEEN, literals: [] });
    } else {
      return undefined;
    }
  }
  const joined = join(parts);
  return joined && { ...joined, literals: [node, ...joined.literals] };
}

function hostIn(ctx: PyContext, literal: Node, text: string, start: number): HostSpan | undefined {
  if (text.startsWith(OPENAI_API) && (text.length === OPENAI_API.length || /[/?]/.test(text[OPENAI_API.length]))) {
    return { literal, ctx, start, end: start + OPENAI_API.length, withV1: true };
  }
  if (text.startsWith(OPENAI_HOST) && (text.length === OPENAI_HOST.length || /[/?]/.test(text[OPENAI_HOST.length]))) {
    return { literal, ctx, start, end: start + OPENAI_HOST.length, withV1: false };
  }
  return undefined;
}

// Parts after the first keep only their text: the host is where the URL starts.
function join(parts: (ResolvedUrl | undefined)[]): ResolvedUrl | undefined {
  if (!parts.length || parts.every((p) => !p)) return undefined;
  const first = parts[0];
  return {
    url: parts.map((p) => p?.url ?? UNSEEN).join(''),
    host: first?.host,
    literals: parts.flatMap((p) => p?.literals ?? []),
  };
}

/** The API path of an OpenAI URL (`/chat/completions`), or undefined when it is not OpenAI's API. */
export function openaiPath(url: string, fluxBase: string): { path: string; flux: boolean } | undefined {
  for (const [base, flux] of [[OPENAI_API, false], [fluxBase.replace(/\/+$/, ''), true]] as const) {
    if (url === base || url.startsWith(base + '/') || url.startsWith(base + '?')) return { path: url.slice(base.length), flux };
  }
  return undefined;
}
