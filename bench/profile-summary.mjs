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

// Inclusive time of the pipeline's phases (a function's own time plus its callees'), by name.
const parents = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parents.set(c, n.id);
const inclusive = new Map();
for (const [n, t] of self) {
  const seen = new Set();
  for (let id = n.id; id !== undefined; id = parents.get(id)) {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName}  ${short(f.url)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + t);
  }
}
const PHASES = /^(discover|readAll|scanBatch|scanOne|scanJsFiles|scanPython|importersOf|callersOf|parseJs|parsePython|indexFile|syncEnvFiles|diffs|summary|jsonReport|migrate|main) /;
console.log('-- phases (inclusive)');
for (const row of [...inclusive].filter(([k]) => PHASES.test(k)).sort((a, b) => b[1] - a[1])) console.log(fmt(row));
