// The interactive model choice: one question per distinct OpenAI model id, most frequent first,
// asked after scanning and before writing. The prompt library writes to the terminal itself, so
// every text handed to it goes through maskSecrets first.
import { input, select } from '@inquirer/prompts';
import { DEFAULT_FLUX_MODEL, FLUX_ALIASES, PINNED_PREFIX, fluxIdProblem, isPinnedId, suggestTier, tiersFor } from '../catalog/models.js';
import { UserError } from '../errors.js';
import { KEEP, type ModelPolicy, chooseModel, mapFlags, type modelUsage, ruleFor } from '../pipeline/plan.js';
import type { Io } from '../pipeline/run.js';
import { maskSecrets } from '../secrets.js';

type Usage = ReturnType<typeof modelUsage>[number];

export interface AskOptions {
  io: Io;
  /** The live model ids (fetched once, on first use), when the Flux key is set. */
  liveIds?: () => Promise<{ ids?: Set<string>; reason?: string }>;
}

/** Exit code for a prompt cancelled with Ctrl-C or Esc (128 + SIGINT, as shells report it). */
export const CANCELLED = 130;

const TYPE_ID = '\0type';

export async function askModels(usage: Usage[], policy: ModelPolicy, opts: AskOptions): Promise<Map<string, string | undefined>> {
  const chosen = new Map<string, string | undefined>();
  // Ids a --map flag already decides are not asked about.
  for (const u of usage) if (ruleFor(u.id, policy)) chosen.set(u.id, chooseModel(u.id, policy));
  const open = usage.filter((u) => !chosen.has(u.id));
  if (!open.length) return chosen;

  const n = open.length;
  opts.io.err(`flux-migrate: ${n} OpenAI model id${n === 1 ? '' : 's'} to replace. Enter takes ${DEFAULT_FLUX_MODEL}; Ctrl-C or Esc cancels and writes nothing.\n`);
  // The live list is fetched once, when a pinned id is first typed.
  let live: Promise<{ ids?: Set<string>; reason?: string }> | undefined;
  const load = opts.liveIds;
  const ask: AskOptions = { io: opts.io, liveIds: load && (() => (live ??= load())) };
  const escape = new AbortController();
  const onKey = (_: unknown, key?: { name?: string }) => {
    if (key?.name === 'escape') escape.abort();
  };
  process.stdin.on('keypress', onKey);
  try {
    for (const u of open) chosen.set(u.id, await askOne(u, escape.signal, ask));
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === 'ExitPromptError' || name === 'AbortPromptError') throw new UserError('cancelled: no model chosen, no file written', CANCELLED);
    throw error;
  } finally {
    process.stdin.off('keypress', onKey);
  }

  const unchecked = live && (await live).reason;
  if (unchecked) opts.io.err(`flux-migrate: could not check the typed ids against the live model list (${unchecked})\n`);
  const ordered = new Map(usage.map((u) => [u.id, chosen.get(u.id)]));
  opts.io.err(`flux-migrate: to make the same choice without prompts (in CI), pass:\n  ${mapFlags(ordered)}\n`);
  return ordered;
}

async function askOne(u: Usage, signal: AbortSignal, opts: AskOptions): Promise<string | undefined> {
  const tier = suggestTier(u.id);
  const tiers = tiersFor(u.id); // the suggested tier first; no flux-image for a chat id
  const where = u.places.slice(0, 2).join(', ') + (u.places.length > 2 ? `, +${u.places.length - 2} more` : '');
  const uses = u.count === 1 ? 'used once' : `used ${u.count} times`;
  const choice = await select(
    {
      message: maskSecrets(`Flux model for ${u.id} (${uses}: ${where})?`),
      choices: [
        { value: DEFAULT_FLUX_MODEL, name: `${DEFAULT_FLUX_MODEL} (recommended)`, short: DEFAULT_FLUX_MODEL, description: FLUX_ALIASES[DEFAULT_FLUX_MODEL] },
        ...tiers.map((t) => ({ value: t, name: t === tier ? `${t} (suggested tier)` : t, short: t, description: FLUX_ALIASES[t] })),
        { value: KEEP, name: 'keep unchanged', short: 'keep unchanged', description: maskSecrets(`leave ${u.id} in the code: Flux does not serve OpenAI ids, so change it by hand later`) },
        { value: TYPE_ID, name: `type a ${PINNED_PREFIX}* id`, short: 'type an id', description: 'pin the same backing model every time (flux-migrate models lists them)' },
      ],
      default: DEFAULT_FLUX_MODEL,
      pageSize: 8,
    },
    { signal, output: process.stderr }, // stdout may be piped: the diff goes there
  );
  if (choice === KEEP) return undefined;
  if (choice !== TYPE_ID) return choice;
  const id = await input(
    {
      message: maskSecrets(`Flux model id for ${u.id} (${PINNED_PREFIX}<name>):`),
      transformer: (value) => maskSecrets(value),
      validate: async (value) => {
        const problem = fluxIdProblem(value.trim());
        if (problem) return maskSecrets(problem);
        if (!isPinnedId(value.trim()) || !opts.liveIds) return true;
        const live = await opts.liveIds();
        if (!live.ids || live.ids.has(value.trim())) return true;
        const pinned = [...live.ids].filter(isPinnedId);
        return maskSecrets(`${value.trim()} is not in the live model list; pinned ids there: ${pinned.join(', ') || 'none'}`);
      },
    },
    { signal, output: process.stderr },
  );
  return id.trim();
}
