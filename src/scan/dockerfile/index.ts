// Dockerfiles (`Dockerfile`, `*.Dockerfile`, `Dockerfile.*`, `Containerfile`), parsed with
// dockerfile-ast (ranges for every instruction, flag, ENV/ARG name and value; the `# escape=`
// directive and line continuations as Docker reads them):
// - `ENV OPENAI_API_KEY=...` (also the legacy `ENV OPENAI_API_KEY value`, several pairs in one
//   ENV, over continued lines), `ARG OPENAI_API_KEY`, and `RUN --mount=type=secret,id=...`
//   follow the run's key plan: renamed, or the Flux key added beside them (a line of its own:
//   `ENV FLUX_API_KEY=${FLUX_API_KEY}`, `ARG FLUX_API_KEY`);
// - `${OPENAI_API_KEY}` read in another ENV value follows it too;
// - OPENAI_BASE_URL and *MODEL* values, as in env files (../settings.ts);
// - RUN, CMD and ENTRYPOINT in shell form are shell commands (../shell/): `export`, curl to
//   OpenAI, in the dialect the SHELL instruction sets (sh, PowerShell or cmd).
import { DockerfileParser, type Instruction, type Property } from 'dockerfile-ast';
import type { FileScan, ScanOptions, Warning } from '../../model.js';
import { KEY_VAR, baseUrlFinding, keyFinding, keyValueSeen, lineAfter, lineIndex, modelSetting, providerWarning, renameEdits, renamed } from '../settings.js';
import { dedupeFindings, scanCommands } from '../shell/index.js';
import type { ShellContext } from '../shell/requests.js';
import { type Dialect, tokenize } from '../shell/tokenize.js';

const WHY = 'Dockerfile, in step with the code';
const KEY_SHAPED = /^sk-[A-Za-z0-9_-]{12,}/;

interface Pair {
  instruction: Instruction;
  keyword: 'ENV' | 'ARG';
  name: string;
  nameStart: number;
  nameEnd: number;
  /** The raw value (with its quotes) and, when it is written plainly, the value inside them. */
  raw?: { start: number; end: number };
  value?: { text: string; start: number; end: number };
}

export function scanDockerfile(text: string, _path: string, options: ScanOptions): FileScan {
  const out: FileScan = { findings: [], warnings: [] };
  const doc = DockerfileParser.parse(text);
  const offset = positions(text);
  const line = lineIndex(text);
  const pairs: Pair[] = [];
  const shells: { start: number; end: number; dialect: Dialect }[] = [];
  let dialect: Dialect = 'posix';
  for (const instruction of doc.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'ENV' || keyword === 'ARG') {
      const props: Property[] = keyword === 'ENV' ? (instruction as any).getProperties() : [(instruction as any).getProperty()].filter(Boolean);
      for (const p of props) pairs.push(pair(text, offset, instruction, keyword, p));
    } else if (keyword === 'SHELL') {
      const args = text.slice(...rangeOf(offset, instruction.getRange())).toLowerCase();
      dialect = /powershell|pwsh/.test(args) ? 'powershell' : /\bcmd\b/.test(args) ? 'cmd' : 'posix';
    } else if (keyword === 'RUN' || keyword === 'CMD' || keyword === 'ENTRYPOINT') {
      if (keyword === 'RUN') runFlags(text, offset, instruction, options, out, line);
      const args = instruction.getArgumentsRange();
      if (!args) continue;
      const [start, end] = rangeOf(offset, args);
      if (text[start] !== '[') shells.push({ start, end, dialect }); // the exec form (JSON) runs no shell
    }
  }

  for (const p of pairs) {
    const w = p.value && providerWarning(p.name, p.value.text, line(p.nameStart), options);
    if (w) return { findings: [], warnings: [w] };
  }
  const hasKeyEnv = pairs.some((p) => p.name === options.keyEnv);
  for (const p of pairs) {
    const at = line(p.nameStart);
    if (p.name === KEY_VAR) {
      keyValueSeen(p.value?.text);
      if (p.value && KEY_SHAPED.test(p.value.text)) out.warnings.push(hardcoded(p, at));
      if (hasKeyEnv) continue; // a second run, after `beside`
      const edits = [{ start: p.nameStart, end: p.nameEnd, text: options.keyEnv }, ...(p.raw ? renameEdits(text, p.raw.start, p.raw.end, options.keyEnv) : [])];
      out.findings.push(keyFinding(at, edits, [besideLine(text, offset, p, options.keyEnv)], options, WHY));
    } else if (p.raw) {
      const refs = renameEdits(text, p.raw.start, p.raw.end, options.keyEnv);
      if (refs.length) out.findings.push(keyFinding(at, refs, undefined, options, WHY)); // ENV API_KEY=${OPENAI_API_KEY}
      if (!p.value) continue;
      const base = baseUrlFinding(p.name, p.value.text, at, p.value, options, WHY);
      if (base) out.findings.push(base);
      const model = modelSetting(p.name, p.value.text, at, p.value, WHY);
      if (model.finding) out.findings.push(model.finding);
      if (model.warning) out.warnings.push(model.warning);
    }
  }

  const escape = doc.getEscapeCharacter();
  for (const s of shells) {
    const ctx: ShellContext = { text, dialect: s.dialect, options, out, line, commands: tokenize(text, s.dialect, s.start, s.end, { continuation: escape }) };
    scanCommands(ctx, WHY);
  }
  return dedupeFindings(out);
}

function pair(text: string, offset: (p: Position) => number, instruction: Instruction, keyword: 'ENV' | 'ARG', p: Property): Pair {
  const nameRange = p.getNameRange();
  const out: Pair = { instruction, keyword, name: p.getName(), nameStart: offset(nameRange.start), nameEnd: offset(nameRange.end) };
  const valueRange = p.getValueRange();
  if (!valueRange) return out;
  const [start, end] = rangeOf(offset, valueRange);
  out.raw = { start, end };
  const raw = text.slice(start, end);
  const quoted = /^(["'])(.*)\1$/s.exec(raw);
  const inner = quoted ? quoted[2] : raw;
  // Only a value written as it reads (no escapes, no continued lines) is edited in place.
  if (inner === p.getValue() && !/[\\`\r\n]/.test(inner)) out.value = { text: inner, start: start + (quoted ? 1 : 0), end: end - (quoted ? 1 : 0) };
  return out;
}

// `ENV FLUX_API_KEY=${FLUX_API_KEY}` (a reference is copied, renamed) or `ENV FLUX_API_KEY=""`
// (a literal is not: the OpenAI key is not a Flux key); `ARG FLUX_API_KEY` (a build argument with
// no default is the blank to fill with `--build-arg`). After the whole instruction.
function besideLine(text: string, offset: (p: Position) => number, p: Pair, keyEnv: string) {
  const [start, end] = rangeOf(offset, p.instruction.getRange());
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const indent = /^[ \t]*$/.test(text.slice(lineStart, start)) ? text.slice(lineStart, start) : '';
  const keyword = text.slice(start, start + 3);
  const raw = p.raw ? text.slice(p.raw.start, p.raw.end) : undefined;
  const reference = raw !== undefined && new RegExp(`\\$\\{?${KEY_VAR}\\b`).test(raw);
  const value = reference ? `=${renamed(raw!, keyEnv)}` : p.keyword === 'ARG' ? '' : '=""';
  return lineAfter(text, end, `${indent}${keyword} ${keyEnv}${value}`);
}

// `RUN --mount=type=secret,id=OPENAI_API_KEY,env=OPENAI_API_KEY`: a build secret by the key's name.
function runFlags(text: string, offset: (p: Position) => number, instruction: Instruction, options: ScanOptions, out: FileScan, line: (o: number) => number): void {
  const flags: { getRange(): { start: Position; end: Position } }[] = (instruction as any).getFlags?.() ?? [];
  if (flags.some((f) => new RegExp(`\\b${options.keyEnv}\\b`).test(text.slice(...rangeOf(offset, f.getRange()))))) return; // a second run, after `beside`
  for (const flag of flags) {
    const [start, end] = rangeOf(offset, flag.getRange());
    const edits = renameEdits(text, start, end, options.keyEnv);
    if (!edits.length) continue;
    const at = line(start);
    out.findings.push(keyFinding(at, edits, [{ start: end, end, text: ' ' + renamed(text.slice(start, end), options.keyEnv) }], options, WHY));
    out.warnings.push({ code: 'secret-to-create', line: at, message: `this build now reads the secret ${options.keyEnv}: pass your Flux key to the build under that id (docker build --secret id=${options.keyEnv},env=${options.keyEnv}), in CI too` });
  }
}

function hardcoded(p: Pair, line: number): Warning {
  return { code: 'hardcoded-key', line, message: `a literal key is baked into the image by this ${p.keyword} (never printed here): read it from a build secret or the run's environment instead, and revoke it if it was ever committed` };
}

interface Position {
  line: number;
  character: number;
}

// dockerfile-ast gives LSP positions (a line, a UTF-16 column); lines end at \r\n, \n or \r.
function positions(text: string): (p: Position) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    if (text[i] === '\n' || text[i] === '\r') starts.push(i + 1);
  }
  return (p) => (starts[p.line] ?? text.length) + p.character;
}

function rangeOf(offset: (p: Position) => number, r: { start: Position; end: Position }): [number, number] {
  return [offset(r.start), offset(r.end)];
}
