// The programmatic entry: one file's text in, its migrated text out. The CLI pipeline and the
// jscodeshift transform (transforms/openai-to-flux.js) both go through the same scan and plan.
import { DEFAULT_FLUX_MODEL } from './catalog/models.js';
import { DEFAULT_BASE_URL } from './catalog/urls.js';
import type { Finding, Warning } from './model.js';
import { applyEdits } from './pipeline/edits.js';
import { type KeyPlan, followKeyPlan } from './pipeline/keyPlan.js';
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
  const scan = await scanner.scan(text, path, { baseUrl: options.baseUrl ?? DEFAULT_BASE_URL, keyEnv: options.keyEnv ?? 'FLUX_API_KEY' });
  const policy = options.policy ?? { model: DEFAULT_FLUX_MODEL, map: [] };
  const choices = new Map(scan.findings.filter((f) => f.kind === 'model').map((f) => [f.before, chooseModel(f.before, policy)]));
  const scanOptions = { baseUrl: options.baseUrl ?? DEFAULT_BASE_URL, keyEnv: options.keyEnv ?? 'FLUX_API_KEY' };
  let findings = planFindings(scan.findings, choices);
  let warnings = scan.warnings;
  if (options.keyPlan) {
    const follows = scanner.followsKeyPlan ? findings : findings.filter((f) => f.kind === 'env');
    const followed = followKeyPlan(follows, scanner.followsKeyPlan ? warnings : [], options.keyPlan, scanOptions);
    findings = scanner.followsKeyPlan ? followed.findings : [...findings.filter((f) => f.kind !== 'env'), ...followed.findings];
    warnings = scanner.followsKeyPlan ? followed.warnings : [...warnings, ...followed.warnings];
  }
  const after = applyEdits(text, findings.flatMap((f) => f.edits));
  return { after, changed: after !== text, findings, warnings };
}
