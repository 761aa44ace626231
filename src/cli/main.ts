// The command line (CONTRACT.md, "Command line"). Heavy modules load only when a command runs.
import type { Command } from 'commander';
import { createRequire } from 'node:module';
import { UserError } from '../errors.js';
import { maskSecrets } from '../secrets.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

const collect = (value: string, previous: string[] = []) => [...previous, value];

// A reader that stops early (`flux-migrate -n . | head -1`) closes the pipe: what is left to print
// there is dropped, and the run ends as it would have (exit 0 for a dry run), with no stack trace.
const closed = new Set<NodeJS.WriteStream>();
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed.add(stream);
  });
}
const write = (stream: NodeJS.WriteStream, text: string) => void (closed.has(stream) || stream.write(maskSecrets(text)));

const io = {
  out: (text: string) => write(process.stdout, text),
  err: (text: string) => write(process.stderr, text),
  cwd: process.cwd(),
};

export function program(): Command {
  // require: synchronous, and skips the ESM loader's export scan of a CommonJS package (start-up).
  const { Command, Option } = require('commander') as typeof import('commander');
  const cmd = new Command('flux-migrate')
    .description('Migrate a codebase from the OpenAI API to FluxRouter: base URL, API key and model, nothing else.')
    .version(version, '-V, --version')
    .argument('[paths...]', 'files and folders to migrate (default: the current folder)')
    .option('-n, --dry-run', 'print the diff; write nothing')
    .option('--check', 'write nothing; exit 1 when anything would change (for CI)')
    .option('-m, --model <id>', 'Flux model for every OpenAI model id found (default: flux-auto); "tiers" takes each id\'s suggested tier')
    .option('--map <old=new>', 'choice for one OpenAI model id (globs like gpt-4o*=flux-standard; "keep" leaves it); repeatable', collect)
    .option('-y, --yes', 'never prompt; take the defaults')
    .option('--json', 'print a JSON report on stdout instead of diffs')
    .option('--base-url <url>', 'Flux base URL', 'https://api.fluxrouter.ai/v1')
    .option('--key-env <name>', 'environment variable that holds the Flux key', 'FLUX_API_KEY')
    .option('--ignore <glob>', 'skip matching paths (gitignore syntax, relative to each folder given); repeatable', collect)
    .option('--force', 'write even when files to change have uncommitted changes')
    .option('-q, --quiet', 'on stderr, print only errors and the summary (no warnings list, no next steps)')
    .option('--color', 'colored output even when stdout is not a terminal (FORCE_COLOR does the same)')
    .addOption(new Option('--no-color', 'plain output (NO_COLOR and a non-TTY stdout do the same)'))
    .option('--format <name>', 'text (default: diffs) | json (same as --json) | github | sarif | patch')
    .option('--max-warnings <n>', 'with --check: also exit 1 when there are more than n warnings')
    .option('--changed <ref>', 'report or write only files changed since the git ref (committed or not); values are still followed through every file')
    .option('--verify', 'check the changed files before writing (parse, type check, before and after); write nothing on a new failure')
    .option('--no-docs', 'leave Markdown files (.md, .mdx) alone')
    .option('--config <file>', 'options from this file (default: flux-migrate.config.json, .flux-migraterc(.json) or package.json "flux-migrate", looked up to the repository root)')
    // `flux-migrate help [command]`, as git and npm have it (a folder named help: ./help).
    .helpCommand('help [command]', 'show help for flux-migrate or one of its commands')
    .showHelpAfterError('(run flux-migrate --help for usage)')
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) }) // masked too: errors echo what was typed
    .action(async (paths: string[], flags) => {
      const { migrate } = await import('./migrate.js');
      process.exitCode = await migrate(paths, { ...flags, map: flags.map ?? [], ignore: flags.ignore ?? [] }, io, (name) => cmd.getOptionValueSource(name));
    });
  cmd.exitOverride((err) => {
    process.exit(err.exitCode === 0 ? 0 : 2);
  });
  // Registered after exitOverride, which it inherits (bad usage exits 2).
  cmd
    .enablePositionalOptions()
    .command('models')
    .description('list the Flux model ids (live from GET {base-url}/models when the key is set, else the built-in list)')
    .option('--json', 'print the list as JSON on stdout')
    .option('--base-url <url>', 'Flux base URL', 'https://api.fluxrouter.ai/v1')
    .option('--key-env <name>', 'environment variable that holds the Flux key', 'FLUX_API_KEY')
    .action(async (flags, sub: Command) => {
      const { models } = await import('./models.js');
      // `flux-migrate --json models` works too: flags given before the command name.
      const root = cmd.opts();
      const given = (name: string) => sub.getOptionValueSource(name) === 'cli' || cmd.getOptionValueSource(name) !== 'cli';
      process.exitCode = await models(
        { json: flags.json || root.json, baseUrl: given('baseUrl') ? flags.baseUrl : root.baseUrl, keyEnv: given('keyEnv') ? flags.keyEnv : root.keyEnv },
        io,
      );
    });
  cmd
    .command('doctor')
    .description('is this project ready to run on Flux? checks the key, GET {base-url}/models, the Flux model ids in the code, and what still uses OpenAI')
    .argument('[paths...]', 'files and folders to check (default: the current folder)')
    .option('--json', 'print the checks as one JSON object on stdout')
    .option('--base-url <url>', 'Flux base URL', 'https://api.fluxrouter.ai/v1')
    .option('--key-env <name>', 'environment variable that holds the Flux key', 'FLUX_API_KEY')
    .action(async (paths: string[], flags) => {
      const { doctor } = await import('./doctor.js');
      process.exitCode = await doctor(paths, flags, io);
    });
  return cmd;
}

export async function main(argv = process.argv): Promise<void> {
  // `--version` alone needs no command-line parser (start-up time, issue 6).
  if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) return io.out(`${version}\n`);
  try {
    await program().parseAsync(argv);
  } catch (error) {
    if (error instanceof UserError) {
      io.err(`flux-migrate: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    io.err(`flux-migrate: internal error: ${(error as Error)?.stack ?? error}\nPlease report this with the command you ran.\n`);
    process.exitCode = 2;
  }
}
