// What a Python file imports, read from its text without parsing it: the modules of `import a.b`
// and `from .x import y` (and `.x.y`, which may be a submodule). Enough to find, among the files
// the prefilter skipped, those that import a module making a client (they may pass it along);
// the scan resolves them against the run's files exactly (src/scan/python/project.ts).

const IMPORT = /^[ \t]*(?:from[ \t]+([.\w]+)[ \t]+import[ \t]+\(?([\w \t,*]+)|import[ \t]+([\w. \t,]+))/gm;

/** The modules a file imports, once each. */
export function pythonImports(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(IMPORT)) {
    if (m[1]) {
      found.add(m[1]);
      for (const name of m[2].split(',')) {
        const n = name.trim().split(/\s+/)[0];
        if (n && n !== '*') found.add(m[1].endsWith('.') ? m[1] + n : `${m[1]}.${n}`);
      }
    } else {
      for (const part of m[3].split(',')) {
        const n = part.trim().split(/\s+/)[0];
        if (n) found.add(n);
      }
    }
  }
  // Copies, not slices: V8 keeps a whole file's text alive behind a substring of it.
  return [...found].map((s) => (' ' + s).slice(1));
}
