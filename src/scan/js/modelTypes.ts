// A migrated model value typed by a union of OpenAI ids (`type ChatModel = "gpt-4o" | "gpt-4o-mini"`;
// `model: ChatModel = "gpt-4o"`) would not type-check once it is a Flux id: the union, where it is
// defined (here or in an imported module), gets the Flux ids the run writes (a model finding with
// `union`, filled in by the plan). A value typed by the `openai` package's own model types is
// warned instead: that union cannot be edited.
import { classifyOpenAIModel } from '../../catalog/models.js';
import { type JsContext, lineOf, ownerOf, warn } from './context.js';
import { type Node, propName, stringValue } from './scope.js';

const MAX_DEPTH = 6;

/** Called for each new model finding: extends the union that types its literal, if any. */
export function extendModelUnion(ctx: JsContext, literal: Node, value: string): void {
  const type = annotationOf(literal, 0);
  const found = type && resolveType(type, ctx, 0);
  if (!found) return;
  if ('openai' in found) {
    warn(ctx, 'model-name-logic', literal, `"${value}" is typed by the openai package's \`${found.openai}\`, a union of OpenAI ids: a flux-* id does not type-check there; widen that type to \`string\``);
    return;
  }
  const { union, owner } = found;
  const members = union.types.map((t: Node) => (t.type === 'TSLiteralType' ? stringValue(t.literal) : undefined));
  const last = union.types[union.types.length - 1];
  const lineStart = owner.text.lastIndexOf('\n', last.start - 1) + 1;
  const lead = /^([ \t]*)\|[ \t]*$/.exec(owner.text.slice(lineStart, last.start));
  const sep = lead ? `${owner.style.eol}${lead[1]}| ` : ' | ';
  const quoteNode = union.types.find((t: Node) => t.type === 'TSLiteralType' && t.literal.type === 'StringLiteral');
  const quote = quoteNode ? owner.text[quoteNode.literal.start] : owner.style.quote;
  if (owner.out.findings.some((f) => f.union?.at === last.end && f.before === value)) return;
  for (const t of union.types) if (t.type === 'TSLiteralType') owner.consumed.add(t.literal); // no hint: it gets the Flux ids
  const where = `${ctx === owner ? '' : ctx.path.split('/').pop() + ':'}${lineOf(literal)}`;
  owner.out.findings.push({
    kind: 'model', line: lineOf(union), before: value, after: '', why: [`the type of the model value at ${where}`], edits: [],
    union: { at: last.end, sep, quote, present: members.filter((m: string | undefined): m is string => m !== undefined) },
  });
  // The union also keys a table that must then have entries for the new ids.
  const alias = union.parent?.type === 'TSTypeAliasDeclaration' ? union.parent.id.name : undefined;
  if (alias && new RegExp(`Record<\\s*${alias}\\b|in\\s+${alias}\\s*\\]`).test(owner.text)) {
    warn(owner, 'model-name-logic', union, `${alias} also keys a table (Record<${alias}, ...> or a mapped type): with the Flux ids added to ${alias}, that table needs entries for them`);
  }
}

// The type written for the place a literal is stored: a variable, field, parameter default,
// `as`/`satisfies`, or a property of an object typed by an interface.
function annotationOf(node: Node, depth: number): Node | undefined {
  const p: Node | undefined = node.parent;
  if (!p || depth > MAX_DEPTH) return undefined;
  switch (p.type) {
    case 'VariableDeclarator':
      return p.init === node ? p.id.typeAnnotation?.typeAnnotation : undefined;
    case 'ClassProperty':
    case 'ClassPrivateProperty':
      return p.value === node ? p.typeAnnotation?.typeAnnotation : undefined;
    case 'AssignmentPattern':
      return p.right === node ? p.left.typeAnnotation?.typeAnnotation : undefined;
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
      return p.typeAnnotation;
    case 'ConditionalExpression':
    case 'LogicalExpression':
    case 'ParenthesizedExpression':
      return annotationOf(p, depth + 1);
    case 'ObjectProperty': {
      if (p.value !== node || p.parent?.type !== 'ObjectExpression') return undefined;
      const objType = annotationOf(p.parent, depth + 1);
      const name = propName(p);
      return objType && name !== undefined ? memberType(objType, name, ownerOf(node), depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

type Resolved = { union: Node; owner: JsContext } | { openai: string };

// A type reference followed to the union of model ids it names.
function resolveType(type: Node, ctx: JsContext, depth: number): Resolved | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (type.type === 'TSParenthesizedType') return resolveType(type.typeAnnotation, ctx, depth + 1);
  if (type.type === 'TSUnionType') {
    const ids = type.types.filter((t: Node) => t.type === 'TSLiteralType' && classifyOpenAIModel(stringValue(t.literal) ?? '')?.kind === 'chat');
    return ids.length ? { union: type, owner: ctx } : undefined;
  }
  if (type.type !== 'TSTypeReference') return undefined;
  if (type.typeName.type === 'TSQualifiedName') {
    const root = type.typeName.left;
    const b = root.type === 'Identifier' ? ctx.index.scope.lookup(root.name) : undefined;
    return b?.kind === 'import' && /^openai(\/|$)/.test(b.importSource ?? '') && /Model$/.test(type.typeName.right.name) ? { openai: `${root.name}.${type.typeName.right.name}` } : undefined;
  }
  const decl = typeDeclaration(type.typeName.name, ctx, depth);
  if (!decl) return undefined;
  if ('openai' in decl) return decl;
  return decl.node.type === 'TSTypeAliasDeclaration' ? resolveType(decl.node.typeAnnotation, decl.owner, depth + 1) : undefined;
}

// The type of a property of an object type (an interface or a type literal).
function memberType(objType: Node, name: string, ctx: JsContext | undefined, depth: number): Node | undefined {
  if (!ctx || depth > MAX_DEPTH) return undefined;
  let members: Node[] | undefined;
  if (objType.type === 'TSTypeLiteral') members = objType.members;
  else if (objType.type === 'TSTypeReference' && objType.typeName.type === 'Identifier') {
    const decl = typeDeclaration(objType.typeName.name, ctx, depth);
    if (!decl || 'openai' in decl) return undefined;
    if (decl.node.type === 'TSInterfaceDeclaration') members = decl.node.body.body;
    else if (decl.node.typeAnnotation?.type === 'TSTypeLiteral') members = decl.node.typeAnnotation.members;
  }
  const member = members?.find((m) => m.type === 'TSPropertySignature' && propName(m) === name);
  return member?.typeAnnotation?.typeAnnotation;
}

// A type alias or interface by name: in this module, or imported from a module of the run (or
// from the `openai` package, whose types are not edited).
function typeDeclaration(name: string, ctx: JsContext, depth: number): { node: Node; owner: JsContext } | { openai: string } | undefined {
  const own = localType(name, ctx);
  if (own) return { node: own, owner: ctx };
  const b = ctx.index.scope.lookup(name);
  if (b?.kind !== 'import' || !b.importSource || depth > MAX_DEPTH) return undefined;
  if (/^openai(\/|$)/.test(b.importSource)) return /Model$/.test(b.imported ?? '') ? { openai: b.imported! } : undefined;
  const file = ctx.project?.resolveSpecifier(ctx.path, b.importSource);
  const mod = file ? ctx.project?.module(file) : undefined;
  if (!mod || !b.imported || b.imported === '*' || b.imported === 'default') return undefined;
  const there = localType(b.imported, mod);
  if (there) return { node: there, owner: mod };
  // `export type { ChatModel } from "./models"`, `import { ChatModel } from "./models"` re-exported
  return typeDeclaration(b.imported, mod, depth + 1);
}

function localType(name: string, ctx: JsContext): Node | undefined {
  for (const stmt of ctx.index.program.body) {
    const decl = stmt.type === 'ExportNamedDeclaration' ? stmt.declaration : stmt;
    if ((decl?.type === 'TSTypeAliasDeclaration' || decl?.type === 'TSInterfaceDeclaration') && decl.id.name === name) return decl;
  }
  return undefined;
}

