// `--verify`: before anything is written, each file the run would change is checked with its text
// before and after the run (JS/TS parse; a type check with the TypeScript compiler where a
// tsconfig.json covers the file; Python parse; notebook, JSON and YAML parse). A check that passes
// before and fails after stops the run: nothing is written, and each failure is named. Checking
// the two texts side by side (the after-texts overlaid for the type check) gives what writing,
// checking and restoring would, without a moment where the tree is half migrated.
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { UserError } from '../errors.js';
import type { FileResult } from '../model.js';
import { quotePath } from '../report/quote.js';
import { parseJs } from '../scan/js/parse.js';
import { parsePython } from '../scan/python/parse.js';

const JS = /\.(?:[cm]?[jt]sx?)$/;
const TS = /\.(?:[cm]?ts|tsx)$/;

/** The parse check of one text: undefined when it passes, else the error. */
async function parseCheck(path: string, text: string): Promise<string | undefined> {
  try {
    if (JS.test(path)) parseJs(text, path);
    else if (/\.pyw?$/.test(path)) await parsePython(text);
    else if (/\.(?:ipynb|json)$/.test(path)) JSON.parse(text);
    else if (/\.ya?ml$/.test(path)) {
      const { parseAllDocuments } = await import('yaml');
      const bad = parseAllDocuments(text).flatMap((d) => ('errors' in d ? d.errors : []))[0];
      if (bad) throw new Error(bad.message.split('\n')[0]);
    }
    return undefined;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}

function tsconfigFor(path: string, top: string): string | undefined {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'tsconfig.json'))) return join(dir, 'tsconfig.json');
    if (dir === top || dirname(dir) === dir) return undefined;
  }
}

/** Type errors of `files` in the program of `config`, with `texts` in place of what is on disk. */
async function typeErrors(config: string, files: string[], texts: Map<string, string>): Promise<Map<string, string[]>> {
  const { ts } = await import('ts-morph');
  const parsed = ts.getParsedCommandLineOfConfigFile(config, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const out = new Map<string, string[]>();
  if (!parsed) return out;
  const host = ts.createCompilerHost(parsed.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => texts.get(ts.sys.resolvePath(name)) ?? readFile(name);
  host.fileExists = ((exists) => (name: string) => texts.has(ts.sys.resolvePath(name)) || exists(name))(host.fileExists.bind(host));
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true }, host });
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) continue;
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    out.set(
      file,
      diagnostics.map((d) => {
        const line = d.start === undefined ? '' : `line ${source.getLineAndCharacterOfPosition(d.start).line + 1}: `;
        return `${line}TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
      }),
    );
  }
  return out;
}

const withoutLine = (message: string) => message.replace(/^line \d+: /, '');

/** Throws a usage error (exit 2) naming every check that the run would newly fail. */
export async function verifyChanges(changed: FileResult[], top: string): Promise<void> {
  const failures: string[] = [];
  for (const r of changed) {
    const after = await parseCheck(r.path, r.after);
    if (after && !(await parseCheck(r.path, r.before))) failures.push(`${quotePath(r.display)}: does not parse after the run: ${after}`);
  }
  const byConfig = new Map<string, string[]>();
  for (const r of changed) {
    const config = TS.test(r.path) ? tsconfigFor(r.path, top) : undefined;
    if (config) byConfig.set(config, [...(byConfig.get(config) ?? []), r.path]);
  }
  const display = new Map(changed.map((r) => [r.path, r.display]));
  for (const [config, files] of byConfig) {
    const before = await typeErrors(config, files, new Map(changed.map((r) => [r.path, r.before])));
    const after = await typeErrors(config, files, new Map(changed.map((r) => [r.path, r.after])));
    for (const file of files) {
      const old = (before.get(file) ?? []).map(withoutLine);
      const fresh = (after.get(file) ?? []).filter((m) => {
        const i = old.indexOf(withoutLine(m));
        if (i === -1) return true;
        old.splice(i, 1);
        return false;
      });
      const where = relative(top, config).split(sep).join('/');
      if (fresh.length) failures.push(`${quotePath(display.get(file)!)}: type check (${where}) fails after the run: ${fresh[0]}${fresh.length > 1 ? ` (and ${fresh.length - 1} more)` : ''}`);
    }
  }
  if (failures.length) {
    throw new UserError(`--verify: ${failures.length === 1 ? 'a check fails' : `${failures.length} checks fail`} after the migration, so nothing was written:\n  ${failures.join('\n  ')}\nFix the code (for example, allow the Flux model id in its type), or run without --verify.`);
  }
}
