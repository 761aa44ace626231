// YAML files (`.yml`, `.yaml`): Docker Compose, GitHub Actions, GitLab CI, Kubernetes manifests
// and Helm charts, app settings, and the AI tools configured in a repository (a LiteLLM proxy,
// Continue, Aider). Variables that set or forward the key follow the run's key plan, as env files
// do (src/pipeline/keyPlan.ts); a tool's own model entries move to Flux as code clients do.
// Every edit is a splice at the parser's ranges: comments, quoting, anchors, layout, CRLF and a
// BOM stay.
import type { FileScan, ScanOptions } from '../../model.js';
import { type Context, outsider } from './context.js';
import { entriesOf } from './entries.js';
import { envRules } from './envRules.js';
import { hints } from './hints.js';
import { type YamlKind, kindOf } from './kinds.js';
import { collections, lineOf, parseYaml } from './parse.js';
import { settings } from './settings.js';
import { aider } from './tools/aider.js';
import { continueConfig } from './tools/continue.js';
import { litellm } from './tools/litellm.js';
import { KEY_VAR } from '../env/index.js';

const WHY: Record<YamlKind, string> = {
  actions: 'GitHub Actions env, in step with the code',
  gitlab: 'GitLab CI variables, in step with the code',
  compose: 'Docker Compose environment, in step with the code',
  kubernetes: 'Kubernetes env, in step with the code',
  litellm: 'LiteLLM proxy environment, in step with the code',
  continue: 'Continue config',
  aider: 'Aider config',
  other: 'YAML settings, in step with the code',
};

// Where a map's keys are variables: everywhere, but in CI files only under `env:` / `variables:`
// (a workflow's other keys are inputs and job names).
const VARIABLE_MAPS: Partial<Record<YamlKind, RegExp>> = { actions: /^env$/, gitlab: /^variables$/ };

// Settings and deployment files are small; a YAML file this large is data (an API description, a
// generated bundle), and the parser reads well under 1 MB/s.
const MAX_YAML_CHARS = 1024 * 1024;

export function scanYaml(text: string, path: string, options: ScanOptions): FileScan {
  const out: Context['out'] = { findings: [], warnings: [], keyReads: [] };
  if (text.length > MAX_YAML_CHARS) {
    out.warnings.push({ code: 'skipped-file', line: 1, message: 'a YAML file over 1 MB is data, not settings: left as is' });
    return out;
  }
  const file = parseYaml(text);
  if ('error' in file) {
    out.warnings.push({ code: 'skipped-file', line: 1, message: `does not parse as YAML (${file.error}): left as is` });
    return out;
  }
  for (const doc of file.docs) {
    const ctx: Context = { file, doc, kind: kindOf(path, doc), options, out, handled: new Set() };
    if (ctx.kind === 'litellm') litellm(ctx);
    if (ctx.kind === 'continue') continueConfig(ctx);
    else if (ctx.kind === 'aider') aider(ctx);
    else environments(ctx);
    settings(ctx);
    hints(ctx);
  }
  return out.keyReads.length ? out : { findings: out.findings, warnings: out.warnings };
}

function environments(ctx: Context): void {
  const warned = new Set<string>();
  for (const visit of collections(ctx.doc)) {
    const key = visit.path.at(-1)?.key ?? '';
    const maps = VARIABLE_MAPS[ctx.kind];
    const entries = entriesOf(ctx.file, ctx.doc, visit, () => true).filter((e) => e.shape !== 'pair' || !maps || maps.test(key));
    if (!entries.length) continue;
    const away = outsider(ctx, visit.path);
    if (away !== undefined) {
      for (const e of entries) ctx.handled.add(e.value?.start ?? -1);
      const e = entries.find((x) => x.name === KEY_VAR);
      if (away && e && !warned.has(away)) {
        warned.add(away);
        ctx.out.warnings.push({ code: 'unresolved-key', line: lineOf(ctx.file, e.nameStart), message: away });
      }
      continue;
    }
    envRules(ctx, entries, WHY[ctx.kind]);
  }
}
