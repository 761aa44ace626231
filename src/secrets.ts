// API keys never reach any output: every line printed passes through maskSecrets. Three nets:
// anything shaped like a key (`sk-...`); the value of a key-named variable assigned on its own
// line (`GROQ_API_KEY=gsk_...` in an env file or a diff of one, `api_key="..."` in Python); and
// every value a scanner masked or registered (a literal key that is not `sk-` shaped).

const KEY = /\bsk-(?:proj-|ant-|or-v1-|svcacct-|admin-)?[A-Za-z0-9_-]{12,}/g;

// `NAME=value` at the start of a line (after a diff marker, indentation, `export`, `const`),
// where NAME names a key, token, secret or password; the value is quoted, or bare up to the end
// of the line (so `KEY = process.env.X;` and `api_key=os.environ[...]` are left readable).
const NAME = String.raw`(?:[A-Za-z0-9]+_)*(?:API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PASSWD)(?:_[A-Za-z0-9]+)*`;
const ASSIGNED = new RegExp(
  String.raw`^([+\- ]?[ \t]*(?:export[ \t]+|const[ \t]+|let[ \t]+|var[ \t]+)?${NAME}[ \t]*=[ \t]*)(?:(["'])([^"'\r\n]{6,})\2|([A-Za-z0-9_\-+/=]{6,})(?=[ \t]*(?:#.*)?\r?$))`,
  'gim',
);

/** `sk-proj-abc...wxyz` -> `sk-...wxyz`; short or non-key values become `***`. */
export function maskSecret(value: string): string {
  if (value.length < 12) return '***';
  return (value.startsWith('sk-') ? 'sk-...' : '...') + value.slice(-4);
}

const extra = new Set<string>();

// Placeholders and references are not secrets, and masking them would corrupt diffs of code
// (`OPENAI_API_KEY=YOUR_OPENAI_API_KEY`, `KEY=process.env.OPENAI_API_KEY`, `<your key>`).
const PLACEHOLDER = /your|here|xxx|changeme|change_me|placeholder|example|dummy|replace|[<>{}$]|\.\.\.|process\.env|os\.environ|getenv/i;

/** Whether a value could be a real secret rather than a placeholder or a variable name. */
export function looksSecret(value: string): boolean {
  return value.length >= 8 && !PLACEHOLDER.test(value) && !/^[A-Z][A-Z0-9_]*$/.test(value);
}

/** Registers a secret that does not look like a key (an env file value), to mask it everywhere. */
export function registerSecret(value: string): void {
  if (looksSecret(value)) extra.add(value);
}

/**
 * Registers every value a scanner reported masked: when a finding shows `maskSecret(v)` for the
 * text `v` its edit replaces, `v` is a secret, and the diff's removed line must not show it either.
 */
export function registerMaskedValues(text: string, findings: { before: string; edits: { start: number; end: number }[] }[]): void {
  for (const f of findings) {
    for (const e of f.edits) {
      if (e.end <= e.start) continue;
      const raw = text.slice(e.start, e.end);
      const value = /^(["'`]).*\1$/s.test(raw) ? raw.slice(1, -1) : raw;
      if (value !== f.before && f.before === maskSecret(value)) registerSecret(value);
    }
  }
}

const masked = (v: string) => v === '***' || /^(?:sk-)?\.\.\./.test(v);

export function maskSecrets(text: string): string {
  let out = text.replace(ASSIGNED, (m, head: string, quote: string | undefined, quoted: string | undefined, bare: string | undefined) => {
    const value = quoted ?? bare!;
    if (masked(value) || !looksSecret(value)) return m;
    return quoted !== undefined ? `${head}${quote}${maskSecret(quoted)}${quote}` : `${head}${maskSecret(value)}`;
  });
  out = out.replace(KEY, (m) => maskSecret(m));
  for (const s of extra) if (out.includes(s)) out = out.split(s).join(maskSecret(s));
  return out;
}
