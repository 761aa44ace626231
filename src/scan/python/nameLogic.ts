// Code that depends on OpenAI model names: where a model value this run migrates also feeds
// `tiktoken.encoding_for_model(model)`, a per-model table (`LIMITS[model]`, `PRICES.get(model)`), a
// `model.startswith("gpt-4")` / `"gpt-4" in model` test or a `model in GPT_4_MODELS` / `==` check,
// that code sees a flux-* id after the run. The migration still happens; each place is reported
// (`model-name-logic`) once per function and value, saying what breaks.
import { classifyOpenAIModel } from '../../catalog/models.js';
import { type PyContext, ownerOf, warn } from './context.js';
import { lookup } from './module.js';
import { importedName } from './names.js';
import type { Node } from './parse.js';
import { describe, lineOf, named, stringValue, unwrap } from './tree.js';
import { valueSources } from './values.js';

interface Sink {
  value: Node;
  at: Node;
  kind: 'tiktoken' | 'prefix' | 'table' | 'check';
  /** What breaks, in words. */
  breaks: string;
}

const PREFIX = /^(gpt|o\d|chatgpt|text-|davinci|babbage|ft:)/;

/** Reports the places in a module where a migrated model meets code keyed by OpenAI names. */
export function reportNameLogic(ctx: PyContext): Set<number> {
  const lines = new Set<number>();
  if (![...(ctx.project?.modules.values() ?? [ctx])].some((m) => m.models.size)) return lines;
  const groups = new Map<string, { sink: Sink; lines: number[] }>();
  for (const sink of sinks(ctx).sort((a, b) => a.at.startIndex - b.at.startIndex)) {
    if (!migrated(ctx, sink.value)) continue;
    let fn: Node | null = sink.at.parent;
    while (fn && fn.type !== 'function_definition') fn = fn.parent;
    const key = `${fn?.id ?? 0}:${sink.value.text}:${sink.kind}`;
    const group = groups.get(key) ?? { sink, lines: [] };
    if (!group.lines.includes(lineOf(sink.at))) group.lines.push(lineOf(sink.at));
    groups.set(key, group);
  }
  for (const { sink, lines: at } of groups.values()) {
    const also = at.length > 1 ? ` (also line${at.length > 2 ? 's' : ''} ${at.slice(1).join(', ')})` : '';
    warn(ctx, 'model-name-logic', sink.at, `\`${describe(sink.value)}\` holds a model id this run moves to Flux: ${sink.breaks}${also}; the migration is made, check this code by hand`);
    for (const l of at) lines.add(l);
  }
  return lines;
}

// Whether a value can hold a model literal the run migrates.
function migrated(ctx: PyContext, value: Node): boolean {
  const sources = valueSources(ctx, value);
  return sources.literals.some((l) => ownerOf(ctx, l).models.has(l.startIndex));
}

function sinks(ctx: PyContext): Sink[] {
  const out: Sink[] = [];
  for (const call of ctx.index.calls) {
    const fn = unwrap(call.childForFieldName('function'));
    const args = named(call.childForFieldName('arguments') ?? call);
    if (!fn || !args.length && fn.type !== 'attribute') continue;
    const name = fn.type === 'attribute' ? fn.childForFieldName('attribute')!.text : fn.text;
    if (name === 'encoding_for_model' && fromTiktoken(ctx, fn) && args[0]) {
      out.push({ value: args[0], at: call, kind: 'tiktoken', breaks: `\`${describe(call)}\` raises KeyError for a flux-* id (tiktoken knows only OpenAI names): use tiktoken.get_encoding("o200k_base") (or "cl100k_base")` });
    } else if (fn.type === 'attribute' && /^(startswith|endswith)$/.test(name) && args.some((a) => openAIish(a))) {
      out.push({ value: fn.childForFieldName('object')!, at: call, kind: 'prefix', breaks: `\`${describe(call)}\` is false for a flux-* id` });
    } else if (fn.type === 'attribute' && name === 'get' && args[0] && modelTable(ctx, fn.childForFieldName('object'))) {
      out.push({ value: args[0], at: call, kind: 'table', breaks: `\`${describe(call)}\` looks it up in a table keyed by OpenAI model ids and finds no entry` });
    }
  }
  for (const c of ctx.index.comparisons) {
    const [left, right] = named(c);
    if (!left || !right) continue;
    const op = c.text.slice(left.endIndex - c.startIndex, right.startIndex - c.startIndex).trim();
    if (/^(==|!=)$/.test(op)) {
      const [value, other] = openAIish(right) ? [left, right] : openAIish(left) ? [right, left] : [];
      if (value && other) out.push({ value, at: c, kind: 'check', breaks: `\`${describe(c)}\` compares it with an OpenAI model id and no longer matches` });
    } else if (/^(not\s+)?in$/.test(op)) {
      if (stringValue(left) !== undefined && openAIish(left)) out.push({ value: right, at: c, kind: 'prefix', breaks: `\`${describe(c)}\` looks for an OpenAI model name in it and no longer matches` });
      else if (modelCollection(ctx, right)) out.push({ value: left, at: c, kind: 'check', breaks: `\`${describe(c)}\` checks it against OpenAI model ids and no longer matches` });
    }
  }
  for (const s of ctx.index.subscripts) {
    const index = s.childForFieldName('subscript');
    if (index && stringValue(index) === undefined && modelTable(ctx, s.childForFieldName('value'))) {
      out.push({ value: index, at: s, kind: 'table', breaks: `\`${describe(s)}\` looks it up in a table keyed by OpenAI model ids and raises KeyError` });
    }
  }
  return out;
}

function fromTiktoken(ctx: PyContext, fn: Node): boolean {
  const base = fn.type === 'attribute' ? unwrap(fn.childForFieldName('object'))?.text : fn.text;
  return (ctx.index.imports.get(base ?? '') ?? []).some((i) => i.module === 'tiktoken' || i.module.startsWith('tiktoken.'));
}

// A string (or a tuple of strings) that names OpenAI models or a prefix of their names.
function openAIish(node: Node | null | undefined): boolean {
  const n = unwrap(node);
  if (!n) return false;
  if (n.type === 'tuple') return named(n).some(openAIish);
  const s = stringValue(n);
  return s !== undefined && (!!classifyOpenAIModel(s) || PREFIX.test(s));
}

// A list, tuple or set of OpenAI model ids (here, or through a constant, `+` and `.keys()`).
function modelCollection(ctx: PyContext, expr: Node | null | undefined, depth = 0): boolean {
  const n = unwrap(expr);
  if (!n || depth > 6) return false;
  if (n.type === 'list' || n.type === 'tuple' || n.type === 'set') return named(n).some((e) => openAIish(e));
  if (n.type === 'dictionary') return !!modelTable(ctx, n);
  if (n.type === 'binary_operator') return modelCollection(ctx, n.childForFieldName('left'), depth + 1) || modelCollection(ctx, n.childForFieldName('right'), depth + 1);
  if (n.type === 'call') {
    const fn = unwrap(n.childForFieldName('function'));
    return fn?.type === 'attribute' && fn.childForFieldName('attribute')!.text === 'keys' && modelCollection(ctx, fn.childForFieldName('object'), depth + 1);
  }
  if (n.type === 'identifier') {
    const found = lookup(ctx.index, n.text, n);
    return found?.kind === 'assigned' && found.values.length === 1 && modelCollection(ctx, found.values[0].value, depth + 1);
  }
  return false;
}

// A dict keyed by OpenAI model ids: written here, or a constant of this module or one it imports
// (a table is a constant; following parameters to their callers is not worth it for every lookup).
function modelTable(ctx: PyContext, expr: Node | null | undefined, depth = 0): boolean {
  const n = unwrap(expr);
  if (!n || depth > 4) return false;
  if (n.type === 'dictionary') return named(n).some((p) => p.type === 'pair' && openAIish(p.childForFieldName('key')));
  if (n.type !== 'identifier') return false;
  const found = lookup(ctx.index, n.text, n);
  if (found?.kind === 'assigned') return found.values.length === 1 && modelTable(ctx, found.values[0].value, depth + 1);
  const def = found?.kind === 'import' ? importedName(ctx, found.imports) : undefined;
  const values = def ? (def.ctx.index.assigns.get(def.name) ?? []).filter((a) => a.scope === 0) : [];
  return values.length === 1 && modelTable(def!.ctx, values[0].value, depth + 1);
}
