// In step with the clients: once a file reads the Flux key for its clients, the places in it that
// set or test OPENAI_API_KEY by name (`os.environ["OPENAI_API_KEY"] = getpass()`,
// `_set_env("OPENAI_API_KEY")`, `if "OPENAI_API_KEY" not in os.environ`,
// `if not os.getenv("OPENAI_API_KEY")`) are renamed too, so the file never sets one name and reads
// another. Other reads feed something that is not a client (a raw HTTP call to OpenAI, say): they
// stay, and so the env file keeps OPENAI_API_KEY too (see env/sync.ts). A file that still needs
// OPENAI_API_KEY (a client left on OpenAI) keeps them all.
import type { KeyRead } from '../../model.js';
import { deployUrlFindings } from '../deployUrls.js';
import { type PyContext, warn } from './context.js';
import { renameEnvName } from './openaiSdk.js';
import { envNameUse } from './osenv.js';
import type { Node } from './parse.js';
import { renameCheckMessages } from './keyMessages.js';
import { lineOf, named, stringValue } from './tree.js';

export function renameKeyEnvNames(ctx: PyContext): void {
  if (!ctx.movedKey) return;
  if (ctx.keepsOpenAIKey) {
    // Both keys are needed here: the old one for what stays on OpenAI, the new one for the rest.
    for (const s of ctx.index.strings) {
      if (stringValue(s) !== 'OPENAI_API_KEY' || ctx.consumed.has(s.startIndex) || envNameUse(ctx, s) !== 'set') continue;
      warn(ctx, 'unresolved-key', s, `this sets OPENAI_API_KEY, which what stays on OpenAI here still reads; the clients moved to Flux read ${ctx.options.keyEnv}: set that too`);
    }
    return;
  }
  for (const s of ctx.index.strings) {
    if (stringValue(s) !== 'OPENAI_API_KEY' || ctx.consumed.has(s.startIndex)) continue; // already renamed for a client
    const use = envNameUse(ctx, s);
    if (use === 'read' && copiesItself(ctx, s)) {
      // `os.environ["OPENAI_API_KEY"] = os.getenv("OPENAI_API_KEY")`: both sides name the one key.
      renameEnvName(ctx, s, `in step with the clients moved to ${ctx.options.keyEnv}`);
      continue;
    }
    if (use === 'read') {
      warn(ctx, 'unresolved-key', s, `OPENAI_API_KEY is still read here, for something that is not an OpenAI client this file migrated: it stays (and so does OPENAI_API_KEY in env files); if this value goes to Flux, read ${ctx.options.keyEnv} instead`);
    }
    if (use !== 'set' && use !== 'test') continue;
    renameEnvName(ctx, s, `in step with the clients moved to ${ctx.options.keyEnv}`);
    if (use === 'test') renameCheckMessages(ctx, s, `the message of a check renamed in step with the clients moved to ${ctx.options.keyEnv}`);
  }
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
 * `os.getenv`, a test of either), and settings classes that read OPENAI_API_KEY by field name
 * (pydantic's `openai_api_key: str`), for the run's key plan (src/pipeline/keyPlan.ts).
 */
export function reportKeyReads(ctx: PyContext): void {
  const reads: KeyRead[] = [];
  for (const s of ctx.index.strings) {
    const name = stringValue(s);
    if (name !== 'OPENAI_API_KEY' && name !== ctx.options.keyEnv) continue;
    const use = envNameUse(ctx, s);
    if (use === 'read' || use === 'test') reads.push({ name, line: lineOf(s), start: s.startIndex, end: s.endIndex });
  }
  for (const m of ctx.text.matchAll(/^[ \t]+(openai_api_key)[ \t]*:(?!=)/gim)) {
    const start = m.index + m[0].indexOf(m[1]);
    reads.push({ name: 'OPENAI_API_KEY', line: ctx.text.slice(0, start).split('\n').length, start, end: start + m[1].length });
  }
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
