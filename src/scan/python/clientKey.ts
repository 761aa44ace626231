// A client's API key: env reads renamed where they are (in the call, a config dict, a helper's
// argument, a constant or Enum member naming the variable), a pydantic settings field given the
// Flux alias, a literal key replaced by the Flux key's env read (and reported, never printed).
import type { Edit } from '../../model.js';
import { maskSecret } from '../../secrets.js';
import { find, noteSecrets, ownerOf, type PyContext, warn } from './context.js';
import { sitesOf } from './keyData.js';
import { renameCheckMessages } from './keyMessages.js';
import { lookup } from './module.js';
import { type EnvRead, envRead, keyExpr } from './osenv.js';
import type { Node } from './parse.js';
import { moveField } from './settingsFields.js';
import { quoted } from './style.js';
import { describe, lineOf, named, quoteOf, stringLiteral, stringValue, unwrap } from './tree.js';
import { valueSources } from './values.js';

/** Env reads anywhere in an expression. */
export function envReadsOf(ctx: PyContext, node: Node): EnvRead[] {
  const found: EnvRead[] = [];
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    const read = envRead(ctx, n);
    if (read) found.push(read);
    else for (const c of named(n)) stack.push(c);
  }
  return found;
}

/** The key of a client (or of `openai.api_key = ...`): env reads renamed, a literal replaced. */
export function migrateKey(ctx: PyContext, at: Node, valueNode: Node, why: string): void {
  let value = unwrap(valueNode)!;
  noteSecrets(ctx, valueNode);
  if (value.type === 'identifier') {
    const found = lookup(ctx.index, value.text, value);
    if (found?.kind === 'assigned' && found.values.length === 1) value = unwrap(found.values[0].value)!;
    noteSecrets(ctx, value);
  }
  // Reads written in the value, and those it is followed to (a config dict, a parameter's
  // callers, a helper, a settings field).
  const sources = valueSources(ctx, valueNode);
  const reads = [...envReadsOf(ctx, value), ...(sources.envs ?? [])].filter((r, i, all) => all.findIndex((o) => o.nameNode.startIndex === r.nameNode.startIndex && o.nameNode.tree === r.nameNode.tree) === i);
  const old = reads.filter((r) => r.name === 'OPENAI_API_KEY');
  const oldFields = (sources.fields ?? []).filter((f) => f.env === 'OPENAI_API_KEY');
  if (old.length || oldFields.length) {
    // A name held in a constant renames every read of it: only when each is a client's key too.
    const shared = old.map((r) => sitesOf(ctx, r.nameNode).find((s) => s.use === 'read' && !isKeyArgument(s.at))).find(Boolean);
    if (shared) {
      warn(ctx, 'unresolved-key', at, `the API key's name OPENAI_API_KEY is held in \`${describe(sharedHolder(shared.literal))}\`, which ${shared.atCtx.path.split(/[\\/]/).pop()}:${lineOf(shared.at)} also reads for something that is not an OpenAI client: read ${ctx.options.keyEnv} here instead`);
      ctx.keepsOpenAIKey = true;
      return;
    }
    for (const r of old) {
      renameEnvName(ctx, r.nameNode, why);
      ownerOf(ctx, r.nameNode).movedKey = true;
    }
    for (const f of oldFields) moveField(f, why);
    ctx.movedKey = true;
    return;
  }
  const literal = stringValue(value);
  if (literal !== undefined) {
    const expr = keyExpr(ctx, value);
    find(ctx, 'api-key', value, maskSecret(literal), expr, [{ start: value.startIndex, end: value.endIndex, text: expr }], why);
    ctx.consumed.add(value.startIndex);
    ctx.movedKey = true;
    warn(ctx, 'hardcoded-key', value, `a literal API key (${maskSecret(literal)}) was replaced by ${expr}: set ${ctx.options.keyEnv} to your Flux key, and revoke the old key if it was ever committed`);
    return;
  }
  // A literal key held elsewhere (`openai_api_key = "sk-..."` in a `utils` module, star-imported).
  if (!reads.length && !sources.fields?.length && !sources.unresolved && sources.literals.length && sources.literals.every((l) => /^sk-[A-Za-z0-9_-]{12,}/.test(stringValue(l) ?? ''))) {
    for (const l of sources.literals) {
      const owner = ownerOf(ctx, l);
      const key = stringValue(l)!;
      const expr = keyExpr(owner, l);
      find(owner, 'api-key', l, maskSecret(key), expr, [{ start: l.startIndex, end: l.endIndex, text: expr }], why);
      owner.consumed.add(l.startIndex);
      owner.movedKey = true;
      warn(owner, 'hardcoded-key', l, `a literal API key (${maskSecret(key)}) was replaced by ${expr}: set ${ctx.options.keyEnv} to your Flux key, and revoke the old key if it was ever committed`);
    }
    ctx.movedKey = true;
    return;
  }
  if (reads.some((r) => r.name === ctx.options.keyEnv) || (sources.fields ?? []).some((f) => f.env === ctx.options.keyEnv)) {
    ctx.movedKey = true;
    return;
  }
  const from = sources.unresolved && sources.unresolved !== `\`${describe(valueNode)}\`` ? `\`${describe(valueNode)}\` (${sources.unresolved})` : `\`${describe(valueNode)}\``;
  warn(ctx, 'unresolved-key', at, `the API key comes from ${from}: make sure it holds your Flux key (flux-migrate reads it from ${ctx.options.keyEnv} elsewhere)`);
}

// Whether an env read is (in) the key given to a client: `api_key=...`, `openai.api_key = ...`.
function isKeyArgument(read: Node): boolean {
  for (let cur: Node | null = read; cur && cur.type !== 'block' && cur.type !== 'module'; cur = cur.parent) {
    const up = cur.parent;
    if (up?.type === 'keyword_argument' && /^(openai_)?api_key$/.test(up.childForFieldName('name')?.text ?? '')) return true;
    if (up?.type === 'assignment' && /\.api_key$/.test(up.childForFieldName('left')?.text ?? '')) return true;
  }
  return false;
}

// The statement that holds a name literal, for messages.
function sharedHolder(literal: Node): Node {
  return literal.parent?.type === 'assignment' ? literal.parent : literal;
}

const renamed = new WeakMap<PyContext, Set<number>>();

/** Renames the string naming OPENAI_API_KEY (in a read, a setter or a test) to the Flux key's name. */
export function renameEnvName(at: PyContext, str: Node, why: string): void {
  const ctx = ownerOf(at, str);
  const done = renamed.get(ctx) ?? new Set<number>();
  renamed.set(ctx, done);
  if (done.has(str.startIndex)) return;
  done.add(str.startIndex);
  ctx.consumed.add(str.startIndex);
  const lit = stringLiteral(str);
  const edit: Edit = { start: lit.start, end: lit.end, text: quoted(ctx.options.keyEnv, quoteOf(str)) };
  const expr = str.parent?.parent?.type === 'call' ? str.parent.parent : str.parent?.type === 'subscript' ? str.parent : str;
  const before = expr.text.replace(/\s+/g, ' ');
  const after = before.split(str.text).join(edit.text);
  find(ctx, 'api-key', str, before, after, [edit], why);
  // What its check says (`if not api_key: raise ValueError("OPENAI_API_KEY is not set")`) follows.
  renameCheckMessages(ctx, str, `the message of a check renamed in step with the clients moved to ${ctx.options.keyEnv}`);
}

