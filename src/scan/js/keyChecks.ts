// The key variable by name, in step with the clients (src/scan/js/keyUses.ts finds the uses):
// - In a file whose clients moved to the Flux key and that reads OPENAI_API_KEY for nothing else,
//   checks and sets of OPENAI_API_KEY are renamed, and so is the key's name in the messages the
//   checks guard (`throw new Error("OPENAI_API_KEY is not set")`): the file never tests one name
//   and reads another. The Python scanner does the same (src/scan/python/keyNames.ts).
// - In a file with no client of its own (a start-up check, a test setup file, a script that
//   starts a child process), checks and sets follow the run's one key plan
//   (src/pipeline/keyPlan.ts), as env files do: renamed when nothing reads OPENAI_API_KEY after
//   the run; when something does, a set gets a copy naming the Flux key beside it and a check
//   stays; nothing changes when no code of the run reads the Flux key.
// - A file that moved a client and still reads OPENAI_API_KEY for something else: its checks are
//   reported (they may guard either), kept only when some file of the run moved a client's key.
import type { Edit, Finding, KeyRead, Warning } from '../../model.js';
import { leftOnOpenAI } from '../../pipeline/keyPlan.js';
import { type JsContext, lineOf, warn } from './context.js';
import { quoteLike } from './options.js';
import { envRead } from './resolve.js';
import { type Node, descendants, memberName, scopeAt, stringValue, unwrap } from './scope.js';
import { isTestFile } from './testDoubles.js';
import { type KeyUse, OLD_KEY, besideEdit, guardedBy, hasCopy, keyUses, messageEdits, renameIn } from './keyUses.js';

const KEY_CHECK = 'checks OPENAI_API_KEY, but the migrated OpenAI client reads ';

export function keyMigrated(modules: JsContext[]): boolean {
  return modules.some((m) => m.out.findings.some((f) => f.kind === 'api-key'));
}

export function isKeyCheck(w: Warning): boolean {
  return w.code === 'unresolved-key' && w.message.startsWith(KEY_CHECK);
}

export function keepKeyInStep(modules: JsContext[], keyEnv: string): void {
  const renamed: string[] = []; // the messages renamed in step, as written
  for (const ctx of modules) {
    const uses = keyUses(ctx);
    if (!uses.length) continue;
    const edited = ctx.out.findings.flatMap((f) => f.edits);
    const open = uses.filter((u) => !edited.some((e) => e.start <= u.nameNode.start && u.nameNode.end <= e.end));
    const movedKey = ctx.out.findings.some((f) => f.kind === 'api-key');
    const keepsOld = open.some((u) => u.kind === 'read') || ctx.out.warnings.some(leftOnOpenAI);
    const names = new Set(uses.map((u) => u.nameNode));
    if (movedKey && !keepsOld) {
      const why = `in step with the clients moved to ${keyEnv}`;
      for (const u of open) {
        if (u.kind === 'read') continue;
        const edits = [...nameEdits(ctx, u, keyEnv), ...(u.guarded ? messageEdits(ctx, u.guarded, keyEnv, names, renamed) : [])];
        push(ctx, { kind: 'api-key', line: lineOf(u.node), before: describeUse(ctx, u), after: renameIn(describeUse(ctx, u), keyEnv), why: [why], edits });
      }
      renameVariableCheckMessages(ctx, keyEnv, names, why, renamed);
    } else if (movedKey) {
      for (const u of open) {
        if (u.kind === 'test') warn(ctx, 'unresolved-key', u.node, `${KEY_CHECK}${keyEnv}, and this file still reads OPENAI_API_KEY for something else: update this check if it guards that client`);
        if (u.kind === 'set') planned(ctx, u, keyEnv, names);
      }
    } else if (!keepsOld) {
      for (const u of open) if (u.kind !== 'read') planned(ctx, u, keyEnv, names);
    }
    // Otherwise the file keeps reading OPENAI_API_KEY for what stays on OpenAI: its checks and
    // sets are for that.
  }
  if (renamed.length) renameAssertedMessages(modules, renamed, keyEnv);
}

const ASSERTIONS = new Set(['toThrow', 'toThrowError', 'toMatch', 'toContain', 'rejects', 'throws']);

// `expect(() => load()).toThrow("OPENAI_API_KEY is not set")`: a test of a message renamed above
// asserts the new one (a string, template or regex that is part of that message).
function renameAssertedMessages(modules: JsContext[], renamed: string[], keyEnv: string): void {
  for (const ctx of modules) {
    if (!ctx.text.includes(OLD_KEY) || !isTestFile(ctx)) continue;
    for (const site of ctx.index.calls) {
      const callee = unwrap(site.node.callee);
      const name = callee && memberName(callee);
      if (!name || !ASSERTIONS.has(name)) continue;
      const arg = unwrap(site.node.arguments[0]);
      const text = arg?.type === 'RegExpLiteral' ? arg.pattern.replace(/\\(.)/g, '$1') : stringValue(arg);
      // More than the bare name: `toContain("OPENAI_API_KEY")` may test anything.
      if (!arg || text === undefined || text.trim() === OLD_KEY || !text.includes(OLD_KEY) || !renamed.some((m) => m.includes(text))) continue;
      const [start, end] = arg.type === 'RegExpLiteral' ? [arg.start + 1, arg.start + 1 + arg.pattern.length] : [arg.start + 1, arg.end - 1];
      const edits = [...ctx.text.slice(start, end).matchAll(new RegExp(`(?<![A-Za-z0-9_])${OLD_KEY}(?![A-Za-z0-9_])`, 'g'))].map((m) => ({ start: start + m.index, end: start + m.index + OLD_KEY.length, text: keyEnv }));
      if (edits.length) push(ctx, { kind: 'api-key', line: lineOf(arg), before: `${OLD_KEY} (in an asserted message)`, after: keyEnv, why: [`a test of a check message renamed in step with the clients moved to ${keyEnv}`], edits });
    }
  }
}

// A use that follows the run's key plan: an `env` finding, renamed or with a copy beside it.
function planned(ctx: JsContext, u: KeyUse, keyEnv: string, names: Set<Node>): void {
  if (u.kind === 'set' && hasCopy(ctx, u, keyEnv)) return; // both keys are set here already
  const edits = [...nameEdits(ctx, u, keyEnv), ...(u.guarded ? messageEdits(ctx, u.guarded, keyEnv, names) : [])];
  const beside = u.kind === 'set' ? besideEdit(ctx, u, keyEnv) : undefined;
  const what = u.kind === 'set' ? 'sets' : 'checks';
  push(ctx, { kind: 'env', line: lineOf(u.node), before: OLD_KEY, after: keyEnv, why: [`${what} the key for code that reads it (the run's key plan)`], edits, beside: beside ? [beside] : undefined });
}

function push(ctx: JsContext, finding: Finding): void {
  const start = finding.edits[0].start;
  if (ctx.out.findings.some((f) => f.edits.some((e) => e.start === start))) return;
  ctx.out.findings.push(finding);
}

// The name, and for a set its reads of itself (`X = process.env.X ?? "test"`).
function nameEdits(ctx: JsContext, u: KeyUse, keyEnv: string): Edit[] {
  return [u.nameNode, ...(u.others ?? [])].map((n) => (n.type === 'Identifier' ? { start: n.start, end: n.end, text: keyEnv } : { start: n.start, end: n.end, text: quoteLike(ctx, n, keyEnv) }));
}

// The read as written (`process.env.OPENAI_API_KEY`), never the value set: a test may set a real key.
function describeUse(ctx: JsContext, u: KeyUse): string {
  return envRead(u.node) ? ctx.text.slice(u.node.start, u.node.end).replace(/\s+/g, '') : OLD_KEY;
}

// `const apiKey = process.env.OPENAI_API_KEY; if (!apiKey) throw new Error("OPENAI_API_KEY is not set")`:
// the read was renamed with the client; the message of the check on the variable follows it.
function renameVariableCheckMessages(ctx: JsContext, keyEnv: string, names: Set<Node>, why: string, renamed: string[]): void {
  const holders = new Map<string, Node>();
  for (const n of descendants(ctx.index.program)) {
    if (n.type !== 'VariableDeclarator' || n.id.type !== 'Identifier' || !n.init) continue;
    if ([...descendants(n.init)].some((d) => envRead(d)?.name === OLD_KEY)) holders.set(n.id.name, n.id);
  }
  if (!holders.size) return;
  for (const n of descendants(ctx.index.program)) {
    if (n.type !== 'Identifier' || !holders.has(n.name) || n === holders.get(n.name)) continue;
    const scope = scopeAt(n, ctx.index, ctx.index.scope);
    if (scope.lookup(n.name)?.id !== holders.get(n.name)) continue;
    const guarded = guardedBy(n);
    if (!guarded?.length) continue;
    const edits = messageEdits(ctx, guarded, keyEnv, names, renamed).filter((e) => !ctx.out.findings.some((f) => f.edits.some((x) => x.start === e.start)));
    if (edits.length) push(ctx, { kind: 'api-key', line: lineOf(n), before: `${OLD_KEY} (in the message of a check of \`${n.name}\`)`, after: keyEnv, why: [why], edits });
  }
}

/**
 * Where the code reads the old or the Flux key by name (`process.env.X`, `process.env["X"]`,
 * `Deno.env.get("X")`, `import.meta.env.X`), for the run's key plan (src/pipeline/keyPlan.ts).
 * Setting a variable is not reading it.
 */
export function reportKeyReads(modules: JsContext[], keyEnv: string): void {
  for (const ctx of modules) {
    if (!ctx.text.includes(OLD_KEY) && !ctx.text.includes(keyEnv)) continue;
    const reads: KeyRead[] = [];
    for (const n of descendants(ctx.index.program)) {
      const read = envRead(n) ?? importMetaEnv(n);
      if (!read || (read.name !== OLD_KEY && read.name !== keyEnv) || isSet(n)) continue;
      reads.push({ name: read.name, line: lineOf(read.nameNode), start: read.nameNode.start, end: read.nameNode.end });
    }
    if (reads.length) ctx.out.keyReads = reads;
  }
}

function isSet(n: Node): boolean {
  const p = n.parent;
  return (p?.type === 'AssignmentExpression' && p.left === n) || (p?.type === 'UnaryExpression' && p.operator === 'delete');
}

function importMetaEnv(node: Node): { name: string; nameNode: Node } | undefined {
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return undefined;
  const env = node.object;
  if (env?.type !== 'MemberExpression' || memberName(env) !== 'env' || env.object?.type !== 'MetaProperty') return undefined;
  const name = memberName(node);
  return name ? { name, nameNode: node.property } : undefined;
}
