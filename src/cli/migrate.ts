// `flux-migrate [paths...]`: turns the flags into run options and runs the pipeline.
import { DEFAULT_FLUX_MODEL } from '../catalog/models.js';
import { checkModelFlag, parseMapFlags } from '../pipeline/plan.js';
import { UserError } from '../errors.js';
import { type Io, type RunOptions, run } from '../pipeline/run.js';
import { checkFormat } from '../report/formats.js';
import { wantColor } from '../report/paint.js';
import { type Source, withConfig } from './config.js';
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
  quiet?: boolean;
  /** `--color` (true), `--no-color` (false), or neither. */
  color?: boolean;
  format?: string;
  maxWarnings?: string;
  changed?: string;
  verify?: boolean;
  docs?: boolean;
  config?: string;
  /** The config file a flag's value came from, when it was not typed (config.ts). */
  origin?: (flag: string) => string | undefined;
}

/** A bad value from the config file is named by the file and key, not by a flag never typed. */
function checked<T>(flags: Flags, flag: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    const file = flags.origin?.(flag);
    if (!(error instanceof UserError) || !file) throw error;
    throw new UserError(`${file}: "${flag}" ${error.message.replace(/^--\S+ \S+: /, '')}`);
  }
}

export function parseMaxWarnings(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim()) || Number(value) < -1) throw new UserError(`--max-warnings ${value}: not a whole number (0 or more; -1 for no limit)`);
  return Number(value);
}

export async function migrate(given: string[], typed: Flags, io: Io, source: Source = () => undefined): Promise<number> {
  const format = checkFormat(typed.format, typed.json);
  const { paths: configured, flags } = await withConfig(given, typed, source, io.cwd);
  const paths = configured.length ? configured : ['.'];
  checked(flags, 'keyEnv', () => checkKeyEnv(flags.keyEnv));
  const baseUrl = checked(flags, 'baseUrl', () => checkBaseUrl(flags.baseUrl));
  const model = flags.model ? checked(flags, 'model', () => checkModelFlag(flags.model!)) : DEFAULT_FLUX_MODEL;
  const policy = { model, map: checked(flags, 'map', () => parseMapFlags(flags.map)) };
  const maxWarnings = checked(flags, 'maxWarnings', () => parseMaxWarnings(flags.maxWarnings));
  // Pinned ids are checked against the live list only when the Flux key is set (no network otherwise).
  await checkPinnedLive([policy.model, ...policy.map.map((r) => r.target)], baseUrl, flags.keyEnv, io);
  const color = format === 'text' && wantColor(flags.color, process.env, process.stdout.isTTY === true);
  const chosen = flags.yes || flags.model !== undefined;
  const blocked = whyNoPrompt(flags, format);
  return run(
    {
      paths,
      mode: flags.check ? 'check' : flags.dryRun ? 'dry-run' : 'write',
      json: format === 'json',
      format,
      maxWarnings,
      changed: flags.changed,
      verify: flags.verify === true,
      docs: flags.docs !== false,
      policy,
      baseUrl,
      keyEnv: flags.keyEnv,
      ignore: flags.ignore,
      force: flags.force === true,
      quiet: flags.quiet === true,
      color,
      // Prompts (drawn on stderr, so stdout may be piped) unless a flag made the choice or none can
      // appear; then the run says which defaults it took, unless --yes asks for silence.
      ask: !chosen && !blocked ? ask(baseUrl, flags.keyEnv, io) : undefined,
      // (The JSON report shows each choice in its edits, and keeps stderr empty.)
      noPrompt: !chosen && format !== 'json' ? blocked : undefined,
    },
    io,
  );
}

/** Why no prompt can appear in this run; undefined when one can (stdin and stderr are terminals). */
function whyNoPrompt(flags: Flags, format: string): string | undefined {
  const ci = process.env.CI;
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return 'CI is set';
  if (flags.check) return '--check';
  if (format !== 'text') return `--format ${format}`;
  if (process.stdin.isTTY !== true) return 'stdin is not a terminal';
  if (process.stderr.isTTY !== true) return 'stderr is not a terminal';
  return undefined;
}

function ask(baseUrl: string, keyEnv: string, io: Io): RunOptions['ask'] {
  const key = process.env[keyEnv];
  return async (usage, policy) => {
    if (!usage.length) return new Map();
    const { askModels } = await import('./prompts.js');
    return askModels(usage, policy, { io, liveIds: key ? () => liveIds(baseUrl, key, keyEnv) : undefined });
  };
}
