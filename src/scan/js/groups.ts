// Splits the JS/TS candidates of a run into groups that the cross-file scan can take apart:
// files that may import one another (by the specifier keys of src/scan/js/specifiers.ts, the
// same over-approximation the scan uses to look for callers) share a group, so a value is never
// followed out of its group. Each group can then be scanned on its own (freeing its syntax trees
// when done) and in parallel (src/scan/js/parallel.ts). Whatever a group's scan still reaches
// beyond it is checked afterwards: overlapping groups are scanned again together.
import { extname } from 'node:path';
import type { SourceFile } from '../index.js';
import { importKeys, moduleKey } from './specifiers.js';

const JS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
// Run-wide settings: the Agents SDK's defaults (setDefaultOpenAIKey, setDefaultModelProvider)
// apply to agents defined in any file, so every file that uses it is scanned together.
const RUN_WIDE = /@openai\/agents/;

/**
 * Groups of candidate files, largest first. `importers` holds the import keys of the files the
 * prefilter skipped (by key: the files that import it), as the read pass collected them.
 */
export function groupFiles(files: SourceFile[], known: Set<string>, importers: Map<string, string[]> = new Map()): SourceFile[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.has(root)) root = parent.get(root)!;
    for (let y = x; y !== root; ) {
      const next = parent.get(y)!;
      parent.set(y, root);
      y = next;
    }
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a), rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  // A key links the files it names (by module key) with the files that import it; a key that
  // names no file of the run (`openai`, `react`) links nothing.
  const byKey = new Map<string, string>();
  for (const file of known) {
    if (!JS.has(extname(file))) continue;
    const key = moduleKey(file);
    const first = byKey.get(key);
    if (first === undefined) byKey.set(key, file);
    else union(first, file);
  }
  const link = (key: string, file: string) => {
    const named = byKey.get(key);
    if (named !== undefined) union(named, file);
  };
  for (const [key, list] of importers) for (const file of list) link(key, file);
  let runWide: string | undefined;
  for (const f of files) {
    for (const key of importKeys(f.text)) link(key, f.path);
    if (RUN_WIDE.test(f.text)) {
      if (runWide === undefined) runWide = f.path;
      else union(runWide, f.path);
    }
  }
  const groups = new Map<string, { files: SourceFile[]; bytes: number }>();
  for (const f of files) {
    const root = find(f.path);
    const g = groups.get(root) ?? { files: [], bytes: 0 };
    g.files.push(f);
    g.bytes += f.text.length;
    groups.set(root, g);
  }
  return [...groups.values()].sort((a, b) => b.bytes - a.bytes).map((g) => g.files);
}

/**
 * Packs groups (largest first) into units of work of at least `bytes` of code: small groups
 * together, a large group on its own. Files of different groups scanned together give what they
 * give apart; fewer, larger units cost less to hand to a worker.
 */
export function packGroups(groups: SourceFile[][], bytes: number): SourceFile[][] {
  const units: SourceFile[][] = [];
  let unit: SourceFile[] = [];
  let size = 0;
  for (const group of groups) {
    unit.push(...group);
    size += group.reduce((n, f) => n + f.text.length, 0);
    if (size >= bytes) {
      units.push(unit);
      unit = [];
      size = 0;
    }
  }
  if (unit.length) units.push(unit);
  return units;
}
