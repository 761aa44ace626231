// `flux-migrate [paths...]`: turns the flags into run options and runs the pipeline.
import { UserError } from '../errors.js';
import { DEFAULT_FLUX_MODEL } from '../catalog/models.js';
import { checkModelFlag, parseMapFlag } from '../pipeline/plan.js';
import { type Io, run } from '../pipeline/run.js';

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
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(flags.keyEnv)) throw new UserError(`--key-env ${flags.keyEnv}: not an environment variable name (letters, digits and _)`);
  try {
    const url = new URL(flags.baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
  } catch {
    throw new UserError(`--base-url ${flags.baseUrl}: not an http(s) URL`);
  }
  const color = flags.color && !process.env.NO_COLOR && !flags.json && process.stdout.isTTY === true;
  return run(
    {
      paths,
      mode: flags.check ? 'check' : flags.dryRun ? 'dry-run' : 'write',
      json: flags.json === true,
      policy: { model: flags.model ? checkModelFlag(flags.model) : DEFAULT_FLUX_MODEL, map: flags.map.map(parseMapFlag) },
      baseUrl: flags.baseUrl.replace(/\/+$/, ''),
      keyEnv: flags.keyEnv,
      ignore: flags.ignore,
      force: flags.force === true,
      color,
    },
    io,
  );
}
