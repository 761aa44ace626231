// Every fixture folder under fixtures/<language>/ is a case: migrate input, compare with output,
// compare the warnings, and check that a second run changes nothing. FIXTURES=js,python picks folders.
import { describe, expect, it } from 'vitest';
import { migrateSource } from '../src/api.js';
import { parseMapFlag, checkModelFlag } from '../src/pipeline/plan.js';
import { fixturePath, loadCases } from './helpers/fixtures.js';
import type { KeyPlan } from '../src/pipeline/keyPlan.js';

// `"keyPlan": "beside"` in options.json: the run's plan when code (here, app.py:3) still reads
// OPENAI_API_KEY; "hold": no code of the run reads the Flux key. Absent: the key is renamed.
function keyPlanOf(name?: string): KeyPlan | undefined {
  if (name === 'beside') return { key: 'beside', baseUrl: false, models: true, readers: ['app.py:3'] };
  if (name === 'hold') return { key: 'hold', baseUrl: false, models: false, readers: [], held: 'no code in this run reads FLUX_API_KEY' };
  return undefined;
}

const LANGUAGES = ['js', 'python', 'env', 'notebook', 'frameworks', 'yaml', 'markdown', 'markdown-shell', 'deploy-urls', 'dockerfile', 'shell', 'json-config', 'toml'].filter((l) => !process.env.FIXTURES || process.env.FIXTURES.split(',').includes(l));

for (const language of LANGUAGES) {
  const cases = loadCases(fixturePath(`fixtures/${language}`));
  describe(`fixtures/${language}`, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const options = {
          baseUrl: c.options.baseUrl,
          keyEnv: c.options.keyEnv,
          policy: { model: checkModelFlag(c.options.model ?? 'flux-auto'), map: (c.options.map ?? []).map(parseMapFlag) },
          keyPlan: keyPlanOf(c.options.keyPlan),
        };
        const result = await migrateSource(c.input, c.inputFile, options);
        expect(result.after).toBe(c.expected);
        expect(result.warnings.map((w) => `${w.line} ${w.code}`).sort()).toEqual([...c.warnings].sort());
        const again = await migrateSource(result.after, c.inputFile, options);
        expect(again.after, 'a second run changes nothing').toBe(result.after);
      });
    }
  });
}
