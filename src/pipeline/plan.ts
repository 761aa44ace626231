// Plan: which Flux model each OpenAI model id becomes. `--map` wins over `--model`; `tiers`
// takes each id's suggested tier; `keep` leaves an id unchanged.
import { DEFAULT_FLUX_MODEL, classifyOpenAIModel, fluxIdProblem, suggestTier, validFluxIds } from '../catalog/models.js';
import { UserError } from '../errors.js';
import type { FileScan, Finding } from '../model.js';

export const KEEP = 'keep';

export interface ModelRule {
  pattern: string;
  target: string;
}

export interface ModelPolicy {
  /** A Flux id, or `tiers`. */
  model: string;
  map: ModelRule[];
}

// Why a flag's Flux id is wrong, always with the list of valid ones.
function invalidTarget(id: string): string {
  const problem = fluxIdProblem(id)!;
  return problem.includes(validFluxIds()) ? problem : `${problem} (valid: ${validFluxIds()})`;
}

export function checkModelFlag(model: string): string {
  if (model === 'tiers' || !fluxIdProblem(model)) return model;
  throw new UserError(`--model ${model}: ${invalidTarget(model)}; or "tiers" for each id's suggested tier`);
}

export function parseMapFlag(value: string): ModelRule {
  const eq = value.indexOf('=');
  const pattern = value.slice(0, eq).trim();
  const target = value.slice(eq + 1).trim();
  if (eq < 1 || !pattern || !target) throw new UserError(`--map ${value}: expected <openai-id>=<flux-id>, for example --map gpt-4o=flux-standard`);
  if (!pattern.includes('*')) {
    const model = classifyOpenAIModel(pattern);
    if (model?.kind === 'unsupported') throw new UserError(`--map ${value}: ${pattern} is a ${model.endpoint} model; Flux does not serve it, so flux-migrate leaves it as is`);
    if (!model) throw new UserError(`--map ${value}: ${pattern} is not an OpenAI chat model id flux-migrate knows (like gpt-4o or o3-mini); use a glob such as 'gpt-4o*' for a family`);
  }
  if (target !== KEEP && fluxIdProblem(target)) throw new UserError(`--map ${value}: ${invalidTarget(target)}; or "keep" to leave ${pattern} unchanged`);
  return { pattern, target };
}

/** Checks a whole list of --map flags: each one, and no id mapped twice to different targets. */
export function parseMapFlags(values: string[]): ModelRule[] {
  const rules = values.map(parseMapFlag);
  for (const [i, r] of rules.entries()) {
    const other = rules.slice(0, i).find((o) => o.pattern === r.pattern && o.target !== r.target);
    if (other) throw new UserError(`--map ${r.pattern} is given twice: =${other.target} and =${r.target}; keep one`);
  }
  return rules;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp('^' + glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
}

/** The --map rule that decides an id: an exact one first, then the first glob that matches. */
export function ruleFor(id: string, policy: ModelPolicy): ModelRule | undefined {
  return policy.map.find((r) => r.pattern === id) ?? policy.map.find((r) => r.pattern.includes('*') && globToRegExp(r.pattern).test(id));
}

/** The Flux id for an OpenAI id, or undefined to keep it. */
export function chooseModel(id: string, policy: ModelPolicy): string | undefined {
  const rule = ruleFor(id, policy);
  if (rule) return rule.target === KEEP ? undefined : rule.target;
  if (policy.model === 'tiers') return suggestTier(id) ?? DEFAULT_FLUX_MODEL;
  return policy.model;
}

/** The --map flags that reproduce a set of choices without prompts (undefined: `keep`). */
export function mapFlags(choices: Map<string, string | undefined>): string {
  return [...choices].map(([id, target]) => `--map ${id}=${target ?? KEEP}`).join(' ');
}

/**
 * What a run that could not ask says about the model choices it took by default (ids no --map
 * decided), and the --map line that changes them; empty when nothing was taken by default.
 */
export function defaultsNotice(usage: { id: string; count: number }[], policy: ModelPolicy, why: string): string {
  const taken = usage.filter((u) => !ruleFor(u.id, policy));
  if (!taken.length) return '';
  const choices = new Map(taken.map((u) => [u.id, chooseModel(u.id, policy)]));
  const list = taken.map((u) => `${u.id} -> ${choices.get(u.id) ?? KEEP} (${u.count === 1 ? 'once' : `${u.count} times`})`).join(', ');
  return [
    `flux-migrate: no prompt (${why}), so the default model choices were taken: ${list}.`,
    `  To choose others, edit and pass: ${mapFlags(choices)}  (flux-migrate models lists the Flux ids; --yes hides this notice)`,
    '',
  ].join('\n');
}

/** Distinct OpenAI model ids found, most frequent first, with where they are. */
export function modelUsage(scans: { display: string; scan: FileScan }[]): { id: string; count: number; places: string[] }[] {
  const usage = new Map<string, { id: string; count: number; places: string[] }>();
  for (const { display, scan } of scans) {
    for (const f of scan.findings) {
      if (f.kind !== 'model' || f.union) continue; // a union that types a value is no use of the id
      const u = usage.get(f.before) ?? { id: f.before, count: 0, places: [] };
      u.count++;
      u.places.push(`${display}:${f.line}`);
      usage.set(f.before, u);
    }
  }
  return [...usage.values()].sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
}

/** Fills in the new value and edit of each model finding; drops the ones kept unchanged. */
export function planFindings(findings: Finding[], choices: Map<string, string | undefined>): Finding[] {
  const planned: Finding[] = [];
  const unions = new Map<number, { finding: Finding; ids: string[] }>();
  for (const f of findings) {
    if (f.kind === 'model' && f.union) {
      // The union gets each Flux id its values take, once.
      const target = choices.get(f.before);
      const { at, sep, quote, present } = f.union;
      if (!target || present.includes(target)) continue;
      const seen = unions.get(at);
      if (seen?.ids.includes(target)) continue;
      const edit = { start: at, end: at, text: sep + quote + target + quote };
      if (seen) {
        seen.ids.push(target);
        seen.finding.edits[0].text += edit.text;
        continue;
      }
      const finding = { ...f, after: target, edits: [edit] };
      unions.set(at, { finding, ids: [target] });
      planned.push(finding);
      continue;
    }
    if (f.kind !== 'model' || !f.literal) {
      planned.push(f);
      continue;
    }
    const target = choices.get(f.before);
    if (!target) continue;
    const { start, end, quote, prefix = '' } = f.literal;
    planned.push({ ...f, after: prefix + target, edits: [{ start, end, text: quote + prefix + target + quote }] });
  }
  return planned;
}
