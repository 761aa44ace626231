// One walk over a babel AST that records what the analysis needs: scopes and their
// bindings, constructor and function calls, assignments, class members and string literals.
// Resolution happens after the walk, so hoisting and use-before-declaration need no care.

import { VISITOR_KEYS } from './visitorKeys.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Node = { type: string; start: number; end: number; loc: { start: { line: number } }; [key: string]: any };

export interface Binding {
  name: string;
  kind: 'import' | 'var' | 'let' | 'const' | 'param' | 'function' | 'class' | 'other';
  /** The identifier that declares it. */
  id: Node;
  /** VariableDeclarator, ImportSpecifier, function, class or parameter node. */
  decl: Node;
  /** Value a declarator was initialised with. */
  init?: Node;
  /** Property names from the declarator's init down to the identifier (`const { a: { b } } = x`). */
  path: string[];
  /** Default value in a parameter or pattern (`model = "gpt-4o"`). */
  fallback?: Node;
  importSource?: string;
  /** 'default', '*', or the imported name. */
  imported?: string;
  typeOnly?: boolean;
  /** Values assigned to it after its declaration (`x = ...`). */
  assigned: Node[];
  /** Properties assigned on it after its declaration (`options.baseURL = ...`): the assignments. */
  props?: Node[];
  exported?: boolean;
  scope: Scope;
}

export class Scope {
  readonly bindings = new Map<string, Binding>();
  /** On a module's root scope: the module (a JsContext), so values can be followed across files. */
  module?: unknown;
  constructor(
    readonly node: Node,
    readonly parent: Scope | undefined,
    readonly isFunction: boolean,
  ) {}

  lookup(name: string): Binding | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const b = s.bindings.get(name);
      if (b) return b;
    }
    return undefined;
  }

  root(): Scope {
    let s: Scope = this;
    while (s.parent) s = s.parent;
    return s;
  }

  functionScope(): Scope {
    let s: Scope = this;
    while (!s.isFunction && s.parent) s = s.parent;
    return s;
  }
}

export interface Site {
  node: Node;
  scope: Scope;
  /** Enclosing class, for `this.x`. */
  cls?: Node;
  /** Enclosing function, if any. */
  fn?: Node;
}

export interface ClassInfo {
  /** `x = value` class fields and `this.x = value` assignments, by member name. */
  members: Map<string, Node[]>;
  scope: Scope;
}

export interface FileIndex {
  program: Node;
  scope: Scope;
  news: Site[];
  calls: Site[];
  strings: Site[];
  /** Object and array literals, for style detection. */
  literals: Node[];
  /** Computed member reads with a non-literal key (`LIMITS[model]`), for lookups keyed by model ids. */
  lookups: Site[];
  classes: Map<Node, ClassInfo>;
  /** Return values of each function (not of nested functions). */
  returns: Map<Node, Node[]>;
  /** Scope of each function node, for its parameters. */
  scopeOf: Map<Node, Scope>;
  /** Names exported by the module: the local identifier (or default-exported expression) by exported name. */
  exports: Map<string, Node>;
  /** `export { a as b } from "./x"` (name: 'b', imported: 'a') and `export * from "./x"` (name: '*'). */
  reexports: { name: string; imported: string; source: string }[];
}

const SKIP = new Set(['type', 'start', 'end', 'loc', 'range', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'parent']);

/** The keys that may hold a node's children: babel's visitor keys (a table: 2x faster than `for in`), else its own keys. */
function childKeys(node: Node): readonly string[] {
  return CHILD_KEYS.get(node.type) ?? Object.keys(node).filter((k) => !SKIP.has(k));
}
const CHILD_KEYS = new Map(Object.entries(VISITOR_KEYS) as [string, readonly string[]][]);
const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod']);
const BLOCKS = new Set(['BlockStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement', 'SwitchStatement', 'CatchClause', 'StaticBlock', 'TSModuleBlock']);
const TYPE_ONLY = new Set(['TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSDeclareFunction', 'TSTypeAnnotation', 'TypeAnnotation', 'TSTypeParameterInstantiation', 'TSTypeParameterDeclaration']);
// What visit does with a node type, in one lookup a node.
const TYPE = 1, FUNCTION = 2, BLOCK = 3;
const KIND = new Map<string, number>([
  ...[...TYPE_ONLY].map((t): [string, number] => [t, TYPE]),
  ...[...FUNCTIONS].map((t): [string, number] => [t, FUNCTION]),
  ...[...BLOCKS].map((t): [string, number] => [t, BLOCK]),
]);

/** Unwraps parentheses and TypeScript-only wrappers (`x as T`, `x!`, `<T>x`, `x satisfies T`). */
export function unwrap(node: Node | undefined | null): Node | undefined {
  while (node && (node.type === 'TSAsExpression' || node.type === 'TSNonNullExpression' || node.type === 'TSTypeAssertion'
    || node.type === 'TSSatisfiesExpression' || node.type === 'ParenthesizedExpression' || node.type === 'TypeCastExpression')) {
    node = node.expression;
  }
  return node ?? undefined;
}

export function indexFile(program: Node): FileIndex {
  const root = new Scope(program, undefined, true);
  const index: FileIndex = {
    program, scope: root, news: [], calls: [], strings: [], literals: [], lookups: [], classes: new Map(), returns: new Map(), scopeOf: new Map(), exports: new Map(), reexports: [],
  };
  const pendingAssign: { target: Node; value: Node; scope: Scope; node: Node }[] = [];

  function declare(scope: Scope, id: Node, b: Omit<Binding, 'name' | 'id' | 'scope' | 'assigned'>) {
    if (id?.type !== 'Identifier') return;
    scope.bindings.set(id.name, { name: id.name, id, scope, assigned: [], ...b });
  }

  // Declares every identifier of a pattern, with the property path that leads to it.
  function declarePattern(scope: Scope, pattern: Node, base: Omit<Binding, 'name' | 'id' | 'scope' | 'assigned' | 'path'>, path: string[] = [], fallback?: Node) {
    if (!pattern) return;
    switch (pattern.type) {
      case 'Identifier':
        declare(scope, pattern, { ...base, path, fallback });
        break;
      case 'AssignmentPattern':
        declarePattern(scope, pattern.left, base, path, pattern.right);
        break;
      case 'ObjectPattern':
        for (const p of pattern.properties) {
          if (p.type === 'RestElement') declarePattern(scope, p.argument, { ...base, kind: base.kind }, [...path, '...']);
          else declarePattern(scope, p.value, base, [...path, propName(p) ?? '?']);
        }
        break;
      case 'ArrayPattern':
        pattern.elements.forEach((e: Node, i: number) => e && declarePattern(scope, e, base, [...path, String(i)]));
        break;
      case 'RestElement':
        declarePattern(scope, pattern.argument, base, [...path, '...']);
        break;
      case 'TSParameterProperty':
        declarePattern(scope, pattern.parameter, base, path);
        break;
    }
  }

  // The walk is a loop over a stack, not recursion (a 2,000-term `1 + 1 + ...` is 2,000 levels
  // deep): `visit` queues a child, and the loop takes the children of a node in order, depth
  // first, as a recursive walk would.
  type Item = [Node, Scope, Node | undefined, Node | undefined];
  let queued: Item[] = [];
  function visit(node: Node, scope: Scope, cls: Node | undefined, fn: Node | undefined) {
    queued.push([node, scope, cls, fn]);
  }
  function walk(items: Item[]) {
    const stack = items.reverse();
    while (stack.length) {
      queued = [];
      visitNode(...stack.pop()!);
      for (let i = queued.length - 1; i >= 0; i--) stack.push(queued[i]);
    }
  }

  function visitNode(node: Node, scope: Scope, cls: Node | undefined, fn: Node | undefined) {
    const type = node.type;
    const kind = KIND.get(type) ?? 0;
    if (kind === TYPE) {
      collectTypeStrings(node, scope, cls, fn);
      return;
    }
    switch (type) {
      case 'ImportDeclaration': {
        const typeOnly = node.importKind === 'type' || node.importKind === 'typeof';
        for (const s of node.specifiers) {
          const imported = s.type === 'ImportDefaultSpecifier' ? 'default' : s.type === 'ImportNamespaceSpecifier' ? '*' : propName({ key: s.imported });
          declare(root, s.local, { kind: 'import', decl: s, path: [], importSource: node.source.value, imported, typeOnly: typeOnly || s.importKind === 'type' });
        }
        return;
      }
      case 'TSImportEqualsDeclaration':
        if (node.moduleReference?.type === 'TSExternalModuleReference') {
          declare(scope, node.id, { kind: 'import', decl: node, path: [], importSource: node.moduleReference.expression.value, imported: 'require', typeOnly: node.importKind === 'type' });
        }
        return;
      case 'VariableDeclaration': {
        const target = node.kind === 'var' ? scope.functionScope() : scope;
        const kind = node.kind === 'const' ? 'const' : node.kind === 'var' ? 'var' : 'let';
        for (const d of node.declarations) declarePattern(target, d.id, { kind, decl: d, init: d.init ?? undefined });
        break;
      }
      case 'FunctionDeclaration':
        declare(scope, node.id, { kind: 'function', decl: node, path: [] });
        break;
      case 'ClassDeclaration':
        declare(scope, node.id, { kind: 'class', decl: node, path: [] });
        break;
      case 'ExportAllDeclaration':
        if (node.exportKind !== 'type') index.reexports.push({ name: node.exported ? propName({ key: node.exported })! : '*', imported: '*', source: node.source.value });
        return;
      case 'ExportNamedDeclaration':
        for (const s of node.specifiers ?? []) {
          if (node.exportKind === 'type' || s.exportKind === 'type') continue;
          const exported = propName({ key: s.exported })!;
          if (node.source) index.reexports.push({ name: exported, imported: s.type === 'ExportNamespaceSpecifier' ? '*' : s.type === 'ExportDefaultSpecifier' ? 'default' : propName({ key: s.local })!, source: node.source.value });
          else if (s.type === 'ExportSpecifier') index.exports.set(exported, s.local);
        }
        if (node.declaration?.type === 'VariableDeclaration') for (const d of node.declaration.declarations) if (d.id.type === 'Identifier') index.exports.set(d.id.name, d.id);
        if (node.declaration?.id) index.exports.set(node.declaration.id.name, node.declaration.id);
        break;
      case 'ExportDefaultDeclaration':
        index.exports.set('default', node.declaration);
        break;
      case 'NewExpression':
        index.news.push({ node, scope, cls, fn });
        break;
      case 'CallExpression':
      case 'OptionalCallExpression':
        index.calls.push({ node, scope, cls, fn });
        break;
      case 'StringLiteral':
        index.strings.push({ node, scope, cls, fn });
        break;
      case 'MemberExpression':
      case 'OptionalMemberExpression':
        if (node.computed && node.property.type !== 'StringLiteral' && node.property.type !== 'NumericLiteral') index.lookups.push({ node, scope, cls, fn });
        break;
      case 'ObjectExpression':
      case 'ArrayExpression':
        index.literals.push(node);
        break;
      case 'TemplateLiteral':
        if (node.expressions.length === 0) index.strings.push({ node, scope, cls, fn });
        break;
      case 'RegExpLiteral':
        index.strings.push({ node, scope, cls, fn });
        break;
      case 'AssignmentExpression':
        if (node.operator === '=' || node.operator === '||=' || node.operator === '??=') pendingAssign.push({ target: node.left, value: node.right, scope, node });
        if (node.operator === '=') commonJsExport(node.left, node.right);
        if (cls && node.left.type === 'MemberExpression' && node.left.object.type === 'ThisExpression') {
          const name = propName({ key: node.left.property, computed: node.left.computed });
          if (name) addMember(cls, name, node.right);
        }
        break;
      case 'ReturnStatement':
        if (fn && node.argument) index.returns.get(fn)!.push(node.argument);
        break;
    }

    if (type === 'ClassDeclaration' || type === 'ClassExpression') {
      index.classes.set(node, { members: new Map(), scope });
      if (node.superClass) {
        node.superClass.parent = node;
        visit(node.superClass, scope, cls, fn);
      }
      const inner = new Scope(node, scope, false);
      if (type === 'ClassExpression' && node.id) declare(inner, node.id, { kind: 'class', decl: node, path: [] });
      for (const member of node.body.body) {
        if ((member.type === 'ClassProperty' || member.type === 'ClassPrivateProperty') && member.value) {
          const name = member.type === 'ClassPrivateProperty' ? '#' + member.key.id.name : propName(member);
          if (name && !member.static) addMember(node, name, member.value);
        }
        member.parent = node;
        visit(member, inner, node, fn);
      }
      return;
    }

    if (kind === FUNCTION) {
      const inner = new Scope(node, scope, true);
      index.scopeOf.set(node, inner);
      index.returns.set(node, []);
      if (type === 'FunctionExpression' && node.id) declare(inner, node.id, { kind: 'function', decl: node, path: [] });
      for (const p of node.params) {
        declarePattern(inner, p, { kind: 'param', decl: node });
        // `constructor(private client = new OpenAI())` declares a class member holding the parameter
        if (p.type === 'TSParameterProperty' && cls) {
          const id = p.parameter.type === 'AssignmentPattern' ? p.parameter.left : p.parameter;
          if (id.type === 'Identifier') addMember(cls, id.name, id);
        }
      }
      if (node.key && node.computed) visit(node.key, scope, cls, fn);
      for (const p of node.params) {
        p.parent = node;
        visit(p, inner, cls, node);
      }
      node.body.parent = node;
      if (type === 'ArrowFunctionExpression' && node.body.type !== 'BlockStatement') {
        index.returns.get(node)!.push(node.body);
        visit(node.body, inner, cls, node);
      } else {
        for (const stmt of node.body.body) {
          stmt.parent = node.body;
          visit(stmt, inner, cls, node);
        }
      }
      return;
    }

    let inner = scope;
    if (kind === BLOCK) {
      inner = new Scope(node, scope, false);
      if (type === 'CatchClause' && node.param) declarePattern(inner, node.param, { kind: 'let', decl: node });
    }
    for (const key of childKeys(node)) {
      const value = node[key];
      if (Array.isArray(value)) {
        for (const child of value) {
          if (child && typeof child.type === 'string') {
            child.parent = node;
            visit(child, inner, cls, fn);
          }
        }
      } else if (value && typeof value.type === 'string') {
        value.parent = node;
        visit(value, inner, cls, fn);
      }
    }
  }

  // `module.exports = x`, `module.exports = { a, b: c }`, `exports.a = x`, `module.exports.a = x`.
  function commonJsExport(left: Node, right: Node) {
    const isModuleExports = (n: Node) => n.type === 'MemberExpression' && n.object.type === 'Identifier' && n.object.name === 'module' && memberName(n) === 'exports';
    if (isModuleExports(left)) {
      index.exports.set('default', right);
      if (right.type === 'ObjectExpression') {
        for (const p of right.properties) {
          const name = p.type === 'ObjectProperty' ? propName(p) : undefined;
          if (name) index.exports.set(name, p.value);
        }
      }
    } else if (left.type === 'MemberExpression' && (isModuleExports(left.object) || (left.object.type === 'Identifier' && left.object.name === 'exports'))) {
      const name = memberName(left);
      if (name) index.exports.set(name, right);
    }
  }

  function addMember(cls: Node, name: string, value: Node) {
    const info = index.classes.get(cls);
    if (!info) return;
    const list = info.members.get(name) ?? [];
    list.push(value);
    info.members.set(name, list);
  }

  // Model ids in type positions (`type Model = "gpt-4o" | ...`) are registries: record them as strings.
  function collectTypeStrings(node: Node, scope: Scope, cls: Node | undefined, fn: Node | undefined) {
    const stack = [node];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === 'StringLiteral') index.strings.push({ node: n, scope, cls, fn });
      for (const key of childKeys(n)) {
        const v = n[key];
        if (Array.isArray(v)) {
          for (const c of v) if (c && typeof c.type === 'string') stack.push(Object.assign(c, { parent: n }));
        } else if (v && typeof v.type === 'string') stack.push(Object.assign(v, { parent: n }));
      }
    }
  }

  for (const stmt of program.body) {
    stmt.parent = program;
    visit(stmt, root, undefined, undefined);
  }
  walk(queued);
  for (const { target, value, scope, node } of pendingAssign) {
    if (target.type === 'Identifier') scope.lookup(target.name)?.assigned.push(value);
    else if (target.type === 'MemberExpression' && target.object.type === 'Identifier' && memberName(target) !== undefined) {
      const b = scope.lookup(target.object.name);
      if (b) (b.props ??= []).push(node);
    }
  }
  for (const local of index.exports.values()) {
    if (local?.type === 'Identifier') {
      const b = root.bindings.get(local.name);
      if (b) b.exported = true;
    }
  }
  return index;
}

/** The static name of a property key (`a`, `"a"`, `['a']`), or undefined when it is computed. */
export function propName(prop: { key?: Node; computed?: boolean } | Node | undefined): string | undefined {
  const key = prop?.key;
  if (!key) return undefined;
  if (!prop.computed && key.type === 'Identifier') return key.name;
  if (key.type === 'StringLiteral') return key.value;
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0].value.cooked;
  if (!prop.computed && key.type === 'NumericLiteral') return String(key.value);
  return undefined;
}

/** The static name of a member access (`a.b`, `a["b"]`, `a?.b`), or undefined. */
export function memberName(node: Node): string | undefined {
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return undefined;
  return propName({ key: node.property, computed: node.computed });
}

/** The value of a string literal or a template literal without expressions. */
export function stringValue(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'StringLiteral') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked ?? undefined;
  return undefined;
}

/** The innermost function scope around a node (for values written in a method), or the fallback. */
export function scopeAt(node: Node, index: FileIndex, fallback: Scope): Scope {
  for (let p: Node | undefined = node.parent; p; p = p.parent) {
    const scope = index.scopeOf.get(p);
    if (scope) return scope;
  }
  return fallback;
}

/** Every node under (and including) a node. */
export function* descendants(node: Node): Generator<Node> {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    yield n;
    const keys = childKeys(n);
    for (let k = keys.length - 1; k >= 0; k--) {
      const v = n[keys[k]];
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) if (v[i] && typeof v[i].type === 'string') stack.push(v[i]);
      } else if (v && typeof v.type === 'string') stack.push(v);
    }
  }
}
