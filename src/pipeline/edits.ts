// Edit: splice the edits into the original text. Nothing is reprinted from an AST, so every
// byte outside the edited ranges stays as it was.
import type { Edit } from '../model.js';

export function applyEdits(text: string, edits: Edit[]): string {
  // A BOM is not part of the text: what is inserted at the very start goes after it.
  if (text.charCodeAt(0) === 0xfeff) edits = edits.map((e) => (e.start === 0 && e.end === 0 ? { ...e, start: 1, end: 1 } : e));
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i).map((x) => x.e);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos || e.end < e.start || e.end > text.length) {
      throw new Error(`internal error: overlapping edits at offset ${e.start}; the file was left as is`);
    }
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}
