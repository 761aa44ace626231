// JSON files that code imports (`import models from "./models.json"`, `require("./models.json")`),
// read as modules whose default export is the document: a model id in a JSON config that feeds
// a client or a provider registry is edited in the JSON file, as a constant in a JS module would
// be. Only JSON under the paths the run was given is followed (never node_modules), as for code.
import type { parseExpression as ParseExpression } from '@babel/parser';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sep } from 'node:path';
import type { Node } from './scope.js';

const { parseExpression } = createRequire(import.meta.url)('@babel/parser') as { parseExpression: typeof ParseExpression };

export function isJson(path: string): boolean {
  return path.endsWith('.json');
}

/** Whether a JSON file a module imports is followed: it exists, under one of the run's roots, outside node_modules. */
export function followsJson(path: string, roots: string[] | undefined): boolean {
  if (!roots?.length || !isJson(path) || path.split(sep).includes('node_modules')) return false;
  return roots.some((r) => path === r || path.startsWith(r.endsWith(sep) ? r : r + sep)) && existsSync(path);
}

/** A JSON document as a program that default-exports it (so imports of it resolve like any module's). */
export function jsonProgram(text: string): Node {
  const doc = parseExpression(text, { sourceType: 'module' }) as unknown as Node;
  if (doc.type !== 'ObjectExpression' && doc.type !== 'ArrayExpression') throw new Error('does not parse: not a JSON object or array');
  const loc = { start: { line: 1, column: 0 }, end: (doc.loc as { end?: unknown }).end };
  const exported = { type: 'ExportDefaultDeclaration', start: doc.start, end: doc.end, loc: doc.loc, declaration: doc };
  return { type: 'Program', start: 0, end: text.length, loc, body: [exported], directives: [], sourceType: 'module' } as unknown as Node;
}
