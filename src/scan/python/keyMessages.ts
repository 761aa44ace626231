// The messages a renamed check guards name the Flux key too: `if not os.getenv("OPENAI_API_KEY"):
// raise SystemExit("set OPENAI_API_KEY first")` and `assert os.environ.get(...), "no OPENAI_API_KEY"`
// would otherwise tell the user to set a variable nothing reads any more (the JS side does the
// same: src/scan/js/keyUses.ts).
import type { Edit } from '../../model.js';
import { type PyContext, find } from './context.js';
import type { Node } from './parse.js';
import { named } from './tree.js';

const WORD = /(?<![A-Za-z0-9_])OPENAI_API_KEY(?![A-Za-z0-9_])/g;

/** Renames OPENAI_API_KEY in the strings of what the check of `str` guards (its branches, or an assert's message). */
export function renameCheckMessages(ctx: PyContext, str: Node, why: string): void {
  const edits: Edit[] = [];
  for (const region of guardedBy(str)) {
    for (const content of region.descendantsOfType('string_content')) {
      // A string that is only the name is a name (`os.environ["OPENAI_API_KEY"] = ...`), renamed by its own rule.
      if (!content || content.text === 'OPENAI_API_KEY') continue;
      for (const m of content.text.matchAll(WORD)) {
        const start = content.startIndex + m.index;
        if (ctx.out.findings.some((f) => f.edits.some((e) => e.start <= start && start < e.end))) continue;
        edits.push({ start, end: start + m[0].length, text: ctx.options.keyEnv });
      }
    }
  }
  if (edits.length) find(ctx, 'api-key', str, 'OPENAI_API_KEY (in the message of a check)', ctx.options.keyEnv, edits, why);
}

// The condition a string is in: the branches of its `if`/`elif`/`while`, or the message of its `assert`;
// for a read kept in a variable (`api_key = os.getenv("OPENAI_API_KEY")`), the checks of that
// variable in the statements that follow it (`if not api_key: raise ValueError("OPENAI_API_KEY ...")`).
function guardedBy(str: Node): Node[] {
  for (let cur: Node | null = str; cur && cur.type !== 'block' && cur.type !== 'module'; cur = cur.parent) {
    const up = cur.parent;
    if (!up) break;
    if (up.type === 'assignment' && up.childForFieldName('right')?.id === cur.id && up.childForFieldName('left')?.type === 'identifier') {
      return checksOf(up.childForFieldName('left')!.text, up.parent);
    }
    if ((up.type === 'if_statement' || up.type === 'elif_clause' || up.type === 'while_statement') && up.childForFieldName('condition')?.id === cur.id) {
      return [up.childForFieldName('consequence'), ...(up.type === 'if_statement' ? up.childrenForFieldName('alternative') : [])].filter((n): n is Node => !!n);
    }
    if (up.type === 'assert_statement' && named(up)[0]?.id === cur.id) return named(up).slice(1);
  }
  return [];
}

// The checks of a variable in the statements after `statement`, up to its next assignment.
const FOLLOWING = 5;
function checksOf(name: string, statement: Node | null): Node[] {
  const out: Node[] = [];
  const reads = (n: Node | null | undefined) => !!n && (n.type === 'identifier' ? n.text === name : n.descendantsOfType('identifier').some((d) => d?.text === name));
  let next = statement?.nextNamedSibling ?? null;
  for (let i = 0; next && i < FOLLOWING; i++, next = next.nextNamedSibling) {
    if (next.type === 'if_statement' && reads(next.childForFieldName('condition'))) out.push(...guardedBy(next.childForFieldName('condition')!));
    else if (next.type === 'assert_statement' && reads(named(next)[0])) out.push(...named(next).slice(1));
    else if (next.type === 'expression_statement' && next.namedChildren[0]?.type === 'assignment' && next.namedChildren[0].childForFieldName('left')?.text === name) break;
  }
  return out;
}
