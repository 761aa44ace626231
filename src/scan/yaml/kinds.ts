// What a YAML document is, by its path and then by its shape (a fenced block in a README has no
// telling path): the rules that apply, and where its secrets live, depend on it.
import { basename } from 'node:path';
import type { Document } from 'yaml';
import { isMap, isSeq } from 'yaml';
import { get, keyOf, pairOf } from './parse.js';

export type YamlKind = 'actions' | 'gitlab' | 'compose' | 'kubernetes' | 'litellm' | 'continue' | 'aider' | 'other';

export function kindOf(path: string, doc: Document.Parsed): YamlKind {
  const p = path.split('\\').join('/');
  const name = basename(p);
  const top = doc.contents;
  if (/(^|\.)aider\.conf\.ya?ml$/.test(name)) return 'aider'; // also `<name>.aider.conf.yml`, passed with --config
  if (/(^|\/)\.continue\//.test(p)) return 'continue';
  if (/(^|\/)\.github\/workflows\/[^/]+$/.test(p) || /^action\.ya?ml$/.test(name)) return 'actions';
  if (/^\.gitlab-ci\.ya?ml$/.test(name) || /(^|\/)\.gitlab\/ci\//.test(p)) return 'gitlab';
  if (/^(docker-)?compose([.-][^/]*)?\.ya?ml$/.test(name)) return 'compose';
  if (!isMap(top)) return 'other';
  const keys = new Set(top.items.map((pair) => keyOf(pair)));
  const modelList = get(doc, top, 'model_list');
  if (isSeq(modelList) && modelList.items.some((m) => pairOf(m, 'litellm_params'))) return 'litellm';
  if (['openai-api-key', 'openai-api-base', 'weak-model', 'editor-model', 'edit-format'].some((k) => keys.has(k))) return 'aider';
  if (keys.has('schema') && isSeq(get(doc, top, 'models')) && (keys.has('version') || keys.has('name'))) return 'continue';
  if (keys.has('jobs') && (keys.has('on') || keys.has('true'))) return 'actions';
  if (keys.has('apiVersion') && keys.has('kind')) return 'kubernetes';
  if (keys.has('stages') || (keys.has('variables') && [...top.items].some((pair) => pairOf(pair.value, 'script')))) return 'gitlab';
  const services = get(doc, top, 'services');
  if (isMap(services) && services.items.some((s) => pairOf(s.value, 'image') || pairOf(s.value, 'build') || pairOf(s.value, 'environment'))) return 'compose';
  return 'other';
}
