// Splits the JS/TS candidates of a run into groups that the cross-file scan can take apart:
// files linked by imports (a file, what it imports, what imports it, and on: the files a scan of
// it may follow values or callers into) share a group. Each group can then be scanned on its own,
// freeing its syntax trees when done, and in parallel. Whatever a group's scan still reaches
// beyond it is checked afterwards (src/scan/js/index.ts): overlapping groups are scanned again
// together.
import type { SourceFile } from '../index.js';
import type { ImportGraph } from './imports.js';
import { routeUrl } from './routes.js';

// Run-wide settings: the Agents SDK's defaults (setDefaultOpenAIKey, setDefaultModelProvider)
// apply to agents defined in any file, so every file that uses it is scanned together.
const RUN_WIDE = /@openai\/agents/;
// Following imports through this many files the prefilter skipped costs more than it can save
// (a codebase whose files all import one another): past it, all candidates are one group.
const MAX_FOLLOWED = 20_000;

/** Groups of candidate files, largest first; `graph` knows what they and the skipped files import. */
export function groupFiles(files: SourceFile[], graph: ImportGraph): SourceFile[][] {
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
  const queue = files.map((f) => f.path);
  const seen = new Set(queue);
  while (queue.length) {
    if (seen.size - files.length > MAX_FOLLOWED) return [files];
    const file = queue.pop()!;
    // Aliases (`@/lib/x`) link by name, unresolved: resolving them would load the TypeScript
    // compiler, and over-linking costs only a larger group.
    for (const next of [...graph.imported(file, true), ...graph.importers(file, true)]) {
      union(file, next);
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  // Browser code calling the app's own API routes (`fetch("/api/chat", ...)`) is scanned with the
  // route that forwards its body to a client (src/scan/js/routes.ts).
  const routes = files.map((f) => ({ f, url: routeUrl(f.path) })).filter((r) => r.url);
  for (const { f, url } of routes) {
    for (const other of files) if (other !== f && ["'", '"', '`'].some((q) => other.text.includes(q + url + q))) union(f.path, other.path);
  }
  let runWide: string | undefined;
  for (const f of files) {
    if (!RUN_WIDE.test(f.text)) continue;
    if (runWide === undefined) runWide = f.path;
    else union(runWide, f.path);
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
