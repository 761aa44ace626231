// Environment variables set in YAML, in the three shapes they come in:
// - a map pair whose key is a variable name: `OPENAI_API_KEY: ${OPENAI_API_KEY}` (Compose, Actions
//   `env:`, GitLab `variables:` also as `{ value: ..., description: ... }`, a Secret's
//   `stringData:`, a Helm values map of variables);
// - a string item `NAME=value` or `NAME` of a list under `environment:`, `args:` and the like;
// - a map item `- name: NAME` with `value:` or `valueFrom: { secretKeyRef: ... }` (Kubernetes,
//   Helm), or `- key: NAME` with `value:` (Render, DigitalOcean app specs).
import { type Document, type Pair, type Scalar, type YAMLMap, type YAMLSeq, isMap, isScalar, isSeq } from 'yaml';
import { type ScalarSpan, type Visit, type YamlFile, get, keyOf, pairOf, scalarSpan, textOf } from './parse.js';

export interface EnvEntry {
  name: string;
  /** Where the name is written. */
  nameStart: number;
  nameEnd: number;
  /** The value as written, when it is a one-line scalar (for an item: the part after `=`). */
  value?: ScalarSpan;
  /** Whether there is a value at all (`NAME:` and `- NAME` pass the variable through). */
  hasValue: boolean;
  shape: 'pair' | 'item' | 'named';
  /** The collection holding the entry (entries of one collection are one environment). */
  container: YAMLMap | YAMLSeq;
  /** The pair, string item or item map: what a copy beside it is made from. */
  node: Pair | Scalar | YAMLMap;
  /** `valueFrom.secretKeyRef`: the secret's name and the key it reads. */
  secretRef?: { secret?: string; key: ScalarSpan };
}

const VAR = /^[A-Z][A-Z0-9_]*$/;
// Under a key that holds variables, any spelling is a variable (`OpenAI__ApiKey`, .NET's nesting).
const ANY_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VARIABLE_KEYS = /^(env|environment|variables|environment_variables|stringData|data)$/;
// Keys whose list items are `NAME=value` strings.
const LIST_KEYS = /^(environment|env|envs|variables|args|build_args|buildArgs|set-env)$/;
// Keys whose list items are `- name: NAME` maps.
const NAMED_LISTS = /env|var|secret|param|config/i;

/** The entries of one map or sequence, by shape. */
export function entriesOf(file: YamlFile, doc: Document.Parsed, visit: Visit, names: (name: string) => boolean): EnvEntry[] {
  const out: EnvEntry[] = [];
  const { node } = visit;
  if (isMap(node)) {
    const spelling = VARIABLE_KEYS.test(visit.path.at(-1)?.key ?? '') ? ANY_VAR : VAR;
    for (const pair of node.items) {
      const name = keyOf(pair);
      const key = scalarSpan(file, pair.key);
      if (!name || !key || !spelling.test(name) || !names(name)) continue;
      let value: unknown = pair.value;
      if (isMap(value)) value = get(doc, value, 'value'); // GitLab: { value: ..., description: ... }
      if (value !== null && value !== undefined && !isScalar(value)) continue;
      out.push({ name, nameStart: key.start, nameEnd: key.end, value: scalarSpan(file, value), hasValue: isScalar(value) && value.value !== null, shape: 'pair', container: node, node: pair });
    }
  } else if (isSeq(node)) {
    const parentKey = visit.path.at(-1)?.key ?? '';
    for (const item of node.items) {
      if (isScalar(item) && LIST_KEYS.test(parentKey)) {
        const span = scalarSpan(file, item);
        const m = span && /^([A-Za-z_][A-Za-z0-9_]*)(=?)/.exec(span.value);
        if (!span || !m || !names(m[1])) continue;
        const at = span.start + m[0].length;
        const value = m[2] ? { value: span.value.slice(m[0].length), start: at, end: span.end, quote: '' as const } : undefined;
        out.push({ name: m[1], nameStart: span.start, nameEnd: span.start + m[1].length, value, hasValue: !!m[2], shape: 'item', container: node, node: item });
      } else if (isMap(item)) {
        const nameNode = pairOf(item, 'name')?.value ?? pairOf(item, 'key')?.value;
        const name = textOf(nameNode);
        const span = scalarSpan(file, nameNode);
        if (!name || !span || !VAR.test(name) || !names(name)) continue;
        const shaped = ['value', 'valueFrom', 'sync', 'type', 'scope'].some((k) => pairOf(item, k));
        if (!shaped && !NAMED_LISTS.test(parentKey)) continue;
        const valueNode = get(doc, item, 'value');
        const ref = get(doc, get(doc, item, 'valueFrom'), 'secretKeyRef');
        const key = scalarSpan(file, pairOf(ref, 'key')?.value);
        out.push({
          name, nameStart: span.start, nameEnd: span.end, value: scalarSpan(file, valueNode), hasValue: isScalar(valueNode) || !!ref, shape: 'named', container: node, node: item,
          secretRef: key ? { secret: textOf(get(doc, ref, 'name')), key } : undefined,
        });
      }
    }
  }
  return out;
}
