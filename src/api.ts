// The programmatic entry: one file's text in, its migrated text out. The CLI pipeline and the
// jscodeshift transform (transforms/openai-to-flux.js) both go through the same scan and plan.
import { DEFAULT_FLUX_MODEL } from './catalog/models.js';
import { DEFAULT_BASE_URL } from './catalog/urls.js';
import type { Finding, Warning } from './model.js';
import { applyEdits } from './pipeline/edits.js';
import { type KeyPlan, decideKeyPlan, followKeyPlan, followKeyPlanInCode } from './pipeline/keyPlan.js';
import { type ModelPolicy, chooseModel, planFindings } from './pipeline/plan.js';
import { scannerFor } from './scan/index.js';

export interface MigrateOptions {
  baseUrl?: string;
  keyEnv?: string;
  policy?: ModelPolicy;
  /**
   * The run's key plan (src/pipeline/keyPlan.ts), which a file that sets or documents the key
   * follows, and key names in code that are not reads (deploy URLs). Without it, they are renamed.
   */
  keyPlan?: KeyPlan;
}

export interface MigrateResult {
  after: string;
  changed: boolean;
  findings: Finding[];
  warnings: Warning[];
}

export async function migrateSource(text: string, path: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const scanner = scannerFor(path);
  if (!scanner || !scanner.mayMatter(text)) return { after: text, changed: false, findings: [], warnings: [] };
  const scanOptions = { baseUrl: options.baseUrl ?? DEFAULT_BASE_URL, keyEnv: options.keyEnv ?? 'FLUX_API_KEY' };
  const scan = await scanner.scan(text, path, scanOptions);
  const policy = options.policy ?? { model: DEFAULT_FLUX_MODEL, map: [] };
  const choices = new Map(scan.findings.filter((f) => f.kind === 'model').map((f) => [f.before, chooseModel(f.before, policy)]));
  let findings = planFindings(scan.findings, choices);
  let warnings = scan.warnings;
  if (scanner.followsKeyPlan && options.keyPlan) {
    ({ findings, warnings } = followKeyPlan(findings, warnings, options.keyPlan, scanOptions));
  } else if (!scanner.followsKeyPlan && findings.some((f) => f.kind === 'env')) {
    // Key names in code outside its clients follow the given plan, or that of a run of this one file.
    const applied = findings.filter((f) => f.kind !== 'env').flatMap((f) => f.edits);
    const keyPlan = options.keyPlan ?? decideKeyPlan([{ display: path, text, scan, applied }], scanOptions);
    ({ findings, warnings } = followKeyPlanInCode(findings, warnings, keyPlan, scanOptions));
  }
  const after = applyEdits(text, findings.flatMap((f) => f.edits));
  return { after, changed: after !== text, findings, warnings };
}
