// Fixture cases: a folder with `input.<ext>`, and optionally `output.<ext>` (absent: the file must
// not change), `warnings.txt` (one `<line> <code>` per expected warning; absent: none) and
// `options.json` (baseUrl, keyEnv, model, map). A file kind recognised by its name and folder
// (`.devcontainer/devcontainer.json`, `fly.toml`) has an `input/` folder holding that one file
// instead, and `output/` the same path.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.js';

/** A fixture folder by its path in the repository (fixtures/js), whatever the working directory. */
export const fixturePath = (rel: string): string => join(ROOT, rel);

export interface FixtureCase {
  name: string;
  dir: string;
  inputFile: string;
  input: string;
  expected: string;
  warnings: string[];
  options: { baseUrl?: string; keyEnv?: string; model?: string; map?: string[]; keyPlan?: string };
}

export function loadCases(root: string): FixtureCase[] {
  // A folder that is missing or yields no case is an error: otherwise its tests would vanish silently.
  if (!existsSync(root)) throw new Error(`fixture folder ${root} does not exist`);
  const cases = readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory())
    .sort()
    .map((name) => {
      const dir = join(root, name);
      const files = readdirSync(dir);
      const inputName = files.find((f) => /^input\./.test(f)) ?? namedInput(dir);
      if (!inputName) throw new Error(`fixture ${dir} has no input.* file (or input/ folder holding one file)`);
      const input = readFileSync(join(dir, inputName), 'utf8');
      const outputPath = join(dir, 'output' + inputName.slice('input'.length)); // output.<ext>, or output/<path>
      const warningsPath = join(dir, 'warnings.txt');
      const optionsPath = join(dir, 'options.json');
      return {
        name,
        dir,
        inputFile: join(dir, inputName),
        input,
        expected: existsSync(outputPath) ? readFileSync(outputPath, 'utf8') : input,
        warnings: existsSync(warningsPath)
          ? readFileSync(warningsPath, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
          : [],
        options: existsSync(optionsPath) ? JSON.parse(readFileSync(optionsPath, 'utf8')) : {},
      };
    });
  if (cases.length === 0) throw new Error(`fixture folder ${root} yields no cases`);
  return cases;
}

// `input/<path>`: the one file under a case's input/ folder, at any depth.
function namedInput(dir: string): string | undefined {
  const found: string[] = [];
  const stack = existsSync(join(dir, 'input')) ? ['input'] : [];
  while (stack.length) {
    const rel = stack.pop()!;
    for (const name of readdirSync(join(dir, rel))) {
      const child = `${rel}/${name}`;
      if (statSync(join(dir, child)).isDirectory()) stack.push(child);
      else found.push(child);
    }
  }
  if (found.length > 1) throw new Error(`fixture ${dir}: input/ must hold one file, not ${found.length}`);
  return found[0];
}
