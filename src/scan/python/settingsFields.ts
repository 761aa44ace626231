// pydantic settings classes read the environment by field name: `openai_api_key: str` on a
// `BaseSettings` subclass reads OPENAI_API_KEY (after `env_prefix`, case-insensitively). Such a
// field is an env read like `os.environ["OPENAI_API_KEY"]`; it moves to the Flux key with an alias,
// so the attribute other code reads keeps its name:
//   pydantic-settings (v2): `openai_api_key: str = Field(validation_alias="FLUX_API_KEY")`
//   pydantic v1 BaseSettings: `openai_api_key: str = Field(..., env="FLUX_API_KEY")`
// (both documented ways to name a field's variable; an alias ignores env_prefix in both).
import type { Edit } from '../../model.js';
import { type PyContext, find } from './context.js';
import { classNamed, instanceClass } from './names.js';
import type { Node } from './parse.js';
import { quoted } from './style.js';
import { addItems } from './style.js';
import { keywordArg, lineOf, named, stringValue, unwrap } from './tree.js';

export interface SettingsField {
  ctx: PyContext;
  cls: Node;
  /** The field's assignment (`openai_api_key: str = ...`). */
  node: Node;
  nameNode: Node;
  /** The variable it reads. */
  env: string;
  /** `alias=` / `validation_alias=` / `env=` literal naming the variable, when there is one. */
  alias?: Node;
  version: 1 | 2;
}

const MAX_DEPTH = 6;

/** Whether a class is a pydantic settings class (directly or through classes of the run), and which pydantic. */
export function settingsVersion(ctx: PyContext, cls: Node, depth = 0): 1 | 2 | undefined {
  if (depth > MAX_DEPTH) return undefined;
  for (const base of named(cls.childForFieldName('superclasses') ?? cls)) {
    if (base.type !== 'identifier' && base.type !== 'attribute') continue;
    const v = baseVersion(ctx, base);
    if (v) return v;
    const parent = classNamed(ctx, base);
    if (parent && parent.node.id !== cls.id) {
      const inherited = settingsVersion(parent.ctx, parent.node, depth + 1);
      if (inherited) return inherited;
    }
  }
  return undefined;
}

// `BaseSettings` imported from pydantic (v1) or pydantic_settings (v2), or `pydantic.BaseSettings`.
function baseVersion(ctx: PyContext, base: Node): 1 | 2 | undefined {
  const parts = base.text.split('.');
  const name = parts.pop();
  if (name !== 'BaseSettings') return undefined;
  const modules = parts.length
    ? (ctx.index.imports.get(parts[0]) ?? []).filter((i) => !i.name).map((i) => [i.module, ...parts.slice(1)].join('.'))
    : (ctx.index.imports.get(name) ?? []).filter((i) => i.name === 'BaseSettings').map((i) => i.module);
  for (const m of modules) {
    if (m === 'pydantic_settings' || m.startsWith('pydantic_settings.')) return 2;
    if (m === 'pydantic' || m === 'pydantic.v1' || m === 'pydantic.env_settings') return 1;
  }
  return undefined;
}

/** The fields of a settings class, with the variable each reads (none when env_prefix cannot be read). */
export function settingsFields(ctx: PyContext, cls: Node): SettingsField[] {
  const version = settingsVersion(ctx, cls);
  const body = cls.childForFieldName('body');
  if (!version || !body) return [];
  const config = configOf(ctx, cls);
  if (!config) return [];
  const out: SettingsField[] = [];
  for (const stmt of named(body)) {
    const a = stmt.type === 'expression_statement' ? named(stmt)[0] : undefined;
    const left = a?.type === 'assignment' ? unwrap(a.childForFieldName('left')) : undefined;
    if (!a || left?.type !== 'identifier' || !a.childForFieldName('type') || /^(model_config|Config)$/.test(left.text)) continue;
    const value = unwrap(a.childForFieldName('right'));
    const field = value?.type === 'call' && /(^|\.)Field$/.test(value.childForFieldName('function')!.text) ? value : undefined;
    const aliasArg = field && keywordArg(field.childForFieldName('arguments'), version === 2 ? ['validation_alias', 'alias'] : ['env']);
    const aliasValue = aliasArg && unwrap(aliasArg.childForFieldName('value'));
    if (aliasArg && stringValue(aliasValue) === undefined) continue; // AliasChoices, a list: left alone
    const env = aliasValue ? stringValue(aliasValue)! : config.prefix + left.text;
    out.push({ ctx, cls, node: a, nameNode: left, env: config.caseSensitive || aliasValue ? env : env.toUpperCase(), alias: aliasValue, version });
  }
  return out;
}

// env_prefix and case_sensitive from `model_config = SettingsConfigDict(...)` / `{...}` or `class Config:`.
function configOf(ctx: PyContext, cls: Node): { prefix: string; caseSensitive: boolean } | undefined {
  let prefix = '';
  let caseSensitive = false;
  for (const stmt of named(cls.childForFieldName('body')!)) {
    const items: Node[] = [];
    const a = stmt.type === 'expression_statement' ? named(stmt)[0] : undefined;
    if (a?.type === 'assignment' && a.childForFieldName('left')?.text === 'model_config') {
      const v = unwrap(a.childForFieldName('right'));
      if (v?.type === 'call') items.push(...named(v.childForFieldName('arguments')!));
      else if (v?.type === 'dictionary') items.push(...named(v));
      else return undefined;
    } else if (stmt.type === 'class_definition' && stmt.childForFieldName('name')?.text === 'Config') {
      for (const s of named(stmt.childForFieldName('body')!)) if (s.type === 'expression_statement' && named(s)[0]?.type === 'assignment') items.push(named(s)[0]);
    }
    for (const item of items) {
      const key = item.type === 'pair' ? stringValue(item.childForFieldName('key')) : (item.childForFieldName('name') ?? item.childForFieldName('left'))?.text;
      const value = unwrap(item.childForFieldName('value') ?? item.childForFieldName('right'));
      if (key === 'env_prefix') {
        const p = stringValue(value);
        if (p === undefined) return undefined;
        prefix = p;
      } else if (key === 'case_sensitive') caseSensitive = value?.text === 'True';
    }
  }
  return { prefix, caseSensitive };
}

/** The settings field an attribute reads (`settings.openai_api_key`, `get_settings().openai_api_key`). */
export function settingsFieldOf(ctx: PyContext, attribute: Node | null | undefined): SettingsField | undefined {
  const n = unwrap(attribute);
  if (n?.type !== 'attribute') return undefined;
  const cls = instanceClass(ctx, n.childForFieldName('object')!);
  const name = n.childForFieldName('attribute')!.text;
  return cls && settingsFields(cls.ctx, cls.node).find((f) => f.nameNode.text === name);
}

const moved = new WeakMap<PyContext, Set<number>>();
const importAdded = new WeakSet<PyContext>();

/** Whether a field was moved to the Flux key by this run. */
export function fieldMoved(field: SettingsField): boolean {
  return moved.get(field.ctx)?.has(field.node.id) ?? false;
}

/**
 * Moves a field to the Flux key: its `alias=` / `env=` literal renamed, or an alias added
 * (`Field` imported from pydantic when the module does not have it).
 */
export function moveField(field: SettingsField, why: string): void {
  const { ctx, node } = field;
  const done = moved.get(ctx) ?? new Set<number>();
  moved.set(ctx, done);
  if (done.has(node.id)) return;
  done.add(node.id);
  const keyEnv = ctx.options.keyEnv;
  const q = ctx.style.quote;
  const kw = field.version === 2 ? 'validation_alias' : 'env';
  let edits: Edit[];
  if (field.alias) {
    ctx.consumed.add(field.alias.startIndex);
    edits = [{ start: field.alias.startIndex, end: field.alias.endIndex, text: quoted(keyEnv, field.alias.lastChild?.text ?? q) }];
  } else {
    const value = unwrap(node.childForFieldName('right'));
    const fieldFn = fieldName(ctx);
    if (value?.type === 'call' && /(^|\.)Field$/.test(value.childForFieldName('function')!.text)) {
      edits = addItems(ctx.text, value.childForFieldName('arguments')!, [`${kw}=${quoted(keyEnv, q)}`], ctx.style)[0];
    } else {
      const dflt = value ? value.text : field.version === 2 ? '' : '...';
      const args = [dflt, `${kw}=${quoted(keyEnv, q)}`].filter(Boolean).join(', ');
      const type = node.childForFieldName('type')!;
      edits = value
        ? [{ start: value.startIndex, end: value.endIndex, text: `${fieldFn.name}(${args})` }]
        : [{ start: type.endIndex, end: type.endIndex, text: ` = ${fieldFn.name}(${args})` }];
    }
    if (fieldFn.importEdit && !importAdded.has(ctx)) {
      importAdded.add(ctx);
      edits.push(fieldFn.importEdit);
    }
  }
  find(ctx, 'api-key', node, node.text.replace(/\s+/g, ' '), `reads ${keyEnv}`, edits, why);
  ctx.movedKey = true;
}

// How this module names pydantic's `Field`, and the import to add when it has none.
function fieldName(ctx: PyContext): { name: string; importEdit?: Edit } {
  for (const [local, imports] of ctx.index.imports) {
    for (const i of imports) {
      if (i.name === 'Field' && /^pydantic(\.v1)?$/.test(i.module)) return { name: local };
      if (!i.name && i.module === 'pydantic') return { name: `${local}.Field` };
    }
  }
  // Next to the module's other pydantic imports: after `from pydantic import ...`, else before
  // `from pydantic_settings import ...` (where isort puts it), else after the first import.
  const all = [...ctx.index.imports.values()].flat().filter((i) => i.node.parent?.type === 'module');
  const line = `from pydantic import Field`;
  const after = all.find((i) => i.module === 'pydantic' && i.name)?.node;
  const before = all.find((i) => i.module.startsWith('pydantic_settings'))?.node;
  const first = all[0]?.node;
  const eol = ctx.style.eol;
  if (after) return { name: 'Field', importEdit: { start: after.endIndex, end: after.endIndex, text: `${eol}${line}` } };
  if (before) return { name: 'Field', importEdit: { start: before.startIndex, end: before.startIndex, text: `${line}${eol}` } };
  if (first) return { name: 'Field', importEdit: { start: first.endIndex, end: first.endIndex, text: `${eol}${line}` } };
  return { name: 'Field', importEdit: { start: 0, end: 0, text: `${line}${eol}` } };
}

/** The line of a field, for messages. */
export function fieldLine(field: SettingsField): number {
  return lineOf(field.node);
}
