// What a file imports, read from its text (src/scan/js/specifiers.ts): the cross-file scan finds
// callers and groups files with it, so a specifier it misses is a link the scan cannot see.
import { describe, expect, it } from 'vitest';
import { importSpecifiers, moduleKey, specifierKey } from '../src/scan/js/specifiers.js';

describe('import specifiers', () => {
  it('reads import, export-from, require, dynamic import, and backquoted specifiers', () => {
    const text = [
      'import OpenAI from "openai";',
      "import { ask } from './lib/ask.js';",
      'export * from "./reexported";',
      "export { a as b } from '../x/index';",
      'const c = require("./client");',
      'const d = require(`./tpl`);',
      'const e = await import("./lazy");',
      'import f = require("./ts-style");',
      'const g = require(`./${name}`);', // computed: no module
      'const h = "from nowhere";',
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['openai', './lib/ask.js', './reexported', '../x/index', './client', './tpl', './lazy', './ts-style']);
  });

  it('matches a specifier to the file it names by key', () => {
    expect(specifierKey('./lib/ask.js')).toBe(moduleKey('/p/lib/ask.ts'));
    expect(specifierKey('../lib')).toBe(moduleKey('/p/lib/index.ts'));
    expect(specifierKey('./lib/index.mjs')).toBe(moduleKey('/p/lib/index.ts'));
    expect(specifierKey('@/lib/openai')).toBe(moduleKey('/p/src/lib/openai.tsx'));
  });
});
