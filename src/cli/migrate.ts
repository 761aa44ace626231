// `flux-migrate [paths...]`: turns the flags into run options and runs the pipeline.
import { DEFAULT_FLUX_MODEL } from '../catalog/models.js';
import { checkModelFlag, parseMapFlags } from '../pipeline/plan.js';
import { type Io, type RunOptions, run } from '../pipeline/run.js';
import { checkBaseUrl, checkKeyEnv, checkPinnedLive, liveIds } from './models.js';

export interface Flags {
  dryRun?: boolean;
  check?: boolean;
  model?: string;
  map: string[];
  yes?: boolean;
  json?: boolean;
  baseUrl: string;
  keyEnv: string;
  ignore: string[];
  force?: boolean;
  color: boolean;
}

export async function migrate(paths: string[], flags: Flags, io: Io): Promise<number> {
  checkKeyEnv(flags.keyEnv);
  const baseUrl = checkBaseUrl(flags.baseUrl);
  const policy = { model: flags.model ? checkModelFlag(flags.model) : DEFAULT_FLUX_MODEL, map: parseMapFlags(flags.map) };
  // Pinned ids are checked against the live list only when the Flux key is set (no network otherwise).
  await checkPinnedLive([policy.model, ...policy.map.map((r) => r.target)], baseUrl, flags.keyEnv, io);
  const color = flags.color && !process.env.NO_COLOR && !flags.json && process.stdout.isTTY === true;
  return run(
    {
      paths,
      mode: flags.check ? 'check' : flags.dryRun ? 'dry-run' : 'write',
      json: flags.json === true,
      policy,
      baseUrl,
      keyEnv: flags.keyEnv,
      ignore: flags.ignore,
      force: flags.force === true,
      color,
      ask: interactive(flags) ? ask(baseUrl, flags.keyEnv, io) : undefined,
    },
    io,
  );
}

/** Prompts only at a terminal, and only when no flag or CI says the choice is made already. */
function interactive(flags: Flags): boolean {
  const ci = process.env.CI;
  const inCi = ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
  return process.stdin.isTTY === true && process.stdout.isTTY === true && !flags.yes && !flags.model && !flags.json && !flags.check && !inCi;
}

function ask(baseUrl: string, keyEnv: string, io: Io): RunOptions['ask'] {
  const key = process.env[keyEnv];
  return async (usage, policy) => {
    if (!usage.length) return new Map();
    const { askModels } = await import('./prompts.js');
    return askModels(usage, policy, { io, liveIds: key ? () => liveIds(baseUrl, key, keyEnv) : undefined });
  };
}
