#!/usr/bin/env node
// Summarises a .cpuprofile (from `node --cpu-prof`): self time per function and per file.
//   node bench/profile-summary.mjs <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';

const [file, top = '25'] = process.argv.slice(2);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) {
  const n = byId.get(prof.samples[i]);
  self.set(n, (self.get(n) ?? 0) + (dt[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const group = (key) => {
  const m = new Map();
  for (const [n, t] of self) m.set(key(n), (m.get(key(n)) ?? 0) + t);
  return [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(top));
};
const short = (u) => u.replace(/^file:\/\//, '').replace(/.*node_modules\//, 'nm/').replace(/.*\/(dist|src)\//, '$1/');
const fmt = ([k, t]) => `${(t / 1000).toFixed(0).padStart(7)} ms ${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`;
console.log(`total ${(total / 1000).toFixed(0)} ms\n-- by function (self)`);
for (const row of group((n) => `${n.callFrame.functionName || '(anonymous)'}  ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`)) console.log(fmt(row));
console.log('-- by file (self)');
for (const row of group((n) => short(n.callFrame.url) || n.callFrame.functionName)) console.log(fmt(row));
