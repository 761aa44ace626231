// What a newcomer meets in the first hour (issue 17), through the built CLI: the defaults a run
// takes without prompts are said; prompts on stderr when only stdout is piped; warnings grouped,
// counted by code, wrapped at the terminal's width, and hidden by --quiet; the progress line at a
// terminal only; FORCE_COLOR and --color; `flux-migrate help`. Where a terminal matters, a real
// pseudo-terminal (node-pty); elsewhere a pipe.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, removeDir, runCli, tempDir } from './helpers/cli.js';
import { KEY, Terminal, killTerminals, strip } from './helpers/pty.js';

const base = tempDir('flux-first-hour-');
afterAll(() => removeDir(base));
afterEach(() => killTerminals());

let n = 0;
/** A copy of fixtures/projects/prompt-app: gpt-4o twice, o3-mini once. */
function app(): string {
  const dir = join(base, `app${n++}`);
  cpSync(join(ROOT, 'fixtures', 'projects', 'prompt-app'), dir, { recursive: true });
  return dir;
}

const NO_CI = { CI: undefined };

describe('defaults taken without prompts', () => {
  it('says which model each id got and the --map line that changes it; --yes, --model and --map silence it', () => {
    const dir = app();
    const piped = runCli(['--dry-run', '.'], { cwd: dir, env: NO_CI });
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stderr).toContain('flux-migrate: no prompt (stdin is not a terminal), so the default model choices were taken: gpt-4o -> flux-auto (2 times), o3-mini -> flux-auto (once).');
    expect(piped.stderr).toContain('To choose others, edit and pass: --map gpt-4o=flux-auto --map o3-mini=flux-auto  (flux-migrate models lists the Flux ids; --yes hides this notice)');
    const ci = runCli(['--check', '.'], { cwd: dir });
    expect(ci.stderr).toContain('no prompt (CI is set)');
    for (const args of [['--yes'], ['--model', 'tiers'], ['--map', 'gpt-4o=flux-fast', '--map', 'o3-mini=keep']]) {
      const r = runCli(['--dry-run', ...args, '.'], { cwd: dir });
      expect(r.stderr, args.join(' ')).not.toContain('default model choices');
    }
    const partly = runCli(['--dry-run', '--map', 'gpt-4o=flux-fast', '.'], { cwd: dir });
    expect(partly.stderr).toContain('the default model choices were taken: o3-mini -> flux-auto (once).');
  });

  it('asks on stderr when stdin is a terminal and only stdout is piped; the diff goes to the pipe', async () => {
    const dir = app();
    const out = join(base, `piped-${n}.diff`);
    const t = new Terminal(dir, ['-c', `"${process.execPath}" "${BIN}" --dry-run . > "${out}"`], {}, { command: 'bash' });
    await t.waitFor('Flux model for gpt-4o');
    t.type(KEY.down, KEY.enter); // the suggested tier
    await t.waitFor('Flux model for o3-mini');
    t.type(KEY.enter);
    expect(await t.done()).toBe(0);
    expect(t.screen).toContain('--map gpt-4o=flux-standard --map o3-mini=flux-auto');
    expect(t.screen).not.toContain('diff --git');
    const diff = readFileSync(out, 'utf8');
    expect(diff).toContain('diff --git a/src/chat.ts b/src/chat.ts');
    expect(diff).toContain('+    model: "flux-standard",');
  });
});

describe('warnings a reader can take in', () => {
  function noisy(): string {
    const dir = join(base, `noisy${n++}`);
    cpSync(join(ROOT, 'fixtures', 'projects', 'prompt-app'), dir, { recursive: true });
    // The same hint in four places, and a client left on OpenAI (two more codes).
    const hint = 'export const MODELS = ["gpt-4o", "o3-mini"];\n';
    for (const f of ['a', 'b', 'c', 'd']) writeFileSync(join(dir, 'src', `${f}.ts`), hint);
    writeFileSync(join(dir, 'src', 'embed.ts'), 'import OpenAI from "openai";\nconst c = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nexport const e = () => c.embeddings.create({ model: "text-embedding-3-small", input: "the quick brown fox jumps over the lazy dog" });\n');
    return dir;
  }

  it('groups the same warning over several places, and counts the warnings by code', () => {
    const r = runCli(['--dry-run', '--yes', '.'], { cwd: noisy() });
    expect(r.code, r.stderr).toBe(0);
    const hints = r.stderr.split('\n').filter((l) => l.includes('  model-hint  '));
    expect(hints).toHaveLength(1);
    expect(hints[0]).toMatch(/^ {2}src\/a\.ts:1 \(and 3 more places: src\/b\.ts:1, src\/c\.ts:1, src\/d\.ts:1\) {2}model-hint {2}/);
    expect(r.stderr).toMatch(/flux-migrate: \d+ files scanned, 2 files would change/);
    expect(r.stderr).toMatch(/\n {2}warnings by code: model-hint: 4, unsupported-endpoint: \d+\n/);
  });

  it('wraps long warnings at the terminal width, at a word, indented under their start', async () => {
    const t = new Terminal(noisy(), ['--dry-run', '--yes', '.'], {}, { cols: 80 });
    expect(await t.done()).toBe(0);
    const screen = t.screen;
    const warnings = screen.slice(screen.indexOf('Warnings:'), screen.search(/flux-migrate: \d+ files scanned/));
    const lines = warnings.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    // A continuation line starts with the indent, then a whole word: nothing was cut mid-word.
    const continued = lines.filter((l) => /^ {6}\S/.test(l));
    expect(continued.length).toBeGreaterThan(0);
    const joined = warnings.replace(/\n {6}/g, ' ');
    expect(joined).toContain('unsupported-endpoint  OpenAI client left on OpenAI: it only calls embeddings, which Flux does not serve');
  });

  it('--quiet prints errors and the summary only', () => {
    const dir = noisy();
    writeFileSync(join(dir, 'src', 'broken.ts'), 'import OpenAI from "openai";\nconst = ;\n');
    const r = runCli(['--dry-run', '--yes', '--quiet', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('diff --git');
    expect(r.stderr).not.toContain('Warnings:');
    expect(r.stderr).not.toContain('Next steps');
    expect(r.stderr).toContain('Errors:\n  src/broken.ts: error does not parse');
    expect(r.stderr).toMatch(/flux-migrate: \d+ files scanned, 2 files would change \(\d+ edits\), \d+ warnings, 1 error\.\n {2}warnings by code: /);
  });
});

describe('the progress line', () => {
  it('shows on stderr at a terminal, then is erased; never when stderr is piped', async () => {
    const env = { FLUX_MIGRATE_PROGRESS_AFTER_MS: '0' }; // test hook: show it at once, not after a second
    const t = new Terminal(app(), ['--dry-run', '--yes', '.'], env);
    expect(await t.done()).toBe(0);
    expect(t.bytes).toMatch(/\r\u001b\[K flux-migrate: (reading|scanning) \d/);
    expect(t.bytes).toContain('\r\u001b[K'); // erased before the report
    const piped = runCli(['--dry-run', '--yes', '.'], { cwd: app(), env: { ...env, ...NO_CI } });
    expect(piped.stderr).not.toContain('flux-migrate: reading');
    expect(piped.stderr).not.toContain('\u001b[K');
  });
});

describe('conventions', () => {
  it('FORCE_COLOR and --color color a piped diff; NO_COLOR and --no-color win', () => {
    const dir = app();
    const colored = (r: { stdout: string }) => /\u001b\[\d+m/.test(r.stdout);
    expect(colored(runCli(['--dry-run', '--yes', '.'], { cwd: dir }))).toBe(false);
    expect(colored(runCli(['--dry-run', '--yes', '.'], { cwd: dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }))).toBe(true);
    expect(colored(runCli(['--dry-run', '--yes', '.'], { cwd: dir, env: { NO_COLOR: undefined, FORCE_COLOR: '0' } }))).toBe(false);
    expect(colored(runCli(['--dry-run', '--yes', '--color', '.'], { cwd: dir }))).toBe(true);
    expect(colored(runCli(['--dry-run', '--yes', '--no-color', '.'], { cwd: dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }))).toBe(false);
    const plain = runCli(['--dry-run', '--yes', '--color', '.'], { cwd: dir });
    expect(strip(plain.stdout)).toBe(runCli(['--dry-run', '--yes', '.'], { cwd: dir }).stdout);
  });

  it('`flux-migrate help` and `help <command>` print help (exit 0); a folder named help is ./help', () => {
    const dir = join(base, 'helpdir');
    const help = runCli(['help'], { cwd: ROOT });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: flux-migrate [options] [command] [paths...]');
    const models = runCli(['help', 'models'], { cwd: ROOT });
    expect(models.code).toBe(0);
    expect(models.stdout).toContain('Usage: flux-migrate models [options]');
    cpSync(join(ROOT, 'fixtures', 'projects', 'prompt-app'), join(dir, 'help'), { recursive: true });
    const folder = runCli(['--dry-run', '--yes', './help'], { cwd: dir });
    expect(folder.stdout).toContain('diff --git a/help/src/chat.ts');
  });

  it('ships a LICENSE that says MIT, as package.json does', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).license).toBe('MIT');
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });
});
