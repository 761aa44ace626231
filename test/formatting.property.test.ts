// Property: however a fixture is formatted, the migration edits the same values and nothing else.
// Every fixture's input is varied with a seeded generator before the edits (quote style, extra
// spacing, comments between tokens, unicode identifiers, strings and comments inserted before the
// edited spans, CRLF / mixed line endings, a BOM), then:
//   - the output parses (@babel/parser for JS/TS; python3's `ast` for Python, when installed);
//   - the output is exactly the input with the reported edits spliced in (every byte outside the
//     edit ranges is identical), and the edits replace the same values as on the plain fixture
//     (so no range is shifted by a BOM, a CRLF or a UTF-16 surrogate pair, or swallows a comment);
//   - line endings and the BOM are kept (a CRLF file gets no bare LF);
//   - a second run is a no-op.
import { parse, type ParserPlugin } from '@babel/parser';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateSource, type MigrateOptions } from '../src/api.js';
import type { Edit } from '../src/model.js';
import { applyEdits } from '../src/pipeline/edits.js';
import { checkModelFlag, parseMapFlag } from '../src/pipeline/plan.js';
import { fixturePath, loadCases, type FixtureCase } from './helpers/fixtures.js';

const LANGUAGES = ['js', 'frameworks', 'python', 'env', 'notebook'];
const VARIANTS = 12;
const JS = /\.(?:[mc]?[jt]sx?)$/;

function rng(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

function babel(text: string, path: string, tokens = false) {
  const ext = extname(path);
  const sets: ParserPlugin[][] = /\.[mc]?ts$/.test(ext)
    ? [['typescript', 'decorators-legacy']]
    : ext === '.tsx' ? [['typescript', 'jsx', 'decorators-legacy']] : [['jsx', 'decorators-legacy'], ['jsx', 'flow', 'decorators-legacy']];
  let first: unknown;
  for (const plugins of sets) {
    try {
      return parse(text, { sourceType: 'unambiguous', plugins, tokens, errorRecovery: false, allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true, allowImportExportEverywhere: true });
    } catch (error) {
      first ??= error;
    }
  }
  throw first;
}

interface Node { type: string; start: number; end: number; [key: string]: any }

function walk(node: any, visit: (n: Node) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach((n) => walk(n, visit));
  if (typeof node.type === 'string') visit(node);
  for (const key of Object.keys(node)) if (key !== 'loc' && key !== 'extra' && key !== 'tokens' && key !== 'comments') walk(node[key], visit);
}

const UNICODE_STRINGS = ['日本語のテキスト', '😀 emoji 🚀', 'ünïcödé — “quotes”', 'Ω≈ç√∫ 𝒳𝒴', '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'];

/** JS/TS variations on the token stream and statement lists, spliced into the original text. */
function varyJs(text: string, path: string, random: () => number, seed: number): string {
  const ast = babel(text, path, true) as any;
  const tokens: any[] = ast.tokens;
  const edits: Edit[] = [];
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  // Quotes: swap the quote style of plain string literals (no quotes, backslashes or newlines).
  if (random() < 0.6) {
    const to = random() < 0.5 ? "'" : '"';
    walk(ast.program, (n) => {
      if (n.type !== 'StringLiteral' && !(n.type === 'Literal' && typeof n.value === 'string')) return;
      const raw = text.slice(n.start, n.end);
      if (!/^(["']).*\1$/s.test(raw) || /["'\\\n\r]/.test(raw.slice(1, -1)) || random() < 0.2) return;
      edits.push({ start: n.start, end: n.end, text: to + raw.slice(1, -1) + to });
    });
  }
  // Statement lists: unicode declarations and comments before statements (so before edited spans).
  let k = 0;
  walk(ast.program, (n) => {
    if (n.type !== 'Program' && n.type !== 'BlockStatement') return;
    for (const stmt of n.body as Node[]) {
      if (random() < 0.5) continue;
      const s = pick(UNICODE_STRINGS);
      const insert = pick([
        `const ünï_${seed}_${k++}_变量 = ${JSON.stringify(s)};\n`,
        `// ${s} — a comment before the statement\n`,
        `/* ${s} */ `,
        `let ${'\u00e9'}t${'\u00e9'}_${seed}_${k++} = \`${s}\`; `,
      ]);
      edits.push({ start: stmt.start, end: stmt.start, text: insert });
    }
  });
  // Spacing and comments between tokens (never next to JSX or template tokens, where they would be text).
  const jsxOrTemplate = (t: any) => /^(jsx|template|`|\$\{)/.test(t?.type?.label ?? '') || t?.type === 'CommentBlock';
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i];
    const b = tokens[i + 1];
    const gap = text.slice(a.end, b.start);
    if (!/^[ \t]+$/.test(gap) || jsxOrTemplate(a) || jsxOrTemplate(b)) continue;
    const r = random();
    if (r < 0.25) edits.push({ start: a.end, end: b.start, text: pick(['  ', '\t', '   ', ' \t ']) });
    else if (r < 0.35) edits.push({ start: a.end, end: b.start, text: ` /* ${pick(UNICODE_STRINGS)} */ ` });
  }
  return applyEdits(text, edits);
}

type Eol = 'keep' | 'lf' | 'crlf' | 'mixed';

function vary(c: FixtureCase, seed: number): { text: string; eol: Eol; bom: boolean } {
  const random = rng(seed * 7919 + c.name.length);
  let text = c.input.replace(/^\uFEFF/, '');
  const hadBom = text !== c.input;
  if (JS.test(c.inputFile)) text = varyJs(text, c.inputFile, random, seed);
  else if (/\.py$|(^|[/.])env($|\.)/.test(c.inputFile)) text = `# ${UNICODE_STRINGS[seed % UNICODE_STRINGS.length]} — added before everything\n` + text;
  const eol: Eol = (['keep', 'lf', 'crlf', 'mixed'] as const)[seed % 4];
  if (eol === 'lf') text = text.replace(/\r\n/g, '\n');
  if (eol === 'crlf') text = text.replace(/\r?\n/g, '\r\n');
  if (eol === 'mixed') text = text.replace(/\r?\n/g, () => (random() < 0.5 ? '\r\n' : '\n'));
  const bom = c.inputFile.endsWith('.ipynb') ? false : seed % 3 === 0 ? !hadBom : hadBom;
  return { text: (bom ? '\uFEFF' : '') + text, eol, bom };
}

const normalize = (s: string) => s.replace(/^\uFEFF/, '').replace(/\s+/g, '').replace(/'/g, '"');

function editList(text: string, findings: { kind: string; edits: Edit[] }[]): string[] {
  return findings
    .flatMap((f) => f.edits.map((e) => ({ e, kind: f.kind })))
    .sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end)
    .map(({ e, kind }) => {
      // An edit that deletes code (an import specifier the new code replaces) may take a comment
      // inside it along; one that replaces a value never may.
      const replaced = normalize(e.text) === '' ? text.slice(e.start, e.end).replace(/\/\*[^]*?\*\//g, '') : text.slice(e.start, e.end);
      return `${kind}: ${normalize(replaced)} -> ${normalize(e.text)}`;
    });
}

// Python outputs are parsed by python3's own `ast` (one process per case). Without python3 the
// Python cases fail saying so: a check that cannot run must not pass (.ci/run installs python3).
const HAVE_PYTHON = spawnSync('python3', ['--version']).status === 0;

function pythonParseFailures(sources: string[]): string[] {
  const script = 'import ast, json, sys\nout = []\nfor i, s in enumerate(json.load(sys.stdin)):\n    try: ast.parse(s.lstrip("\\ufeff"))\n    except SyntaxError as e: out.append(f"variant {i + 1}: {e}")\nprint(json.dumps(out))';
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(sources), encoding: 'utf8' });
  if (r.status !== 0) return [`python3 failed: ${r.stderr}`];
  return JSON.parse(r.stdout) as string[];
}

function optionsOf(c: FixtureCase): MigrateOptions {
  return {
    baseUrl: c.options.baseUrl,
    keyEnv: c.options.keyEnv,
    policy: { model: checkModelFlag(c.options.model ?? 'flux-auto'), map: (c.options.map ?? []).map(parseMapFlag) },
  };
}

for (const language of LANGUAGES) {
  const cases = loadCases(fixturePath(`fixtures/${language}`));
  describe(`formatting variations: fixtures/${language}`, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const options = optionsOf(c);
        const plain = await migrateSource(c.input, c.inputFile, options);
        const plainEdits = editList(c.input, plain.findings);
        const pythonOutputs: string[] = [];
        for (let seed = 1; seed <= VARIANTS; seed++) {
          const { text, eol, bom } = vary(c, seed);
          const label = `${c.name}, variant ${seed} (eol ${eol}, bom ${bom})`;
          // FLUX_PROPERTY_DUMP=<folder> keeps every varied input, to replay a failure by hand.
          if (process.env.FLUX_PROPERTY_DUMP) writeFileSync(join(process.env.FLUX_PROPERTY_DUMP, `${language}-${c.name}-${seed}${extname(c.inputFile)}`), text);
          if (JS.test(c.inputFile)) expect(() => babel(text, c.inputFile), `${label}: the varied input parses`).not.toThrow();

          const result = await migrateSource(text, c.inputFile, options);
          const edits = result.findings.flatMap((f) => f.edits);
          expect(result.after, `${label}: output = input with the edits spliced in, nothing else`).toBe(applyEdits(text, edits));
          expect(editList(text, result.findings), `${label}: the same values are edited as in the plain fixture`).toEqual(plainEdits);
          if (JS.test(c.inputFile)) {
            expect(() => babel(result.after, c.inputFile), `${label}: output parses`).not.toThrow();
          }
          if (c.inputFile.endsWith('.py')) pythonOutputs.push(result.after);
          expect(result.after.startsWith('\uFEFF'), `${label}: BOM kept as it was`).toBe(bom);
          if (eol === 'crlf') expect(/(^|[^\r])\n/.test(result.after), `${label}: no bare LF in a CRLF file`).toBe(false);
          if (eol === 'lf') expect(result.after.includes('\r'), `${label}: no CR in an LF file`).toBe(false);

          const again = await migrateSource(result.after, c.inputFile, options);
          expect(again.after, `${label}: a second run is a no-op`).toBe(result.after);
        }
        if (pythonOutputs.length) {
          expect(HAVE_PYTHON, 'python3 is not installed: cannot check that the Python outputs parse (apt-get install -y python3)').toBe(true);
          const failures = pythonParseFailures(pythonOutputs);
          expect(failures, `${c.name}: Python outputs that do not parse`).toEqual([]);
        }
      });
    }
  });
}
