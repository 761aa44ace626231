// File names as git prints them (quote_c_style, core.quotePath on): a name with a control
// character, a quote, a backslash or a non-ASCII byte is put in double quotes with C escapes
// and octal bytes (`"a/nl\nx.txt"`, `"caf\303\251.ts"`), so no raw newline or escape sequence
// reaches a terminal or breaks a patch header. Other names are printed as they are.
const ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 34: '\\"', 92: '\\\\' };

const needsQuote = (byte: number) => byte < 0x20 || byte === 0x22 || byte === 0x5c || byte >= 0x7f;

export function quotePath(name: string): string {
  const bytes = Buffer.from(name, 'utf8');
  if (!bytes.some(needsQuote)) return name;
  let out = '"';
  for (const byte of bytes) {
    if (ESCAPES[byte]) out += ESCAPES[byte];
    else if (needsQuote(byte)) out += '\\' + byte.toString(8).padStart(3, '0');
    else out += String.fromCharCode(byte);
  }
  return out + '"';
}
