#!/usr/bin/env node
// The benchmark of issue 6: flux-migrate against ripgrep (the floor: every byte read once) and
// jscodeshift running our own transform, on synthetic monorepos from bench/generate.mjs.
//   npm run bench                      (builds first; trees go to .bench-tmp/, which is gitignored)
//   node bench/compare.mjs [--runs 5] [--quick] [--no-jscodeshift] [--no-scaling] [--keep]
// Runs alternate between tools, after one warm-up run each; medians are reported. Peak RSS comes
// from /usr/bin/time -v when present, else from a node wrapper (bench/rss.mjs, node tools only).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TMP = join(ROOT, '.bench-tmp');
const CLI = join(ROOT, 'bin', 'flux-migrate.js');
const JSCODESHIFT = join(ROOT, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');
const TRANSFORM = join(ROOT, 'transforms', 'openai-to-flux.js');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const value = (name, def) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : def);
const RUNS = value('runs', 5);
const QUICK = flag('quick');
const SPARSE = QUICK ? 5000 : 20000;
const DENSE = QUICK ? 500 : 2000;
const SCALE = QUICK ? [1000, 2000, 4000] : [5000, 10000, 20000, 40000];

function haveRg() {
  return spawnSync('rg', ['--version'], { stdio: 'ignore' }).status === 0;
}

// One run of a command: wall time, CPU time and peak RSS.
function measure(cmd, argv, cwd) {
  const stats = join(TMP, 'time.txt');
  let full = [cmd, ...argv];
  if (TIME) full = [TIME, '-f', '%e %U %S %M', '-o', stats, ...full];
  else if (cmd === process.execPath) full = [process.execPath, join(ROOT, 'bench', 'rss.mjs'), stats, ...argv];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(full[0], full.slice(1), { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  let cpu = NaN, rss = NaN;
  if (existsSync(stats)) {
    const [, user, sys, kb] = readFileSync(stats, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    cpu = (user + sys) * 1000;
    rss = kb / 1024;
    rmSync(stats);
  }
  return { wall, cpu, rss, status: r.status, stderr: r.stderr?.toString() ?? '' };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Alternating runs of several tools on one tree, after a warm-up run of each.
function race(tools, cwd, runs) {
  const samples = new Map(tools.map((t) => [t.name, []]));
  for (const t of tools) {
    if (t.once) continue; // too slow to run twice: measured cold, once
    const r = measure(t.cmd, t.argv, cwd);
    if (t.check) t.check(r);
  }
  for (let i = 0; i < runs; i++) {
    for (const t of tools) {
      if (t.once && samples.get(t.name).length) continue;
      samples.get(t.name).push(measure(t.cmd, t.argv, cwd));
    }
  }
  const out = {};
  for (const [name, xs] of samples) {
    out[name] = { wall: median(xs.map((x) => x.wall)), cpu: median(xs.map((x) => x.cpu)), rss: Math.max(...xs.map((x) => x.rss)), runs: xs.length };
  }
  return out;
}

function tree(name, files, density) {
  const out = join(TMP, name);
  const stamp = join(out, '.bench-stamp');
  const want = JSON.stringify({ files, density, v: 4 });
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== want) {
    const s = generate({ out, files, density });
    writeFileSync(stamp, want);
    log(`  generated ${name}: ${s.files} files (${s.openai} use OpenAI), ${s.ignoredFiles} ignored, ${(s.bytes / 1e6).toFixed(0)} MB`);
  }
  return out;
}

const flux = { name: 'flux-migrate', cmd: process.execPath, argv: [CLI, '--dry-run', '--yes', '.'], check: (r) => {
  if (r.status !== 0) throw new Error(`flux-migrate exited ${r.status}:\n${r.stderr.slice(-2000)}`);
} };
const rg = { name: 'ripgrep', cmd: 'rg', argv: ['-l', '-e', 'openai', '-e', 'gpt-'] };
// What any single-threaded Node program pays on the tree: walk, read, one regex (bench/floor.mjs).
const floor = { name: 'node floor', cmd: process.execPath, argv: [join(ROOT, 'bench', 'floor.mjs'), '.'] };
// The same files flux-migrate reads: the root .gitignore (node_modules, dist, build) and the
// nested ones (generated/, *.local.ts). Python files are not jscodeshift's.
const jscodeshift = (once) => ({
  name: 'jscodeshift', once, cmd: process.execPath,
  argv: [JSCODESHIFT, '-t', TRANSFORM, '--cpus=2', '--dry', '--silent', '--extensions=ts,tsx,js,mjs,cjs', '--parser=tsx', '--gitignore', '--ignore-pattern=**/generated/**', '--ignore-pattern=*.local.ts', '.'],
});

// The ignored folders are full of OpenAI code: none of it may be reported.
function checkIgnored(dir) {
  const r = spawnSync(process.execPath, [CLI, '--json', '--dry-run', '--yes', '.'], { cwd: dir, maxBuffer: 1 << 28 });
  const report = JSON.parse(r.stdout.toString());
  const leaked = report.files.map((f) => f.path).filter((p) => /(^|\/)(node_modules|dist|build|generated)\/|\.local\.ts$/.test(p));
  if (leaked.length) throw new Error(`flux-migrate reported files in ignored folders: ${leaked.slice(0, 5).join(', ')}`);
  log(`  ignored folders skipped: ${report.summary.scanned} files scanned, ${report.files.length} reported, none ignored`);
}

const lines = [];
const log = (s) => console.log(s);
const ms = (x) => (Number.isFinite(x) ? `${x >= 10000 ? (x / 1000).toFixed(1) + ' s' : Math.round(x) + ' ms'}` : 'n/a');
const mb = (x) => (Number.isFinite(x) ? `${Math.round(x)} MB` : 'n/a');
const row = (...cells) => lines.push(`| ${cells.join(' | ')} |`);

function machine() {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  let model = cpu;
  try {
    model = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpu;
  } catch {}
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return `${cpus().length} CPUs (${model}), ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}, load average at start ${load}`;
}

async function main() {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    console.error('bench: dist/ is missing: run `npm run build` first (npm run bench does).');
    process.exit(2);
  }
  mkdirSync(TMP, { recursive: true });
  const hasRg = haveRg();
  const jsc = !flag('no-jscodeshift') && existsSync(JSCODESHIFT);
  const host = machine();
  log(`flux-migrate benchmark on ${host}`);
  log(`runs: ${RUNS} per tool after a warm-up, alternating; medians of wall time; RSS is the peak over all runs (${TIME ? '/usr/bin/time' : 'node wrapper'}).`);
  if (!hasRg) log('ripgrep (rg) is not installed: its comparisons are skipped. Install it with `apt-get install ripgrep` (Debian/Ubuntu) or `brew install ripgrep`.');
  if (!jsc) log(flag('no-jscodeshift') ? 'jscodeshift runs are skipped (--no-jscodeshift).' : 'jscodeshift is not installed (a devDependency: run `npm ci`): its comparisons are skipped.');
  const results = [];
  const target = (name, measured, goal, ok) => {
    results.push({ name, measured, goal, ok });
  };

  // 1. Sparse monorepo.
  log(`\n[sparse] ${SPARSE} files, 1% OpenAI`);
  const sparse = tree(`sparse-${SPARSE}`, SPARSE, 0.01);
  const sp = race([flux, ...(hasRg ? [rg] : []), floor], sparse, RUNS);
  if (jsc) Object.assign(sp, race([jscodeshift(true)], sparse, 1));
  checkIgnored(sparse);
  for (const [k, v] of Object.entries(sp)) log(`  ${k.padEnd(13)} ${ms(v.wall).padStart(8)} wall  ${ms(v.cpu).padStart(8)} cpu  ${mb(v.rss).padStart(7)}  (${v.runs} run${v.runs > 1 ? 's' : ''})`);
  if (hasRg) target(`sparse ${SPARSE / 1000}k: time / rg`, `${(sp['flux-migrate'].wall / sp.ripgrep.wall).toFixed(1)}x (${ms(sp['flux-migrate'].wall)} vs ${ms(sp.ripgrep.wall)}; CPU ${ms(sp['flux-migrate'].cpu)} vs ${ms(sp.ripgrep.cpu)})`, '<= 2x', sp['flux-migrate'].wall <= 2 * sp.ripgrep.wall);
  const overFloor = `${(sp['flux-migrate'].wall / sp['node floor'].wall).toFixed(1)}x the Node floor (${ms(sp['node floor'].wall)}${hasRg ? `, itself ${(sp['node floor'].wall / sp.ripgrep.wall).toFixed(1)}x rg` : ''})`;
  target(`sparse ${SPARSE / 1000}k: time / Node floor (for information)`, overFloor, '-', true);
  if (jsc) target(`sparse ${SPARSE / 1000}k: jscodeshift / time`, `${(sp.jscodeshift.wall / sp['flux-migrate'].wall).toFixed(1)}x faster (${ms(sp.jscodeshift.wall)}, 1 run)`, '>= 20x', sp.jscodeshift.wall >= 20 * sp['flux-migrate'].wall);
  target(`sparse ${SPARSE / 1000}k: peak RSS`, mb(sp['flux-migrate'].rss), '< 300 MB', !(sp['flux-migrate'].rss >= 300));

  // 2. Dense tree.
  log(`\n[dense] ${DENSE} files, all OpenAI`);
  const dense = tree(`dense-${DENSE}`, DENSE, 1);
  const de = race([flux, ...(jsc ? [jscodeshift(false)] : [])], dense, jsc ? Math.min(RUNS, 3) : RUNS);
  for (const [k, v] of Object.entries(de)) log(`  ${k.padEnd(13)} ${ms(v.wall).padStart(8)} wall  ${ms(v.cpu).padStart(8)} cpu  ${mb(v.rss).padStart(7)}  (${v.runs} runs)`);
  if (jsc) target(`dense ${DENSE / 1000}k: jscodeshift / time`, `${(de.jscodeshift.wall / de['flux-migrate'].wall).toFixed(1)}x (${ms(de['flux-migrate'].wall)} vs ${ms(de.jscodeshift.wall)}; CPU ${ms(de['flux-migrate'].cpu)} vs ${ms(de.jscodeshift.cpu)})`, '>= 10x', de.jscodeshift.wall >= 10 * de['flux-migrate'].wall);

  // 3. Small project and start-up.
  log('\n[start-up]');
  const small = tree('small-10', 10, 0.3);
  const st = race([
    flux,
    { name: '--help', cmd: process.execPath, argv: [CLI, '--help'] },
    { name: '--version', cmd: process.execPath, argv: [CLI, '--version'] },
    { name: 'node -e 0', cmd: process.execPath, argv: ['-e', '0'] },
  ], small, Math.max(RUNS, 7));
  for (const [k, v] of Object.entries(st)) log(`  ${(k === 'flux-migrate' ? '10 files' : k).padEnd(13)} ${ms(v.wall).padStart(8)} wall  ${ms(v.cpu).padStart(8)} cpu  ${mb(v.rss).padStart(7)}`);
  target('10-file project', ms(st['flux-migrate'].wall), '< 500 ms', st['flux-migrate'].wall < 500);
  target('--help', `${ms(st['--help'].wall)} (node alone: ${ms(st['node -e 0'].wall)})`, '< 150 ms', st['--help'].wall < 150);
  target('--version', ms(st['--version'].wall), '< 150 ms', st['--version'].wall < 150);

  // 4. Linear growth.
  if (!flag('no-scaling')) {
    log('\n[scaling] 1% OpenAI');
    const points = [];
    for (const n of SCALE) {
      const dir = tree(`sparse-${n}`, n, 0.01);
      const r = race([flux], dir, Math.min(RUNS, 3))['flux-migrate'];
      points.push({ n, ...r });
      log(`  ${String(n).padStart(6)} files ${ms(r.wall).padStart(8)} wall  ${(r.wall / (n / 1000)).toFixed(1).padStart(6)} ms per 1k files  ${mb(r.rss).padStart(7)}`);
    }
    // Linear: the per-file cost of the largest tree is within 1.5x that of the smallest (the
    // fixed start-up cost makes small trees look dearer per file, never cheaper).
    const first = points[0], last = points[points.length - 1];
    const perFirst = first.wall / first.n, perLast = last.wall / last.n;
    // Least squares: wall = fixed + perK * (files / 1000).
    const xs = points.map((p) => p.n / 1000), ys = points.map((p) => p.wall);
    const mx = xs.reduce((a, b) => a + b) / xs.length, my = ys.reduce((a, b) => a + b) / ys.length;
    const perK = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
    const fixed = my - perK * mx;
    const r2 = 1 - ys.reduce((a, y, i) => a + (y - (fixed + perK * xs[i])) ** 2, 0) / ys.reduce((a, y) => a + (y - my) ** 2, 0);
    target(`linear growth ${SCALE.map((n) => n / 1000 + 'k').join('/')}`, points.map((p) => ms(p.wall)).join(' / ') + ` (fit: ${ms(fixed)} + ${perK.toFixed(0)} ms per 1k files, R² ${r2.toFixed(2)}; per-file cost ${(perLast / perFirst).toFixed(2)}x largest vs smallest)`, 'per-file cost does not grow (<= 1.5x)', perLast <= 1.5 * perFirst);
    target(`peak RSS, ${last.n / 1000}k files (for information)`, mb(last.rss), '-', true);
  }

  // The table (also in .bench-tmp/results.md, for the README).
  lines.push(`Machine: ${host}.`, '');
  row('target', 'goal', 'measured', 'met');
  row('---', '---', '---', '---');
  for (const r of results) row(r.name, r.goal, r.measured, r.goal === '-' ? '-' : r.ok ? 'yes' : '**no**');
  const md = lines.join('\n') + '\n';
  writeFileSync(join(TMP, 'results.md'), md);
  log('\n' + md);
  const missed = results.filter((r) => !r.ok);
  log(missed.length ? `${missed.length} target(s) not met: ${missed.map((r) => r.name).join('; ')} (see README, Performance).` : 'All targets met.');
  if (!flag('keep')) for (const n of SCALE) if (n !== SPARSE) rmSync(join(TMP, `sparse-${n}`), { recursive: true, force: true });
}

await main();
