// In step with the clients: once a file reads the Flux key for its clients, the places in it that
// set or test OPENAI_API_KEY by name (`os.environ["OPENAI_API_KEY"] = getpass()`,
// `_set_env("OPENAI_API_KEY")`, `if "OPENAI_API_KEY" not in os.environ`,
// `if not os.getenv("OPENAI_API_KEY")`, a list of required names checked at start-up) are renamed
// too, so the file never sets one name and reads another. A file with no client of its own (a
// config or start-up check module) follows the run: renamed when the run's clients moved and none
// stays on OpenAI. Other reads feed something that is not a client (a raw HTTP call to OpenAI,
// say): they stay, and so the env file keeps OPENAI_API_KEY too (see pipeline/keyPlan.ts). A file
// that still needs OPENAI_API_KEY (a client left on OpenAI) keeps them all.
import type { Finding, KeyRead } from '../../model.js';
import { deployUrlFindings } from '../deployUrls.js';
import { type PyContext, warn } from './context.js';
import { type NameSite, indirectNameSites } from './keyData.js';
import { renameEnvName } from './clientKey.js';
import { envNameUse } from './osenv.js';
import { fieldMoved, settingsFields, settingsVersion } from './settingsFields.js';
import { classNamed } from './names.js';
import type { Node } from './parse.js';
import { lineAfter } from './style.js';
import { lineOf, named, stringValue } from './tree.js';

/** Whether the key moved here: this file's clients, or (a file without any) the run's. */
export function keyState(ctx: PyContext): 'moved' | 'keeps' | 'no' {
  if (ctx.movedKey) return ctx.keepsOpenAIKey ? 'keeps' : 'moved';
  if (ctx.keepsOpenAIKey || ctx.clients?.size) return 'no';
  const all = ctx.project ? [...ctx.project.modules.values()] : [ctx];
  if (all.some((m) => m.keepsOpenAIKey)) return 'no';
  return all.some((m) => m.movedKey) ? 'moved' : 'no';
}

export function renameKeyEnvNames(ctx: PyContext): void {
  // A file with no client of its own (a start-up script): what it sets follows the run's one key
  // plan, as env files and JS do (src/pipeline/keyPlan.ts): `env` findings, renamed, held, or with
  // a copy naming the Flux key beside the set. Its checks follow the run's Python clients (keyState).
  if (ctx.project && !ctx.movedKey && !ctx.keepsOpenAIKey && !ctx.clients?.size) {
    const state = keyState(ctx);
    const from = ctx.out.findings.length;
    renameIn(ctx, 'moved', state !== 'moved');
    // The renames, by statement: a set may name the key twice (`os.environ["OPENAI_API_KEY"] = config("OPENAI_API_KEY")`).
    const byStatement = new Map<Node | Finding, Finding[]>();
    for (const f of ctx.out.findings.splice(from)) {
      const key = (f.kind === 'api-key' && statementOf(ctx, f)) || f;
      byStatement.set(key, [...(byStatement.get(key) ?? []), f]);
    }
    for (const [statement, group] of byStatement) {
      const set = 'type' in statement && group.find((f) => envNameUse(ctx, stringAt(ctx, f)!) === 'set');
      if (set) {
        const finding = planned(ctx, statement, set, group);
        if (finding) ctx.out.findings.push(finding);
      } else if (state === 'moved' || group[0].kind !== 'api-key') ctx.out.findings.push(...group);
    }
    return;
  }
  renameIn(ctx, keyState(ctx));
}

// The string literal a rename edits.
function stringAt(ctx: PyContext, f: Finding): Node | undefined {
  const edit = f.edits[0];
  return edit && ctx.index.strings.find((x) => x.startIndex <= edit.start && edit.end <= x.endIndex);
}

// The one-line statement a rename is in.
function statementOf(ctx: PyContext, f: Finding): Node | undefined {
  let node: Node | null | undefined = stringAt(ctx, f);
  while (node && node.type !== 'expression_statement') node = node.parent;
  return node && !node.text.includes('\n') ? node : undefined;
}

// A set in a file without clients as the plan's `env` finding: its renames, or a copy naming the
// Flux key on the next line, the copy reading what the original reads renamed the same way
// (`os.environ["FLUX_API_KEY"] = config("FLUX_API_KEY")`). None when the file has that copy (a second run).
function planned(ctx: PyContext, statement: Node, set: Finding, group: Finding[]): Finding | undefined {
  const copy = statement.text.split('OPENAI_API_KEY').join(ctx.options.keyEnv);
  if (ctx.text.includes(copy)) return undefined;
  return {
    ...set, kind: 'env', before: 'OPENAI_API_KEY', after: ctx.options.keyEnv, why: ["sets the key for code that reads it (the run's key plan)"],
    edits: group.flatMap((f) => f.edits), beside: [lineAfter(ctx.text, statement, copy, ctx.style)],
  };
}

// `quietReads`: a file without clients whose reads the run's Python clients do not settle: they
// count in the run's key plan, with no warning here.
function renameIn(ctx: PyContext, state: 'moved' | 'keeps' | 'no', quietReads = false): void {
  if (state === 'no') return;
  const old = (s: Node) => !ctx.consumed.has(s.startIndex);
  if (state === 'keeps') {
    // Both keys are needed here: the old one for what stays on OpenAI, the new one for the rest.
    for (const s of ctx.index.strings) {
      if (stringValue(s) !== 'OPENAI_API_KEY' || !old(s) || envNameUse(ctx, s) !== 'set') continue;
      warn(ctx, 'unresolved-key', s, `this sets OPENAI_API_KEY, which what stays on OpenAI here still reads; the clients moved to Flux read ${ctx.options.keyEnv}: set that too`);
    }
    return;
  }
  const why = `in step with the clients moved to ${ctx.options.keyEnv}`;
  for (const s of ctx.index.strings) {
    if (stringValue(s) !== 'OPENAI_API_KEY' || !old(s)) continue; // already renamed for a client
    const use = envNameUse(ctx, s);
    if (use === 'read' && copiesItself(ctx, s)) {
      // `os.environ["OPENAI_API_KEY"] = os.getenv("OPENAI_API_KEY")`: both sides name the one key.
      renameEnvName(ctx, s, `in step with the clients moved to ${ctx.options.keyEnv}`);
      continue;
    }
    if (use === 'read' && !quietReads) {
      warn(ctx, 'unresolved-key', s, `OPENAI_API_KEY is still read here, for something that is not an OpenAI client this file migrated: it stays (and so does OPENAI_API_KEY in env files); if this value goes to Flux, read ${ctx.options.keyEnv} instead`);
    }
    if (use !== 'set' && use !== 'test') continue;
    renameEnvName(ctx, s, why); // and the message of its check (keyMessages.ts)
  }
  // Names held as data: renamed when every use is a check or a setter.
  for (const [literal, sites] of heldNames(ctx)) {
    if (!old(literal)) continue;
    const read = sites.find((s) => s.use === 'read');
    if (read) {
      warn(ctx, 'unresolved-key', literal, `OPENAI_API_KEY named here is read at ${where(ctx, read)} for something that is not an OpenAI client flux-migrate migrated: it stays (and so does OPENAI_API_KEY in env files); if that value goes to Flux, name ${ctx.options.keyEnv} here instead`);
      continue;
    }
    renameEnvName(ctx, literal, `${why} (checked at ${where(ctx, sites[0])})`);
  }
}

// The literals of this module that name OPENAI_API_KEY for reads elsewhere, with their uses.
function heldNames(ctx: PyContext, names = ['OPENAI_API_KEY']): Map<NameSite['literal'], NameSite[]> {
  const byStart = new Map<number, NameSite[]>();
  for (const s of indirectNameSites(ctx)) {
    if (s.literal.tree !== ctx.index.root.tree || !names.includes(s.name)) continue;
    byStart.set(s.literal.startIndex, [...(byStart.get(s.literal.startIndex) ?? []), s]);
  }
  return new Map([...byStart.values()].map((sites) => [sites[0].literal, sites]));
}

function where(ctx: PyContext, site: NameSite): string {
  return site.atCtx === ctx ? `line ${lineOf(site.at)}` : `${site.atCtx.path.split(/[\\/]/).pop()}:${lineOf(site.at)}`;
}

// A read of the key assigned to the same variable (`os.environ["X"] = os.getenv("X", "")`), after load_dotenv().
function copiesItself(ctx: PyContext, str: Node): boolean {
  let cur: Node | null = str;
  while (cur && cur.type !== 'assignment' && cur.type !== 'expression_statement' && cur.type !== 'block' && cur.type !== 'module') cur = cur.parent;
  if (cur?.type !== 'assignment') return false;
  const left = cur.childForFieldName('left');
  return !!left && left.endIndex <= str.startIndex && envNameUse(ctx, named(left).find((c) => stringValue(c) === 'OPENAI_API_KEY') ?? left) === 'set';
}

/**
 * Where the code reads the old or the Flux key by name (`os.environ["X"]`, `os.environ.get`,
 * `os.getenv`, a helper, a test of either, a name held in a constant or a list), and settings
 * classes that read OPENAI_API_KEY by field name (pydantic's `openai_api_key: str`), for the run's
 * key plan (src/pipeline/keyPlan.ts).
 */
export function reportKeyReads(ctx: PyContext): void {
  const reads: KeyRead[] = [];
  const names = ['OPENAI_API_KEY', ctx.options.keyEnv];
  for (const s of ctx.index.strings) {
    const name = stringValue(s);
    if (name !== 'OPENAI_API_KEY' && name !== ctx.options.keyEnv) continue;
    const use = envNameUse(ctx, s);
    if (use === 'read' || use === 'test') reads.push({ name, line: lineOf(s), start: s.startIndex, end: s.endIndex });
  }
  for (const [literal, sites] of heldNames(ctx, names)) {
    if (sites.some((s) => s.use !== 'set') && !reads.some((r) => r.start === literal.startIndex)) reads.push({ name: sites[0].name, line: lineOf(literal), start: literal.startIndex, end: literal.endIndex });
  }
  for (const f of settingsFieldReads(ctx)) reads.push(f);
  if (reads.length) ctx.out.keyReads = reads;
}

/**
 * One-click deploy URLs in string literals: their env list follows the run's key plan
 * (src/scan/deployUrls.ts). The name in such a URL is not a read.
 */
export function findDeployUrls(ctx: PyContext): void {
  if (!ctx.text.includes('OPENAI_API_KEY')) return;
  for (const s of ctx.index.strings) {
    const from = s.child(0)?.endIndex ?? s.startIndex;
    const to = s.lastChild?.startIndex ?? s.endIndex;
    const line = (offset: number) => lineOf(s) + (ctx.text.slice(s.startIndex, offset).match(/\n/g)?.length ?? 0);
    const found = deployUrlFindings(ctx.text, from, to, ctx.options.keyEnv, line);
    if (!found.length) continue;
    ctx.out.findings.push(...found);
    ctx.consumed.add(s.startIndex);
  }
}

// Settings fields that read a key by name: those of a pydantic settings class (the Flux key once
// this run gave the field its alias), and `openai_api_key:` in a class whose base flux-migrate
// cannot see (it may be a settings class).
function settingsFieldReads(ctx: PyContext): KeyRead[] {
  const reads: KeyRead[] = [];
  for (const classes of ctx.index.classes.values()) {
    for (const cls of classes) {
      if (settingsVersion(ctx, cls)) {
        for (const f of settingsFields(ctx, cls)) {
          const name = fieldMoved(f) ? ctx.options.keyEnv : f.env;
          if (name === 'OPENAI_API_KEY' || name === ctx.options.keyEnv) reads.push({ name, line: lineOf(f.nameNode), start: f.nameNode.startIndex, end: f.nameNode.endIndex });
        }
      } else if (unknownBase(ctx, cls)) {
        for (const stmt of cls.childForFieldName('body')?.namedChildren ?? []) {
          const a = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
          const left = a?.type === 'assignment' && a.childForFieldName('type') ? a.childForFieldName('left') : undefined;
          if (left?.type === 'identifier' && left.text.toUpperCase() === 'OPENAI_API_KEY') reads.push({ name: 'OPENAI_API_KEY', line: lineOf(left), start: left.startIndex, end: left.endIndex });
        }
      }
    }
  }
  return reads;
}

// A class with a base that is neither a plain data class flux-migrate knows nor one of the run.
function unknownBase(ctx: PyContext, cls: Node): boolean {
  const bases = (cls.childForFieldName('superclasses')?.namedChildren ?? []).filter((b): b is Node => !!b && (b.type === 'identifier' || b.type === 'attribute'));
  return bases.some((b) => !/^(object|BaseModel|pydantic\.BaseModel|TypedDict|NamedTuple|Enum|str|dict)$/.test(b.text) && !classNamed(ctx, b));
}
