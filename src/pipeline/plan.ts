// Plan: which Flux model each OpenAI model id becomes. `--map` wins over `--model`; `tiers`
// takes each id's suggested tier; `keep` leaves an id unchanged.
import { DEFAULT_FLUX_MODEL, FLUX_ALIASES, isFluxId, suggestTier } from '../catalog/models.js';
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

export function validTargets(): string {
  return `${Object.keys(FLUX_ALIASES).join(', ')}, or flux-pinned-<name>`;
}

export function checkModelFlag(model: string): string {
  if (model === 'tiers' || isFluxId(model)) return model;
  throw new UserError(`--model ${model}: not a Flux model id. Use ${validTargets()}, or "tiers" for each id's suggested tier`);
}

export function parseMapFlag(value: string): ModelRule {
  const eq = value.indexOf('=');
  const pattern = value.slice(0, eq).trim();
  const target = value.slice(eq + 1).trim();
  if (eq < 1 || !pattern || !target) throw new UserError(`--map ${value}: expected <openai-id>=<flux-id>, for example --map gpt-4o=flux-standard`);
  if (target !== KEEP && !isFluxId(target)) throw new UserError(`--map ${value}: ${target} is not a Flux model id. Use ${validTargets()}, or "keep" to leave ${pattern} unchanged`);
  return { pattern, target };
}

function globToRegExp(glob: string): RegExp {
  return new RegExp('^' + glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
}

/** The Flux id for an OpenAI id, or undefined to keep it. */
export function chooseModel(id: string, policy: ModelPolicy): string | undefined {
  const exact = policy.map.find((r) => r.pattern === id);
  const rule = exact ?? policy.map.find((r) => r.pattern.includes('*') && globToRegExp(r.pattern).test(id));
  if (rule) return rule.target === KEEP ? undefined : rule.target;
  if (policy.model === 'tiers') return suggestTier(id) ?? DEFAULT_FLUX_MODEL;
  return policy.model;
}

/** Distinct OpenAI model ids found, most frequent first, with where they are. */
export function modelUsage(scans: { display: string; scan: FileScan }[]): { id: string; count: number; places: string[] }[] {
  const usage = new Map<string, { id: string; count: number; places: string[] }>();
  for (const { display, scan } of scans) {
    for (const f of scan.findings) {
      if (f.kind !== 'model') continue;
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
  for (const f of findings) {
    if (f.kind !== 'model' || !f.literal) {
      planned.push(f);
      continue;
    }
    const target = choices.get(f.before);
    if (!target) continue;
    const { start, end, quote } = f.literal;
    planned.push({ ...f, after: target, edits: [{ start, end, text: quote + target + quote }] });
  }
  return planned;
}
