// YAML files are prefiltered like code: read once, parsed only when their text names OpenAI or an
// OpenAI model id. Every YAML fixture that changes or warns gets through; files that cannot matter
// (a CI workflow with no AI in it, a lock file) do not.
import { describe, expect, it } from 'vitest';
import { prefilterFor } from '../src/scan/prefilter.js';
import { scanYaml } from '../src/scan/yaml/index.js';
import { fixturePath, loadCases } from './helpers/fixtures.js';

describe('the YAML prefilter', () => {
  for (const c of loadCases(fixturePath('fixtures/yaml'))) {
    if (c.expected === c.input && c.warnings.length === 0) continue;
    it(`lets ${c.name} through`, () => {
      expect(prefilterFor(c.inputFile)?.name).toBe('yaml');
      expect(prefilterFor(c.inputFile)!.mayMatter(c.input)).toBe(true);
    });
  }

  it.each([
    'env:\n  OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n',
    'models:\n  - provider: openai\n',
    'model: o3-mini\n',
    'supported:\n  - gpt-4o\n',
    "environment:\n  - 'LLM=o1'\n",
    'model: openai/o4-mini\n',
  ])('parses %j', (text) => {
    expect(prefilterFor('config.yaml')!.mayMatter(text)).toBe(true);
  });

  it.each([
    'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
    'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: example\n',
    'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: "/"\n    schedule: { interval: weekly }\n',
  ])('skips %j', (text) => {
    expect(prefilterFor('config.yaml')!.mayMatter(text)).toBe(false);
  });

  it('reads .yml and .yaml files, not pnpm-lock.yaml', () => {
    expect(prefilterFor('.github/workflows/ci.yml')?.name).toBe('yaml');
    expect(prefilterFor('deploy/values.yaml')?.name).toBe('yaml');
    expect(prefilterFor('pnpm-lock.yaml')).toBeUndefined();
  });

  it('leaves a YAML file over 1 MB unparsed (data, not settings), with skipped-file', () => {
    const text = 'model: gpt-4o\n' + '# openai\n'.repeat(120_000);
    const scan = scanYaml(text, 'openapi.yaml', { baseUrl: 'https://api.fluxrouter.ai/v1', keyEnv: 'FLUX_API_KEY' });
    expect(scan.findings).toEqual([]);
    expect(scan.warnings.map((w) => `${w.line} ${w.code}`)).toEqual(['1 skipped-file']);
  });
});
