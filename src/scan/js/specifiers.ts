// A cheap text index of what a JS/TS file imports, by the last name in each specifier: enough to
// find the files that may import a module (and call its functions) without parsing them.

const SPECIFIER = /(?:\bfrom|\brequire\s*\(|\bimport\s*\()\s*['"]([^'"]+)['"]/g;

// `./lib/ask.js` -> `ask`; `./lib` (an index file) -> `lib`.
function specifierKey(specifier: string): string {
  const last = specifier.replace(/\/+$/, '').split('/').pop() ?? '';
  const base = last.replace(/\.(m|c)?[jt]sx?$/, '');
  return base === 'index' ? specifier.split('/').slice(-2, -1)[0] ?? base : base;
}

/** The keys of the modules a file imports or requires. */
export function importKeys(text: string): string[] {
  const keys = new Set<string>();
  for (const m of text.matchAll(SPECIFIER)) keys.add(specifierKey(m[1]));
  return [...keys];
}

/** The key under which importers of the module at `path` are indexed. */
export function moduleKey(path: string): string {
  const file = path.split(/[\\/]/);
  const base = file[file.length - 1].replace(/\.[^.]+$/, '');
  return base === 'index' ? file[file.length - 2] ?? base : base;
}

/** Adds a file's import keys to an index of importers by key. */
export function indexImports(index: Map<string, string[]>, file: string, keys: string[]): void {
  for (const key of keys) {
    const files = index.get(key);
    if (files) files.push(file);
    else index.set(key, [file]);
  }
}
