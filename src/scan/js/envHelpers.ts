// Environment reads made through code of the run rather than written as `process.env.X`:
// helpers recognised by their body (`function requiredEnv(name) { const v = process.env[name];
// if (!v) throw ...; return v }`, here or imported, as functions, arrows or methods), and
// NestJS's ConfigService (`config.get("OPENAI_API_KEY")`, recognised by its import). A call
// with a literal name is a read of that variable, renamed like `process.env.X` when it feeds a
// migrated client.
import { ownerOf } from './context.js';
import { type EnvRead, classMembers, define, functionTarget, instanceClasses, stableInit } from './resolve.js';
import { type Node, type Scope, memberName, propName, scopeAt, stringValue, unwrap } from './scope.js';

/** What env variable names look like: `OPENAI_API_KEY`, not `gpt.key` or `apiKey`. */
export const ENV_NAME = /^[A-Z][A-Z0-9_]*_[A-Z0-9_]+$|^[A-Z]{3,}$/;

const cache = new WeakMap<Node, EnvRead | null>();
const helpers = new WeakMap<Node, number | null>();

/** `requiredEnv("OPENAI_API_KEY")`, `this.config.get("OPENAI_API_KEY")`: the variable a call reads. */
export function helperRead(node: Node): EnvRead | undefined {
  if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return undefined;
  const hit = cache.get(node);
  if (hit !== undefined) return hit ?? undefined;
  cache.set(node, null);
  // Cheap first: some argument is a literal env name.
  if (!node.arguments.some((a: Node) => ENV_NAME.test(stringValue(a) ?? ''))) return undefined;
  const owner = ownerOf(node);
  if (!owner) return undefined;
  const scope = scopeAt(node, owner.index, owner.index.scope);
  const position = readPosition(unwrap(node.callee), scope, node);
  const nameNode = position === undefined ? undefined : node.arguments[position];
  const name = stringValue(nameNode);
  const read = name !== undefined && ENV_NAME.test(name) ? { name, nameNode } : undefined;
  cache.set(node, read ?? null);
  return read;
}

// Which argument of a call names the variable it reads, when the callee is an env helper.
function readPosition(callee: Node | undefined, scope: Scope, call: Node): number | undefined {
  if (!callee) return undefined;
  if (callee.type === 'Identifier') {
    const fn = functionTarget(callee, scope);
    return fn ? helperPosition(fn.node) : undefined;
  }
  if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return undefined;
  const name = memberName(callee);
  if (name === undefined) return undefined;
  if ((name === 'get' || name === 'getOrThrow') && isNestConfig(callee.object, scope, call)) return 0;
  // A method of a class of the run: `this.env("X")`, `settings.read("X")`.
  const cls = unwrap(callee.object)?.type === 'ThisExpression' ? classOf(call) : undefined;
  const classes = cls ? [cls] : instanceClasses(callee.object, scope, undefined).map((c) => c.node);
  for (const c of classes) {
    const method = c.body.body.find((m: Node) => (m.type === 'ClassMethod' || m.type === 'ClassProperty') && !m.static && propName(m) === name);
    const fn = method?.type === 'ClassMethod' ? method : unwrap(method?.value);
    if (fn && (fn.type === 'ClassMethod' || fn.type === 'ArrowFunctionExpression' || fn.type === 'FunctionExpression')) return helperPosition(fn);
  }
  return undefined;
}

function classOf(node: Node): Node | undefined {
  for (let p: Node | undefined = node.parent; p; p = p.parent) if (p.type === 'ClassDeclaration' || p.type === 'ClassExpression') return p;
  return undefined;
}

/**
 * The parameter a function reads from the environment and returns (`return process.env[name]`,
 * `?? fallback`, `.trim()`, through a local const), or undefined when it is no env helper.
 */
export function helperPosition(fn: Node): number | undefined {
  const hit = helpers.get(fn);
  if (hit !== undefined) return hit ?? undefined;
  helpers.set(fn, null);
  const owner = ownerOf(fn);
  const fnScope = owner?.index.scopeOf.get(fn);
  const returns = owner?.index.returns.get(fn) ?? [];
  if (!fnScope || !returns.length) return undefined;
  let position: number | undefined;
  for (const r of returns) {
    const param = readParam(r, fnScope, 0);
    if (!param) continue;
    const b = fnScope.bindings.get(param);
    const at: number = b?.kind === 'param' && !b.path.length ? fn.params.findIndex((p: Node) => p.start <= b.id.start && b.id.end <= p.end) : -1;
    if (at < 0 || (position !== undefined && position !== at)) return undefined;
    position = at;
  }
  helpers.set(fn, position ?? null);
  return position;
}

// The parameter name in `process.env[name]` that an expression returns, if that is what it returns.
function readParam(expr: Node | undefined, scope: Scope, depth: number): string | undefined {
  const node = unwrap(expr);
  if (!node || depth > 4) return undefined;
  switch (node.type) {
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      const obj = unwrap(node.object);
      if (node.computed && isEnvObject(obj)) return unwrap(node.property)?.type === 'Identifier' ? unwrap(node.property)!.name : undefined;
      return undefined;
    }
    case 'CallExpression':
    case 'OptionalCallExpression': {
      const callee = unwrap(node.callee);
      // Deno.env.get(name)
      if (callee && memberName(callee) === 'get' && isEnvObject(unwrap(callee.object)) && unwrap(node.arguments[0])?.type === 'Identifier') return unwrap(node.arguments[0])!.name;
      // process.env[name]?.trim(), String(process.env[name])
      if (callee && (memberName(callee) === 'trim' || memberName(callee) === 'toString')) return readParam(callee.object, scope, depth + 1);
      if (callee?.type === 'Identifier' && callee.name === 'String' && node.arguments.length === 1) return readParam(node.arguments[0], scope, depth + 1);
      return undefined;
    }
    case 'LogicalExpression':
      return readParam(node.left, scope, depth + 1) ?? (node.operator === '&&' ? undefined : readParam(node.right, scope, depth + 1));
    case 'ConditionalExpression':
      return readParam(node.consequent, scope, depth + 1) ?? readParam(node.alternate, scope, depth + 1);
    case 'Identifier': {
      const d = define(node.name, scope);
      const b = d && 'binding' in d ? d.binding : undefined;
      const init = b && b.scope.functionScope() === scope.functionScope() ? stableInit(b) : undefined;
      return init ? readParam(init, b!.scope, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

// `process.env`, `import.meta.env`, `Deno.env`.
function isEnvObject(node: Node | undefined): boolean {
  if (!node || node.type !== 'MemberExpression' || memberName(node) !== 'env') return false;
  const root = unwrap(node.object);
  return (root?.type === 'Identifier' && (root.name === 'process' || root.name === 'Deno')) || root?.type === 'MetaProperty';
}

// `this.configService` or `configService`, typed by `ConfigService` from @nestjs/config.
function isNestConfig(object: Node, scope: Scope, call: Node): boolean {
  const obj = unwrap(object);
  let ids: Node[] = [];
  if (obj?.type === 'Identifier') {
    const d = define(obj.name, scope);
    if (d && 'binding' in d) ids = [d.binding.id];
  } else if (obj?.type === 'MemberExpression' && unwrap(obj.object)?.type === 'ThisExpression') {
    const cls = classOf(call);
    const name = memberName(obj);
    const owner = cls && ownerOf(cls);
    ids = name !== undefined && owner ? (classMembers(cls, owner.index, name) ?? []).map((m) => m.value).filter((v) => v.type === 'Identifier') : [];
    // `private config: ConfigService` declared as a field.
    const field = cls?.body.body.find((m: Node) => m.type === 'ClassProperty' && propName(m) === name);
    if (field) ids.push(field);
  }
  return ids.some((id) => {
    const type = id.typeAnnotation?.typeAnnotation;
    if (type?.type !== 'TSTypeReference' || type.typeName?.type !== 'Identifier') return false;
    const owner = ownerOf(id);
    const b = owner?.index.scope.lookup(type.typeName.name);
    return b?.kind === 'import' && b.importSource === '@nestjs/config' && b.imported === 'ConfigService';
  });
}

