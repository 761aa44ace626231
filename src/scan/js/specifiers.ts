// What a JS/TS file imports, read from its text without parsing it (import and export `from`,
// `require(...)`, `import(...)`), and the key that matches a specifier to the files it may name
// (`./lib/ask.js` and `lib/ask.ts` share the key `ask`): enough to find the files that may import
// a module without parsing them; src/scan/js/imports.ts resolves the candidates exactly.

const SPECIFIER = /(?:\bfrom|\brequire\s*\(|\bimport\s*\()\s*(['"`])([^'"`$]+)\1/g;

// `./lib/ask.js` -> `ask`; `./lib` (an index file) -> `lib`.
export function specifierKey(specifier: string): string {
  const last = specifier.replace(/\/+$/, '').split('/').pop() ?? '';
  const base = last.replace(/\.(m|c)?[jt]sx?$/, '');
  return base === 'index' ? specifier.split('/').slice(-2, -1)[0] ?? base : base;
}

/** The module specifiers a file imports or requires, once each. */
export function importSpecifiers(text: string): string[] {
  const found = new Set<string>();
  // A copy, not a slice: V8 keeps a whole file's text alive behind a substring of it.
  for (const m of text.matchAll(SPECIFIER)) found.add((' ' + m[2]).slice(1));
  return [...found];
}

/** The key under which importers of the module at `path` are indexed. */
export function moduleKey(path: string): string {
  const file = path.split(/[\\/]/);
  const base = file[file.length - 1].replace(/\.[^.]+$/, '');
  return base === 'index' ? file[file.length - 2] ?? base : base;
}
