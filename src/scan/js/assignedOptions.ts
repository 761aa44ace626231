// Options objects finished after they are written: `const options = { apiKey }` and later, under
// some condition, `options.apiBaseUrl = process.env.OPENAI_API_BASE_URL`. A base URL added to
// the client's own call would override that assignment; added to the object it is written in, it
// is the default and the assignment still wins where it runs (said in a warning).
import { ownerOf } from './context.js';
import { requestObject } from './options.js';
import { type Node, type Scope, descendants, memberName, unwrap } from './scope.js';

/** The object literal (the options or one spread into them) whose variable gets `key` assigned later, and that assignment. */
export function assignedLater(obj: Node, scope: Scope, key: string): { holder: Node; assignment: Node } | undefined {
  const holders: Node[] = [obj];
  for (const p of obj.properties) {
    if (p.type !== 'SpreadElement') continue;
    const inner = requestObject(p.argument, scope)?.obj;
    if (inner) holders.push(inner);
  }
  for (const holder of holders) {
    const decl = holder.parent;
    if (decl?.type !== 'VariableDeclarator' || decl.id.type !== 'Identifier' || unwrap(decl.init) !== holder) continue;
    const ctx = ownerOf(holder);
    let block: Node = decl;
    while (block.parent && block.type !== 'BlockStatement' && block.type !== 'Program' && block.type !== 'StaticBlock') block = block.parent;
    if (!ctx || !ctx.text.includes(`.${key}`)) continue;
    for (const n of descendants(ctx.index.program)) {
      if (n.type !== 'AssignmentExpression' || memberName(n.left) !== key) continue;
      const target = unwrap(n.left.object);
      if (target?.type !== 'Identifier' || target.name !== decl.id.name) continue;
      // The same variable: assigned within the block that declares it (block scopes are not indexed).
      if (n.start > decl.end && n.end <= block.end) return { holder, assignment: n };
    }
  }
  return undefined;
}
