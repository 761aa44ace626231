// The vendored Python grammar (grammars/, see its README): the exact file taken from
// tree-sitter-python 0.25.0, with its license, and it loads and parses Python.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GRAMMAR, parsePython } from '../src/scan/python/parse.js';
import { ROOT } from './helpers/cli.js';

describe('the vendored tree-sitter-python grammar', () => {
  it('is the known file, with its MIT license beside it', () => {
    expect(GRAMMAR).toBe(join(ROOT, 'grammars', 'tree-sitter-python.wasm'));
    expect(createHash('sha256').update(readFileSync(GRAMMAR)).digest('hex')).toBe('16108b50df4ee9a30168794252ab55e7c93bfc5765d7fa0aa3e335752c515f47');
    expect(readFileSync(join(ROOT, 'grammars', 'tree-sitter-python.LICENSE'), 'utf8')).toMatch(/^The MIT License \(MIT\)\n\nCopyright \(c\) 2016 Max Brunsfeld/);
  });

  it('loads in web-tree-sitter and parses Python', async () => {
    const root = await parsePython('from openai import OpenAI\nclient = OpenAI()\n');
    expect(root.type).toBe('module');
    expect(root.namedChildren.map((n) => n?.type)).toEqual(['import_from_statement', 'expression_statement']);
    await expect(parsePython('def f(:\n')).rejects.toThrow(/does not parse/);
  });

  it('is no longer taken from the tree-sitter-python package, which builds natively on install', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.dependencies['tree-sitter-python']).toBeUndefined();
    expect(pkg.files).toContain('grammars');
    expect(existsSync(join(ROOT, 'LICENSE'))).toBe(true);
  });
});
