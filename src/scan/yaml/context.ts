// What every YAML rule shares: the file, the document and its kind, and what was already handled.
// Also where variables belong to code that is not part of the run (a third-party image or action),
// which reads OPENAI_API_KEY by its own name whatever the key plan says.
import type { Document } from 'yaml';
import type { FileScan, KeyRead, ScanOptions } from '../../model.js';
import { KEY_VAR } from '../env/index.js';
import type { YamlKind } from './kinds.js';
import { type Step, type YamlFile, get, textOf } from './parse.js';

export interface Context {
  file: YamlFile;
  doc: Document.Parsed;
  kind: YamlKind;
  options: ScanOptions;
  out: FileScan & { keyReads: KeyRead[] };
  /** Start offsets of the values a rule already looked at (the hint pass skips them). */
  handled: Set<number>;
}

/** Where variables set at `path` go to code outside the run: a message to warn with, or '' to be silent. */
export function outsider(ctx: Context, path: Step[]): string | undefined {
  const { doc, kind } = ctx;
  if (kind === 'actions') {
    if (path.some((s) => s.key === 'with' || s.key === 'secrets')) return ''; // an action's inputs, a reusable workflow's secrets
    for (const [i, s] of path.entries()) {
      if (s.index === undefined || path[i - 1]?.key !== 'steps') continue;
      const uses = textOf(get(doc, s.parent.items[s.index], 'uses'));
      if (uses && !uses.startsWith('./')) return `this step runs the action ${uses}, whose code is not part of this run: it reads ${KEY_VAR} by its own name, so its env was left as is`;
    }
  }
  if (kind === 'compose' && path[0]?.key === 'services' && path[1]?.pair) {
    const service = path[1].pair.value;
    const image = textOf(get(doc, service, 'image'));
    // A LiteLLM proxy image reads the variables its config (in this run) names.
    if (image && get(doc, service, 'build') === undefined && !/litellm/i.test(image)) {
      return `the service ${path[1].key} runs the image ${image}, whose code is not part of this run: it reads ${KEY_VAR} by its own name, so its environment was left as is (if this repository builds that image, rename it by hand)`;
    }
  }
  if (kind === 'continue' && path.some((s) => s.key === 'mcpServers')) return '';
  return undefined;
}
