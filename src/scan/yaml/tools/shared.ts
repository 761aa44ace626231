// What the tool configs (LiteLLM, Continue, Aider) share: a setting added to a model entry in the
// entry's own layout, the findings of a client the file defines itself, and marking an entry seen.
import { type Pair, type YAMLMap, isMap, isSeq } from 'yaml';
import type { Edit, Finding } from '../../../model.js';
import type { Context } from '../context.js';
import { type ScalarSpan, lineBounds, scalarSpan } from '../parse.js';

/**
 * The edit adding `key: value` to `map` right after `after` (one of its pairs): on a line of its
 * own at the keys' column, or `, key: value` in a flow map. `quote` quotes the value as its
 * neighbours are.
 */
export function addPair(ctx: Context, map: YAMLMap, after: Pair, key: string, value: string, quote = ''): Edit | undefined {
  const { text } = ctx.file;
  const keyRange = (after.key as { range?: [number, number, number] }).range;
  const valueRange = (after.value as { range?: [number, number, number] } | null)?.range;
  if (!keyRange) return undefined;
  const end = valueRange?.[1] ?? keyRange[1];
  const pair = `${key}: ${quote}${value}${quote}`;
  if (map.flow) return { start: end, end, text: `, ${pair}` };
  if (/[\r\n]/.test(text.slice(keyRange[0], end).trimEnd())) return undefined; // a multi-line value: no safe place after it
  const line = lineBounds(ctx.file, keyRange[0]);
  const after2 = lineBounds(ctx.file, end);
  return { start: after2.end, end: after2.end, text: after2.eol + ' '.repeat(keyRange[0] - line.start) + pair };
}

/** The quote a scalar is written with, for values added next to it. */
export function quoteOf(span: ScalarSpan | undefined): string {
  return span?.quote ?? '';
}

/** A finding of a client the file defines itself: applied whatever the run's key plan says. */
export function own(f: Omit<Finding, 'ownClient'>): Finding {
  return { ...f, ownClient: true };
}

/** Marks every scalar under `node` as seen, so the generic rules and hints leave it to the tool's rules. */
export function handleAll(ctx: Context, node: unknown): void {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop();
    if (isMap(n)) for (const p of n.items) stack.push(p.value);
    else if (isSeq(n)) stack.push(...n.items);
    else {
      const span = scalarSpan(ctx.file, n);
      if (span) ctx.handled.add(span.start);
    }
  }
}

/** A model id as a tool writes it: `openai/gpt-4o`, `gpt-4o`; the provider prefix apart. */
export function splitProvider(value: string): { provider?: string; id: string } {
  const slash = value.indexOf('/');
  return slash === -1 ? { id: value } : { provider: value.slice(0, slash), id: value.slice(slash + 1) };
}
