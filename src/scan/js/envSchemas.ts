// Environment variables read through a validated object rather than `process.env`: t3-env
// (`createEnv({ server: { OPENAI_API_KEY: z.string() }, runtimeEnv: {...} })`, with `extends`),
// zod schemas parsed from the environment (`z.object({...}).parse(process.env)`, `safeParse(...).data`)
// and envalid's `cleanEnv(process.env, {...})`. `env.OPENAI_API_KEY` is then a read of that
// variable, and the schema's property is where the name is declared; a zod `.default("gpt-4o")`
// is the value used when the variable is unset.
import { ownerOf } from './context.js';
import { ENV_NAME, helperRead } from './envHelpers.js';
import { type EnvRead, define, setIndirectReads, definedValue, findProperty, functionTarget, moduleRef, namespaceMember } from './resolve.js';
import { type Node, type Scope, memberName, scopeAt, stringValue, unwrap } from './scope.js';

/** The object literals that declare a validated environment's variables, and those that feed it (`runtimeEnv`). */
export interface EnvSchema {
  declared: Node[];
  runtime: Node[];
}

const MAX_DEPTH = 10;
const T3_MODULE = /^@t3-oss\/env-/;
const cache = new WeakMap<Node, EnvRead | null>();

/** `env.OPENAI_API_KEY` on a validated environment: the variable it reads, and its schema default. */
export function validatedRead(node: Node): EnvRead | undefined {
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return undefined;
  const name = memberName(node);
  if (name === undefined || !ENV_NAME.test(name)) return undefined;
  const hit = cache.get(node);
  if (hit !== undefined) return hit ?? undefined;
  cache.set(node, null);
  const owner = ownerOf(node);
  if (!owner) return undefined;
  const schema = envSchemaOf(node.object, scopeAt(node, owner.index, owner.index.scope), 0);
  if (!schema) return undefined;
  const declared = schema.declared.map((obj) => findProperty(obj, name)).find(Boolean);
  const read = { name, nameNode: node.property, fallback: declared && schemaDefault(declared.value) };
  cache.set(node, read);
  return read;
}

/** The validated environment an expression holds, if it holds one. */
export function envSchemaOf(expr: Node | undefined, scope: Scope, depth: number): EnvSchema | undefined {
  const node = unwrap(expr);
  if (!node || depth > MAX_DEPTH) return undefined;
  switch (node.type) {
    case 'Identifier': {
      const d = define(node.name, scope);
      const known = d && definedValue(d);
      return known ? envSchemaOf(known.value, known.scope, depth + 1) : undefined;
    }
    case 'AwaitExpression':
      return envSchemaOf(node.argument, scope, depth + 1);
    case 'MemberExpression': {
      // `schema.safeParse(process.env).data`
      if (memberName(node) === 'data') return envSchemaOf(node.object, scope, depth + 1);
      const ns = namespaceMember(node, scope);
      const known = ns && definedValue(ns);
      return known ? envSchemaOf(known.value, known.scope, depth + 1) : undefined;
    }
    case 'CallExpression':
      return callSchema(node, scope, depth);
    default:
      return undefined;
  }
}

function callSchema(node: Node, scope: Scope, depth: number): EnvSchema | undefined {
  const callee = unwrap(node.callee);
  const ref = callee && moduleRef(callee, scope);
  // t3-env: createEnv({ server, client, shared, runtimeEnv, extends })
  if (ref && T3_MODULE.test(ref.source) && ref.path.at(-1) === 'createEnv') {
    const opts = objectOf(node.arguments[0], scope);
    if (!opts) return undefined;
    const part = (key: string) => objectOf(findProperty(opts, key)?.value, scope);
    const declared = ['server', 'client', 'shared'].map(part).filter(Boolean) as Node[];
    const runtime = ['runtimeEnv', 'runtimeEnvStrict', 'experimental__runtimeEnv'].map(part).filter(Boolean) as Node[];
    const extended = unwrap(findProperty(opts, 'extends')?.value);
    for (const e of extended?.type === 'ArrayExpression' ? extended.elements : []) {
      const inner = envSchemaOf(e, scope, depth + 1);
      if (inner) {
        declared.push(...inner.declared);
        runtime.push(...inner.runtime);
      }
    }
    return { declared, runtime };
  }
  // envalid: cleanEnv(process.env, { OPENAI_API_KEY: str() })
  if (ref && ref.source === 'envalid' && ref.path.at(-1) === 'cleanEnv') {
    const spec = objectOf(node.arguments[1], scope);
    return spec ? { declared: [spec], runtime: [] } : undefined;
  }
  // zod: schema.parse(process.env), schema.safeParse(process.env)
  if (callee?.type === 'MemberExpression' && ['parse', 'safeParse', 'parseAsync', 'safeParseAsync'].includes(memberName(callee) ?? '') && isEnvSource(node.arguments[0])) {
    const declared = zodObjects(callee.object, scope, depth + 1);
    return declared.length ? { declared, runtime: [] } : undefined;
  }
  // A function of the run that returns one: `keys()`, `parseEnv()`.
  const fn = functionTarget(callee, scope);
  const owner = fn && ownerOf(fn.node);
  const fnScope = owner?.index.scopeOf.get(fn!.node);
  for (const r of (fnScope && owner!.index.returns.get(fn!.node)) ?? []) {
    const found = envSchemaOf(r, fnScope!, depth + 1);
    if (found) return found;
  }
  return undefined;
}

// The object literals of a zod object schema: `z.object({...})`, with `.extend({...})`,
// `.merge(other)`, and wrappers such as `.strict()`, `.refine(...)`, `.transform(...)`.
function zodObjects(expr: Node | undefined, scope: Scope, depth: number): Node[] {
  const node = unwrap(expr);
  if (!node || depth > MAX_DEPTH) return [];
  if (node.type === 'Identifier') {
    const d = define(node.name, scope);
    const known = d && definedValue(d);
    return known ? zodObjects(known.value, known.scope, depth + 1) : [];
  }
  if (node.type !== 'CallExpression') return [];
  const callee = unwrap(node.callee);
  if (callee?.type !== 'MemberExpression') return [];
  const method = memberName(callee);
  const ref = moduleRef(callee.object, scope);
  if (method === 'object' || method === 'strictObject' || method === 'looseObject') {
    if (!ref || !/^zod(\/|$)/.test(ref.source)) return [];
    const obj = objectOf(node.arguments[0], scope);
    return obj ? [obj] : [];
  }
  const base = zodObjects(callee.object, scope, depth + 1);
  if (!base.length) return [];
  if (method === 'extend') {
    const obj = objectOf(node.arguments[0], scope);
    return obj ? [...base, obj] : base;
  }
  if (method === 'merge') return [...base, ...zodObjects(node.arguments[0], scope, depth + 1)];
  return base;
}

function objectOf(expr: Node | undefined, scope: Scope): Node | undefined {
  let node = unwrap(expr);
  for (let i = 0; node?.type === 'Identifier' && i < 4; i++) {
    const d = define(node.name, scope);
    const known = d && definedValue(d);
    node = known ? unwrap(known.value) : undefined;
    if (known) scope = known.scope;
  }
  return node?.type === 'ObjectExpression' ? node : undefined;
}

// `process.env` or `import.meta.env`.
function isEnvSource(expr: Node | undefined): boolean {
  const node = unwrap(expr);
  if (node?.type !== 'MemberExpression' || memberName(node) !== 'env') return false;
  const root = unwrap(node.object);
  return (root?.type === 'Identifier' && root.name === 'process') || root?.type === 'MetaProperty';
}

// `z.string().default("gpt-4o")`: the literal used when the variable is unset.
function schemaDefault(value: Node | undefined): Node | undefined {
  for (let node = unwrap(value); node?.type === 'CallExpression'; ) {
    const callee = unwrap(node.callee);
    if (callee?.type !== 'MemberExpression') return undefined;
    if (memberName(callee) === 'default' && stringValue(node.arguments[0]) !== undefined) return node.arguments[0];
    node = unwrap(callee.object);
  }
  return undefined;
}


// Both kinds of indirect read count as environment reads wherever resolve.ts's envRead is asked.
setIndirectReads((node) => helperRead(node) ?? validatedRead(node));
