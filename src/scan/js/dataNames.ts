// The key's name held as data rather than read: lists of required settings checked at start-up
// (`["OPENAI_API_KEY", "DATABASE_URL"]`), string-literal unions and enums of names, and the
// schemas of validated environments (t3-env's server and runtimeEnv, zod, envalid). They move
// with the run's key plan (src/pipeline/keyPlan.ts), like an env file: renamed when nothing reads
// OPENAI_API_KEY after the run, or given FLUX_API_KEY beside the old name when something still does.
import type { Edit, Finding } from '../../model.js';
import { type JsContext, lineOf } from './context.js';
import { envSchemaOf } from './envSchemas.js';
import { functionTarget, moduleRef } from './resolve.js';
import { ENV_NAME, helperPosition } from './envHelpers.js';
import { quoted } from './style.js';
import { type Node, propName, scopeAt, stringValue, unwrap } from './scope.js';

const OLD = 'OPENAI_API_KEY';

/** The key-name findings of a module; their spans are recorded so reads inside them (a t3-env `runtimeEnv`) are not counted as readers. */
export function findDataNames(ctx: JsContext): void {
  if (!ctx.text.includes(OLD)) return;
  const keyEnv = ctx.options.keyEnv;
  const add = (node: Node, edits: Edit[], beside: Edit[], span: Node = node) => {
    const finding: Finding = { kind: 'env', line: lineOf(node), before: OLD, after: keyEnv, why: ['the key name, held as data'], edits, beside };
    ctx.out.findings.push(finding);
    (ctx.forwards ??= []).push({ start: span.start, end: span.end });
  };
  for (const { node } of ctx.index.strings) {
    if (stringValue(node) !== OLD) continue;
    const parent: Node | undefined = node.parent;
    const rename = [{ start: node.start + 1, end: node.end - 1, text: keyEnv }];
    const q = ctx.text[node.start];
    const flux = quoted(keyEnv, q === "'" || q === '"' ? q : ctx.style.quote);
    // A list that names the Flux key already was migrated by an earlier run.
    const has = (items: Node[], of: (n: Node) => Node | undefined) => items.some((i) => stringValue(of(i)) === keyEnv);
    if (parent?.type === 'ArrayExpression' && isNameList(ctx, parent)) {
      if (!has(parent.elements.filter(Boolean), (e) => e)) add(node, rename, afterItem(ctx, node, flux));
    } else if (parent?.type === 'TSLiteralType' && parent.parent?.type === 'TSUnionType') {
      if (!has(parent.parent.types, (t) => t.literal)) add(node, rename, afterUnionMember(ctx, parent, flux));
    } else if (parent?.type === 'TSEnumMember' && parent.initializer === node) {
      if (!has(parent.parent.members ?? parent.parent.body?.members ?? [], (m) => m.initializer)) add(node, rename, afterItem(ctx, parent, `${keyEnv} = ${flux}`));
    }
  }
  // Schema properties: `OPENAI_API_KEY: z.string()`, `OPENAI_API_KEY: process.env.OPENAI_API_KEY`.
  for (const obj of schemaObjects(ctx)) {
    for (const prop of obj.properties) {
      if (prop.type !== 'ObjectProperty' || propName(prop) !== OLD || prop.computed) continue;
      if (obj.properties.some((p: Node) => propName(p) === keyEnv)) continue;
      const text = ctx.text.slice(prop.start, prop.end);
      const edits = [...text.matchAll(/\bOPENAI_API_KEY\b/g)].map((m) => ({ start: prop.start + m.index!, end: prop.start + m.index! + OLD.length, text: keyEnv }));
      add(prop, edits, afterItem(ctx, prop, text.replace(/\bOPENAI_API_KEY\b/g, keyEnv)), prop);
    }
  }
}

// An array of env names that the module iterates into environment reads: `for (const name of
// REQUIRED) if (!process.env[name])`, `REQUIRED.filter((name) => !process.env[name])`, a helper
// called with each name. (A list checked against some other object is not one.)
function isNameList(ctx: JsContext, arr: Node): boolean {
  const decl: Node | undefined = arr.parent?.type === 'VariableDeclarator' ? arr.parent : arr.parent?.type === 'TSAsExpression' && arr.parent.parent?.type === 'VariableDeclarator' ? arr.parent.parent : undefined;
  const name = decl?.id.type === 'Identifier' ? decl.id.name : undefined;
  const uses: Node[] = [arr];
  if (name) {
    const root = ctx.index.scope;
    for (const site of [...ctx.index.calls, ...ctx.index.lookups]) {
      // `REQUIRED.filter(...)`: the callee's object
      const obj = unwrap(site.node.type === 'CallExpression' ? unwrap(site.node.callee)?.object : undefined);
      if (obj?.type === 'Identifier' && obj.name === name && site.scope.lookup(name)?.scope === root) uses.push(obj);
    }
    for (const m of ctx.text.matchAll(new RegExp(`\\bof\\s+${name}\\b`, 'g'))) uses.push({ type: 'ForOfRight', start: m.index!, end: m.index! + m[0].length } as unknown as Node);
  }
  for (const use of uses) {
    // The loop variable or callback parameter, and the code that uses it.
    let body: { start: number; end: number } | undefined;
    let variable: string | undefined;
    if (use.type === 'ForOfRight') {
      const loop = /^\s*\(\s*(?:const|let|var)\s+(\w+)\s+of\s*$/.exec(ctx.text.slice(ctx.text.lastIndexOf('for', use.start) + 3, use.start + 2));
      variable = loop?.[1];
      body = variable ? { start: use.end, end: Math.min(ctx.text.length, use.end + 2000) } : undefined;
    } else {
      const member = use.parent?.type === 'MemberExpression' && use.parent.object === use ? use.parent : use.parent?.type === 'TSAsExpression' && use.parent.parent?.type === 'MemberExpression' ? use.parent.parent : undefined;
      const call = member?.parent?.type === 'CallExpression' && member.parent.callee === member ? member.parent : undefined;
      const fn = unwrap(call?.arguments[0]);
      const param = fn && (fn.type === 'ArrowFunctionExpression' || fn.type === 'FunctionExpression') ? fn.params[0] : undefined;
      variable = param?.type === 'Identifier' ? param.name : undefined;
      body = fn;
      // `REQUIRED.forEach(requiredEnv)`, with an env helper of the run
      if (!variable && fn?.type === 'Identifier' && call) {
        const helper = functionTarget(fn, scopeAt(call, ctx.index, ctx.index.scope));
        if (helper && helperPosition(helper.node) === 0) return true;
      }
    }
    if (!variable || !body) continue;
    const code = ctx.text.slice(body.start, body.end);
    const reads = new RegExp(`(process\\.env|import\\.meta\\.env)\\s*\\[\\s*${variable}\\s*\\]|Deno\\.env\\.get\\(\\s*${variable}\\s*\\)|\\b${variable}\\s+in\\s+process\\.env`);
    if (reads.test(code)) return true;
    // `setting(name)`, an env helper of the run called with each name
    for (const site of ctx.index.calls) {
      if (site.node.start < body.start || site.node.end > body.end) continue;
      const at = site.node.arguments.findIndex((a: Node) => a.type === 'Identifier' && a.name === variable);
      const helper = at >= 0 ? functionTarget(unwrap(site.node.callee), site.scope) : undefined;
      if (helper && helperPosition(helper.node) === at) return true;
    }
  }
  return false;
}

// The object literals of the validated environments a module declares.
function schemaObjects(ctx: JsContext): Node[] {
  const found = new Set<Node>();
  for (const site of ctx.index.calls) {
    const callee = unwrap(site.node.callee);
    const name = callee?.type === 'Identifier' ? callee.name : callee?.type === 'MemberExpression' ? propName({ key: callee.property, computed: callee.computed }) : undefined;
    if (!name || !/^(createEnv|cleanEnv|parse|safeParse|parseAsync|safeParseAsync|object|strictObject|looseObject|extend)$/.test(name)) continue;
    const schema = envSchemaOf(site.node, site.scope, 0);
    for (const obj of [...schema?.declared ?? [], ...schema?.runtime ?? []]) found.add(obj);
    // A zod object declaring the key, parsed from the environment in another module.
    const arg = unwrap(site.node.arguments[0]);
    if (/^(object|strictObject|looseObject|extend)$/.test(name) && arg?.type === 'ObjectExpression' && isZod(callee!.object, site.scope) && envShaped(ctx, arg)) found.add(arg);
  }
  // Only this module's own objects: an imported schema is found in its own module.
  return [...found].filter((obj) => ctx.text.slice(obj.start, obj.end).includes(OLD) && ctx.index.literals.includes(obj));
}

// A zod object of environment variables (not, say, a settings form with an `OPENAI_API_KEY` field):
// the module reads the environment, or every key is an env variable's name.
function envShaped(ctx: JsContext, obj: Node): boolean {
  if (/process\.env|import\.meta\.env/.test(ctx.text)) return true;
  const keys = obj.properties.map((p: Node) => (p.type === 'ObjectProperty' ? propName(p) : undefined));
  return keys.length >= 2 && keys.every((k: string | undefined) => k !== undefined && ENV_NAME.test(k));
}

// `z` from zod, or a zod schema (`base.extend({...})`).
function isZod(expr: Node | undefined, scope: import('./scope.js').Scope): boolean {
  const ref = expr && moduleRef(expr, scope);
  if (ref) return /^zod(\/|$)/.test(ref.source);
  const node = unwrap(expr);
  return node?.type === 'CallExpression' && unwrap(node.callee)?.type === 'MemberExpression' && isZod(unwrap(node.callee)!.object, scope);
}

/** An edit that adds `item` after `node` in its list (array, object, enum), in the list's layout. */
export function afterItem(ctx: JsContext, node: Node, item: string): Edit[] {
  const { text } = ctx;
  const lineStart = text.lastIndexOf('\n', node.start - 1) + 1;
  const ownLine = /^[ \t]*$/.test(text.slice(lineStart, node.start));
  const comma = /^[ \t]*,/.exec(text.slice(node.end));
  if (!ownLine) {
    return comma ? [{ start: node.end + comma[0].length, end: node.end + comma[0].length, text: ` ${item},` }] : [{ start: node.end, end: node.end, text: `, ${item}` }];
  }
  const indent = text.slice(lineStart, node.start);
  const eol = ctx.style.eol;
  if (comma) {
    const after = node.end + comma[0].length;
    const comment = /^[ \t]*\/\/[^\r\n]*/.exec(text.slice(after));
    const at = after + (comment ? comment[0].length : 0);
    return [{ start: at, end: at, text: `${eol}${indent}${item},` }];
  }
  return [{ start: node.end, end: node.end, text: `,${eol}${indent}${item}` }];
}

// `"OPENAI_API_KEY" | "DATABASE_URL"`, on one line or one member a line (`| "A"`).
function afterUnionMember(ctx: JsContext, member: Node, item: string): Edit[] {
  const { text } = ctx;
  const lineStart = text.lastIndexOf('\n', member.start - 1) + 1;
  const lead = /^([ \t]*)\|[ \t]*$/.exec(text.slice(lineStart, member.start));
  if (lead) return [{ start: member.end, end: member.end, text: `${ctx.style.eol}${lead[1]}| ${item}` }];
  return [{ start: member.end, end: member.end, text: ` | ${item}` }];
}
