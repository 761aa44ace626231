#!/usr/bin/env node
// The floor for any Node program on the sparse tree: walk it (pruning the ignored folders by name,
// without reading a .gitignore), read every file once and test it against the prefilter's words,
// on one thread, and print the files that match. No parsing, no analysis, no report. Whatever
// flux-migrate costs above this is its own work; what this costs above ripgrep is Node's.
//   node bench/floor.mjs <dir>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const PRUNE = new Set(['node_modules', 'dist', 'build', 'generated', '.git', '.cache-local']);
const WORDS = /openai|gpt-/;
let hits = 0;
function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!PRUNE.has(e.name)) walk(join(dir, e.name));
    } else if (e.isFile() && !e.name.endsWith('.local.ts') && WORDS.test(readFileSync(join(dir, e.name), 'latin1'))) {
      hits++;
    }
  }
}
walk(process.argv[2] ?? '.');
console.log(hits);
