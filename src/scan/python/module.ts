// One walk over a Python module: imports, assignments by scope, function parameters and
// returns, calls and string literals. Scopes follow Python: a name is looked up in the
// enclosing functions, then the module; class bodies are reached only through `self.x`.
import type { Node } from './parse.js';
import { named, unwrap } from './tree.js';

export interface Import {
  /** The module, `openai` for `import openai` and `from openai import OpenAI`. */
  module: string;
  /** The imported name (`OpenAI`), or undefined for the module itself. */
  name?: string;
  node: Node;
}

export interface Assign {
  value: Node;
  /** The function (or 0 for the module, or a class id for a class body) it is made in. */
  scope: number;
  node: Node;
}

export interface ModuleIndex {
  root: Node;
  imports: Map<string, Import[]>;
  /** `name = value` by name; `self.x = value` under `self.x`. */
  assigns: Map<string, Assign[]>;
  /** Parameters of each function by function id, with their default value. */
  params: Map<number, Map<string, Node | null>>;
  /** Type annotations of parameters (`agent: Agent`), by function id. */
  paramTypes: Map<number, Map<string, Node>>;
  functions: Map<string, Node[]>;
  /** Function definitions by id. */
  defs: Map<number, Node>;
  classes: Map<string, Node[]>;
  returns: Map<number, Node[]>;
  calls: Node[];
  strings: Node[];
  /** Subscripts of a name or of `*.environ` (env reads by name). */
  subscripts: Node[];
  /** Comparisons (`"X" in os.environ`, `model in GPT_4_MODELS`). */
  comparisons: Node[];
  /** `from config import *` at module level. */
  starImports: Import[];
  /** `d["key"] = value` assignments by dict name (`self.d` for an attribute). */
  items: Map<string, (Assign & { key: Node })[]>;
  /** `x.attr = value` assignments, for module globals like `openai.api_key = ...`. */
  attrAssigns: Node[];
}

const SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);
const INDEXED = ['import_statement', 'import_from_statement', 'assignment', 'with_item', 'function_definition', 'class_definition', 'return_statement', 'call', 'string', 'subscript', 'comparison_operator'];

/** The function, lambda or class a node sits in (0: the module). */
export function scopeOf(node: Node): number {
  for (let cur = node.parent; cur; cur = cur.parent) if (SCOPES.has(cur.type)) return cur.id;
  return 0;
}

/** The enclosing function scopes of a node, innermost first, then the module (class bodies skipped). */
export function lookupChain(node: Node): number[] {
  const chain: number[] = [];
  for (let cur = node.parent; cur; cur = cur.parent) if (cur.type === 'function_definition' || cur.type === 'lambda') chain.push(cur.id);
  chain.push(0);
  return chain;
}

export function indexModule(root: Node): ModuleIndex {
  const index: ModuleIndex = {
    root, imports: new Map(), starImports: [], assigns: new Map(), items: new Map(), params: new Map(), paramTypes: new Map(), functions: new Map(), defs: new Map(), classes: new Map(),
    returns: new Map(), calls: [], strings: [], subscripts: [], comparisons: [], attrAssigns: [],
  };
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => map.set(key, [...(map.get(key) ?? []), value]);
  const assign = (target: Node | null, value: Node | null, node: Node) => {
    const t = unwrap(target);
    if (!t || !value) return;
    if (t.type === 'identifier') push(index.assigns, t.text, { value, scope: scopeOf(node), node });
    else if (t.type === 'attribute') {
      const obj = unwrap(t.childForFieldName('object'));
      if (obj?.type === 'identifier' && (obj.text === 'self' || obj.text === 'cls')) push(index.assigns, `self.${t.childForFieldName('attribute')!.text}`, { value, scope: scopeOf(node), node });
      else index.attrAssigns.push(node);
    } else if (t.type === 'subscript') {
      // `kwargs["base_url"] = ...`, `self.params["model"] = ...`
      const base = unwrap(t.childForFieldName('value'));
      const key = unwrap(t.childForFieldName('subscript'));
      const name = base?.type === 'identifier' ? base.text : base?.type === 'attribute' && /^(self|cls)$/.test(unwrap(base.childForFieldName('object'))?.text ?? '') ? `self.${base.childForFieldName('attribute')!.text}` : undefined;
      if (name && key?.type === 'string') push(index.items, name, { value, scope: scopeOf(node), node, key });
    }
  };

  // One call into tree-sitter finds the node kinds used here (walking the tree from JavaScript
  // crosses into its WASM at every node: 2-3x slower).
  for (const n of root.descendantsOfType(INDEXED)) {
    if (!n?.isNamed) continue;
    switch (n.type) {
      case 'import_statement':
        for (const c of named(n)) {
          if (c.type === 'dotted_name') push(index.imports, c.namedChildren[0]!.text, { module: c.namedChildren[0]!.text, node: n });
          else if (c.type === 'aliased_import') push(index.imports, c.childForFieldName('alias')!.text, { module: c.childForFieldName('name')!.text, node: n });
        }
        break;
      case 'import_from_statement': {
        const module = n.childForFieldName('module_name')?.text ?? '';
        for (const c of n.childrenForFieldName('name')) {
          if (!c) continue;
          if (c.type === 'dotted_name') push(index.imports, c.text, { module, name: c.text, node: n });
          else if (c.type === 'aliased_import') push(index.imports, c.childForFieldName('alias')!.text, { module, name: c.childForFieldName('name')!.text, node: n });
        }
        if (n.parent?.type === 'module' && named(n).some((c) => c.type === 'wildcard_import')) index.starImports.push({ module, node: n });
        break;
      }
      case 'assignment': {
        const value = n.childForFieldName('right');
        if (value?.type === 'assignment') assign(n.childForFieldName('left'), unwrap(value.childForFieldName('right')) ?? null, n);
        else assign(n.childForFieldName('left'), value, n);
        break;
      }
      case 'with_item': {
        const value = n.childForFieldName('value');
        if (value?.type === 'as_pattern') {
          const target = value.childForFieldName('alias');
          const inner = named(target ?? value).find((c) => c.type === 'identifier') ?? target;
          assign(inner ?? null, named(value)[0] ?? null, n);
        }
        break;
      }
      case 'function_definition': {
        const name = n.childForFieldName('name')!.text;
        push(index.functions, name, n);
        index.defs.set(n.id, n);
        const params = new Map<string, Node | null>();
        const types = new Map<string, Node>();
        for (const p of named(n.childForFieldName('parameters')!)) {
          if (p.type === 'identifier') params.set(p.text, null);
          else if (p.type === 'typed_parameter') {
            const id = named(p).find((c) => c.type === 'identifier');
            if (id) params.set(id.text, null);
            const type = p.childForFieldName('type');
            if (id && type) types.set(id.text, type);
          } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
            params.set(p.childForFieldName('name')!.text, p.childForFieldName('value'));
            const type = p.childForFieldName('type');
            if (type) types.set(p.childForFieldName('name')!.text, type);
          }
        }
        index.params.set(n.id, params);
        if (types.size) index.paramTypes.set(n.id, types);
        break;
      }
      case 'class_definition':
        push(index.classes, n.childForFieldName('name')!.text, n);
        break;
      case 'return_statement': {
        const value = named(n)[0];
        let fn: Node | null = n.parent;
        while (fn && fn.type !== 'function_definition') fn = fn.parent;
        if (value && fn) index.returns.set(fn.id, [...(index.returns.get(fn.id) ?? []), value]);
        break;
      }
      case 'call':
        index.calls.push(n);
        break;
      case 'string':
        index.strings.push(n);
        break;
      case 'subscript':
        // `os.environ[...]`, `environ[...]`, `env[...]`: what may read the environment.
        if (/environ$|^[A-Za-z_]\w*$/.test(n.childForFieldName('value')?.text ?? '')) index.subscripts.push(n);
        break;
      case 'comparison_operator':
        index.comparisons.push(n);
        break;
    }
  }
  index.calls.sort((a, b) => a.startIndex - b.startIndex);
  index.strings.sort((a, b) => a.startIndex - b.startIndex);
  return index;
}


/** What a name means where it is used: a parameter (with its default) or the values assigned to it. */
export function lookup(index: ModuleIndex, name: string, at: Node):
  | { kind: 'param'; fallback: Node | null; fn: number; type?: Node; values: Assign[] }
  | { kind: 'assigned'; values: Assign[] }
  | { kind: 'import'; imports: Import[] }
  | undefined {
  for (const scope of lookupChain(at)) {
    const values = (index.assigns.get(name) ?? []).filter((a) => a.scope === scope);
    const param = scope ? index.params.get(scope)?.get(name) : undefined;
    // `values`: the parameter reassigned in the body (`if client is None: client = OpenAI()`).
    if (param !== undefined) return { kind: 'param', fallback: param, fn: scope, type: index.paramTypes.get(scope)?.get(name), values };
    if (values.length) return { kind: 'assigned', values };
    if (scope === 0 && index.imports.has(name)) return { kind: 'import', imports: index.imports.get(name)! };
  }
  return undefined;
}
