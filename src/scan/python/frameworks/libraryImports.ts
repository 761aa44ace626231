// The imports a migration adds: a name appended to an existing `from m import ...`, or a new
// `from m import name` line after a given import, each added once per module.
import type { Edit } from '../../../model.js';
import type { PyContext } from '../context.js';
import type { Node } from '../parse.js';
import { lineAfter } from '../style.js';
import { named } from '../tree.js';

/** The module-level `from <module> import ...` statements of a module, first first. */
function fromImports(ctx: PyContext, module: string): Node[] {
  return named(ctx.index.root).filter((s) => s.type === 'import_from_statement' && s.childForFieldName('module_name')?.text === module);
}

/** The local name a module-level `from module import name` binds, if there is one. */
export function importedLocal(ctx: PyContext, module: string, name: string): string | undefined {
  for (const [local, imports] of ctx.index.imports) {
    if (imports.some((i) => i.module === module && i.name === name && i.node.parent?.type === 'module')) return local;
  }
  return undefined;
}

/** Whether a name is bound in the module other than by an import of `module.name` (so it cannot be added). */
export function nameTaken(ctx: PyContext, local: string, module: string, name: string): boolean {
  if (ctx.index.functions.has(local) || ctx.index.classes.has(local)) return true;
  if ((ctx.index.assigns.get(local) ?? []).some((a) => a.scope === 0)) return true;
  return (ctx.index.imports.get(local) ?? []).some((i) => i.module !== module || i.name !== name);
}

const added = new WeakMap<PyContext, Map<string, Edit[]>>();

/**
 * Makes `name` of `module` usable at module level: the local name to write, and the edits that
 * import it (empty when it is imported already or was added for an earlier finding of the module).
 * `after` is the import statement a new line goes after. Undefined when the name is taken.
 */
export function ensureImport(ctx: PyContext, module: string, name: string, after: Node): { local: string; edits: Edit[] } | undefined {
  const local = importedLocal(ctx, module, name);
  if (local) return { local, edits: [] };
  if (nameTaken(ctx, name, module, name)) return undefined;
  const done = added.get(ctx) ?? new Map<string, Edit[]>();
  added.set(ctx, done);
  const key = `${module}:${name}`;
  if (done.has(key)) return { local: name, edits: [] };
  const existing = fromImports(ctx, module).find((s) => !s.text.includes('*'));
  // A line this run already adds for the module takes the name too.
  const line = done.get(`${module}:`)?.[0];
  if (!existing && line) {
    line.text += `, ${name}`;
    done.set(key, []);
    return { local: name, edits: [] };
  }
  const edits = existing ? appendName(ctx, existing, name) : [lineAfter(ctx.text, statementAt(after), `from ${module} import ${name}`, ctx.style)];
  done.set(key, edits);
  if (!existing) done.set(`${module}:`, edits);
  return { local: name, edits };
}

// `from m import a, b` -> `from m import a, b, name`; a parenthesized multi-line list gets a line.
function appendName(ctx: PyContext, statement: Node, name: string): Edit[] {
  const names = statement.childrenForFieldName('name').filter((c): c is Node => !!c);
  const last = names[names.length - 1];
  const close = statement.text.endsWith(')') ? statement.endIndex - 1 : statement.endIndex;
  const between = ctx.text.slice(last.endIndex, close);
  const comma = /^\s*,/.exec(between);
  if (statement.text.includes('\n') && statement.text.endsWith(')')) {
    const indent = /[ \t]*$/.exec(ctx.text.slice(0, last.startIndex))![0];
    const at = comma ? last.endIndex + comma[0].length : last.endIndex;
    return [{ start: at, end: at, text: `${comma ? '' : ','}${ctx.style.eol}${indent}${name}${comma ? ',' : ''}` }];
  }
  const at = comma ? last.endIndex + comma[0].length : last.endIndex;
  return [{ start: at, end: at, text: comma ? ` ${name},` : `, ${name}` }];
}

function statementAt(node: Node): Node {
  let cur = node;
  while (cur.parent && cur.parent.type !== 'module' && cur.parent.type !== 'block') cur = cur.parent;
  return cur;
}

/** The module-level import statements before `before` (all of them when absent), last last. */
export function moduleImports(ctx: PyContext, before?: number): Node[] {
  return named(ctx.index.root).filter((s) => (s.type === 'import_statement' || s.type === 'import_from_statement' || s.type === 'future_import_statement') && (before === undefined || s.startIndex < before));
}
