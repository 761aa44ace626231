// A JSON reader that keeps positions: every string knows where each of its characters sits in
// the raw text, so an edit to a decoded string can be spliced into the file byte-exact.

export type JsonValue =
  | { type: 'object'; start: number; end: number; entries: { key: string; value: JsonValue }[] }
  | { type: 'array'; start: number; end: number; items: JsonValue[] }
  | JsonString
  | { type: 'other'; start: number; end: number };

export interface JsonString {
  type: 'string';
  /** The opening quote. */
  start: number;
  /** After the closing quote. */
  end: number;
  value: string;
  /** Raw offset of each decoded UTF-16 unit; `map[value.length]` is the closing quote. */
  map: number[];
}

/** Parses JSON text; throws (with JSON.parse's message) when it is not valid JSON. */
export function parseJsonWithPositions(text: string): JsonValue {
  JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text); // a BOM is kept, not read
  let pos = 0;
  const ws = () => {
    while (pos < text.length && /[ \t\r\n\uFEFF]/.test(text[pos])) pos++;
  };
  const value = (): JsonValue => {
    ws();
    const start = pos;
    const c = text[pos];
    if (c === '{') {
      pos++;
      const entries: { key: string; value: JsonValue }[] = [];
      ws();
      if (text[pos] === '}') return { type: 'object', start, end: ++pos, entries };
      for (;;) {
        ws();
        const key = string();
        ws();
        pos++; // :
        entries.push({ key: key.value, value: value() });
        ws();
        if (text[pos++] === '}') return { type: 'object', start, end: pos, entries };
      }
    }
    if (c === '[') {
      pos++;
      const items: JsonValue[] = [];
      ws();
      if (text[pos] === ']') return { type: 'array', start, end: ++pos, items };
      for (;;) {
        items.push(value());
        ws();
        if (text[pos++] === ']') return { type: 'array', start, end: pos, items };
      }
    }
    if (c === '"') return string();
    while (pos < text.length && /[^,\]}\s]/.test(text[pos])) pos++;
    return { type: 'other', start, end: pos };
  };
  const string = (): JsonString => {
    const start = pos++;
    let decoded = '';
    const map: number[] = [];
    while (text[pos] !== '"') {
      const at = pos;
      if (text[pos] !== '\\') {
        decoded += text[pos++];
        map.push(at);
        continue;
      }
      const e = text[pos + 1];
      if (e === 'u') {
        decoded += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16));
        pos += 6;
      } else {
        decoded += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e;
        pos += 2;
      }
      map.push(at);
    }
    map.push(pos);
    pos++;
    return { type: 'string', start, end: pos, value: decoded, map };
  };
  return value();
}

export function member(obj: JsonValue | undefined, key: string): JsonValue | undefined {
  return obj?.type === 'object' ? obj.entries.find((e) => e.key === key)?.value : undefined;
}

/** Text as the inside of a JSON string. */
export function escapeJson(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
