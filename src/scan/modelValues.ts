// What a scanner does with the values a model can hold, in any language: a literal is migrated,
// or left with the warning that says why; a value it cannot see is named.
import { classifyOpenAIModel, isFluxId } from '../catalog/models.js';
import type { WarningCode } from '../model.js';

export type LiteralDecision = 'keep' | 'migrate' | { code: WarningCode; message: string };

/** A model literal passed to `name`: already Flux (keep), an OpenAI chat id (migrate), or warned. */
export function decideLiteral(id: string, name: string): LiteralDecision {
  if (isFluxId(id)) return 'keep';
  const model = classifyOpenAIModel(id);
  if (model?.kind === 'chat') return 'migrate';
  if (model?.kind === 'unsupported') return { code: 'unsupported-endpoint', message: `"${id}" is a ${model.endpoint} model, passed to ${name}: Flux does not serve it; left as is` };
  return { code: 'unknown-model', message: `model "${id}" (${name}) is not an OpenAI model flux-migrate knows, so it was left as is: Flux will not serve it; choose a Flux model id by hand` };
}

/** The `unresolved-model` message for what the literals do not cover, if anything. */
export function sourcesMessage(name: string, literals: number, unresolved?: string, overriddenBy?: string): string | undefined {
  if (unresolved && literals === 0) return `the model of ${name} comes from ${unresolved}: flux-migrate cannot see its value; make sure it is a Flux model id`;
  if (overriddenBy && literals) return `the model of ${name} can also come from ${overriddenBy}: where that is set, set it to a Flux model id`;
  return undefined;
}

/** The reason a migrated literal gives in the report. */
export function literalWhy(where: string, overriddenBy?: string): string {
  return overriddenBy ? `${where}, used when ${overriddenBy} is unset` : where;
}
