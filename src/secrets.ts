// API keys never reach any output: every line printed passes through maskSecrets.

const KEY = /\bsk-(?:proj-|ant-|or-v1-|svcacct-|admin-)?[A-Za-z0-9_-]{12,}/g;

/** `sk-proj-abc...wxyz` -> `sk-...wxyz`; short or non-key values become `***`. */
export function maskSecret(value: string): string {
  if (value.length < 12) return '***';
  return (value.startsWith('sk-') ? 'sk-...' : '...') + value.slice(-4);
}

const extra = new Set<string>();

/** Registers a secret that does not look like a key (an env file value), to mask it everywhere. */
export function registerSecret(value: string): void {
  if (value.length >= 6) extra.add(value);
}

export function maskSecrets(text: string): string {
  let out = text.replace(KEY, (m) => maskSecret(m));
  for (const s of extra) if (out.includes(s)) out = out.split(s).join(maskSecret(s));
  return out;
}
