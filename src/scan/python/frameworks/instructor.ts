// instructor: `instructor.from_openai(OpenAI())` and `instructor.patch(OpenAI())` wrap an openai
// client, whose calls and models are followed through the wrapper (src/scan/python/clients.ts,
// `wrapperOf`). `instructor.from_provider("openai/gpt-4o")` builds its own client from
// OPENAI_API_KEY and OpenAI's URL, which no option of it documents moving: it is warned with the
// `from_openai` form to write instead.
import { type PyContext, consumeStrings, warn } from '../context.js';
import type { Node } from '../parse.js';
import { stringValue } from '../tree.js';
import { valueSources } from '../values.js';
import { argument, providerOf } from './library.js';
import { libraryName } from '../libraryNames.js';

export function scanInstructor(ctx: PyContext): void {
  if (!ctx.text.includes('instructor')) return;
  for (const call of ctx.index.calls) {
    if (libraryName(ctx, call.childForFieldName('function'), /^instructor(\.auto_client)?$/)?.name === 'from_provider') fromProvider(ctx, call);
  }
}

function fromProvider(ctx: PyContext, call: Node): void {
  const model = argument(call, 'model', 0);
  const ids = model ? valueSources(ctx, model).literals.map((l) => stringValue(l)!) : [];
  if (!ids.some((id) => providerOf(id) === 'openai' && id.startsWith('openai/'))) return;
  consumeStrings(ctx, call);
  warn(ctx, 'unresolved-client', call, `instructor.from_provider builds its own OpenAI client, on OPENAI_API_KEY and OpenAI's URL: to move it to Flux, use instructor.from_openai(OpenAI(base_url="${ctx.options.baseUrl}", api_key=os.environ["${ctx.options.keyEnv}"])) and pass model="flux-auto" (or another Flux model id) to its create calls`);
}
