// OpenAI model ids no rule proved to reach a client that moves to Flux (a list of ids, an
// action's input, a key that is not named as a model): reported once per place, never rewritten.
import { isMap, isSeq } from 'yaml';
import { classifyOpenAIModel } from '../../catalog/models.js';
import { type Context, outsider } from './context.js';
import { collections, keyOf, lineOf, scalarSpan } from './parse.js';

export function hints(ctx: Context): void {
  for (const { node, path } of collections(ctx.doc)) {
    if (outsider(ctx, path) !== undefined) continue; // an action's inputs, a third-party image: not the app's
    const values = isMap(node) ? node.items.map((p) => ({ key: keyOf(p), value: p.value })) : isSeq(node) ? node.items.map((value) => ({ key: path.at(-1)?.key, value })) : [];
    for (const { key, value } of values) {
      const span = scalarSpan(ctx.file, value);
      if (!span || ctx.handled.has(span.start)) continue;
      const id = /^(?:openai[/:])?([a-z0-9.-]+)$/.exec(span.value)?.[1];
      // `openai/gpt-oss-20b` is a Hugging Face repository (open weights), not an API model.
      if (!id || classifyOpenAIModel(id)?.kind !== 'chat' || /^openai\/gpt-oss/.test(span.value)) continue;
      ctx.handled.add(span.start);
      const where = key ? `${key}: ${span.value}` : span.value;
      ctx.out.warnings.push({ code: 'model-hint', line: lineOf(ctx.file, span.start), message: `${where} looks like an OpenAI model id, but nothing shows it is sent to a client that moves to Flux, so it was left as is; if it is, use a Flux model id there` });
    }
  }
}
