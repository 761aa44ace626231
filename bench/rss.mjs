#!/usr/bin/env node
// Fallback for machines without /usr/bin/time: runs a node script in this process and writes
// "<elapsed s> <user s> <sys s> <max RSS KB>" (the format of `time -f '%e %U %S %M'`) to a file.
//   node bench/rss.mjs <stats-file> <script.js | -e code> [args...]
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [stats, script, ...rest] = process.argv.slice(2);
const t0 = performance.now();
process.on('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(stats, `${((performance.now() - t0) / 1000).toFixed(3)} ${(u.userCPUTime / 1e6).toFixed(3)} ${(u.systemCPUTime / 1e6).toFixed(3)} ${u.maxRSS}\n`);
});
if (script === '-e') {
  (0, eval)(rest[0]);
} else {
  process.argv = [process.argv[0], resolve(script), ...rest];
  await import(pathToFileURL(resolve(script)).href);
}
