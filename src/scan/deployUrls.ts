// One-click deploy URLs ("Deploy with Vercel" and the like) name the env variables the deployed
// app needs: in README links and HTML, and in string literals of code. Their env list follows the
// run's key plan like an env file: OPENAI_API_KEY renamed to the Flux key, or the Flux key added
// beside it. Such a URL is not a read of the key. What each provider's URL carries (its docs):
// - Vercel (`vercel.com/new/clone?...`): `env`, a comma-separated list of required keys.
// - Railway template URLs (`railway.app|com/new/template?template=...`): `envs` and
//   `optionalEnvs` lists, and `<NAME>Desc` / `<NAME>Default` per variable.
// - Netlify (`app.netlify.com/start/deploy?repository=...`): the list is netlify.toml's
//   `[template.environment]`; values may be pre-filled in the URL's hash (`#NAME=value&...`).
// - Koyeb (`app.koyeb.com/deploy?...`): `env[NAME]=value`.
// Render (`render.com/deploy?repo=`) and Heroku (`heroku.com/deploy?template=`) buttons carry no
// env list: theirs is in render.yaml and app.json.
import type { Edit, Finding } from '../model.js';
import { looksSecret, registerSecret } from '../secrets.js';

const OLD = 'OPENAI_API_KEY';
const URL_RE = /https?:\/\/(?:www\.)?(vercel\.com|railway\.(?:app|com)|app\.netlify\.com|app\.koyeb\.com)\/[^\s"'`<>)\\]*/g;

interface Part {
  name: string;
  nameStart: number;
  value: string;
  valueStart: number;
}

/**
 * Findings for the deploy URLs in text[from, to) (a string literal's inside, a Markdown file):
 * kind `env`, with the rename in `edits` and the Flux key added in `beside`.
 */
export function deployUrlFindings(text: string, from: number, to: number, keyEnv: string, lineOf: (offset: number) => number): Finding[] {
  const out: Finding[] = [];
  const slice = text.slice(from, to);
  if (!slice.includes(OLD)) return out;
  for (const m of slice.matchAll(URL_RE)) {
    const start = from + m.index;
    const url = m[0];
    const host = m[1];
    const query = url.indexOf('?');
    const hash = url.indexOf('#');
    const params = query < 0 ? [] : parts(url, start, query + 1, hash < 0 ? url.length : hash);
    const fragment = hash < 0 ? [] : parts(url, start, hash + 1, url.length);
    const amp = url.includes('&amp;') ? '&amp;' : '&'; // in HTML, as the URL writes it
    const found = host === 'vercel.com' ? listEdits(params, ['env'], keyEnv, 'Vercel')
      : host.startsWith('railway.') ? railway(params, keyEnv)
        : host === 'app.netlify.com' ? pairEdits(fragment, (n) => n, keyEnv, 'Netlify', amp)
          : pairEdits(params, (n) => /^env(?:\[|%5B)(\w+)(?:\]|%5D)$/i.exec(n)?.[1], keyEnv, 'Koyeb', amp);
    if (!found || !found.edits.length) continue;
    out.push({ kind: 'env', line: lineOf(found.edits[0].start), before: OLD, after: keyEnv, why: [found.why], edits: found.edits, beside: found.beside });
  }
  return out;
}

type Found = { edits: Edit[]; beside: Edit[]; why: string } | undefined;

// `a=1&b=2` (or `&amp;` in HTML) from url[from, to), with offsets in the text.
function parts(url: string, base: number, from: number, to: number): Part[] {
  const out: Part[] = [];
  const s = url.slice(from, to);
  for (const m of s.matchAll(/[^&]+/g)) {
    let token = m[0];
    let at = m.index;
    if (token.startsWith('amp;') && s[at - 1] === '&') {
      token = token.slice(4);
      at += 4;
    }
    const eq = token.indexOf('=');
    const nameStart = base + from + at;
    out.push({ name: eq < 0 ? token : token.slice(0, eq), nameStart, value: eq < 0 ? '' : token.slice(eq + 1), valueStart: nameStart + eq + 1 });
  }
  return out;
}

// A comma list (`A,B` or `A%2CB`): rename the old key's item, or add the Flux key after it.
function listEdits(params: Part[], names: string[], keyEnv: string, provider: string): Found {
  const edits: Edit[] = [];
  const beside: Edit[] = [];
  for (const p of params.filter((q) => names.includes(q.name))) {
    if (p.value.split(/,|%2c/i).includes(keyEnv)) return undefined; // in step already
    const sep = /%2c/i.exec(p.value)?.[0] ?? ',';
    for (const m of p.value.matchAll(/(^|,|%2[cC])OPENAI_API_KEY(?=,|%2[cC]|$)/g)) {
      const at = p.valueStart + m.index + m[1].length;
      edits.push({ start: at, end: at + OLD.length, text: keyEnv });
      beside.push({ start: at + OLD.length, end: at + OLD.length, text: sep + keyEnv });
    }
  }
  return { edits, beside, why: `${provider} deploy button: its env list` };
}

function railway(params: Part[], keyEnv: string): Found {
  const found = listEdits(params, ['envs', 'optionalEnvs'], keyEnv, 'Railway');
  if (!found) return undefined;
  // `OPENAI_API_KEYDesc=...`, `OPENAI_API_KEYDefault=...`: the variable's description and default.
  for (const p of params) {
    if (/^OPENAI_API_KEY(?:Desc|Default)$/.test(p.name)) found.edits.push({ start: p.nameStart, end: p.nameStart + OLD.length, text: keyEnv });
  }
  return found;
}

// `NAME=value` pairs (Netlify's hash, Koyeb's `env[NAME]=value`): renamed, or the Flux key
// added after it with the same value when that is a placeholder (an OpenAI key is no Flux key).
function pairEdits(params: Part[], nameOf: (name: string) => string | undefined, keyEnv: string, provider: string, amp: string): Found {
  if (params.some((p) => nameOf(p.name) === keyEnv)) return undefined;
  const edits: Edit[] = [];
  const beside: Edit[] = [];
  for (const p of params) {
    if (nameOf(p.name) !== OLD) continue;
    const at = p.nameStart + p.name.indexOf(OLD);
    const value = safeDecode(p.value);
    if (looksSecret(value)) registerSecret(value);
    const end = p.valueStart + p.value.length;
    const name = p.name.slice(0, at - p.nameStart) + keyEnv + p.name.slice(at - p.nameStart + OLD.length);
    edits.push({ start: at, end: at + OLD.length, text: keyEnv });
    beside.push({ start: end, end, text: `${amp}${name}=${looksSecret(value) ? '' : p.value}` });
  }
  return { edits, beside, why: `${provider} deploy button: its env values` };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
