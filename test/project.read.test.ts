// The cross-file scan reads the files it follows imports into with the same checks as the read
// pass (src/pipeline/read.ts): a file over 2 MB, binary or not UTF-8 is not parsed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../src/pipeline/read.js';
import { scanJsGroup } from '../src/scan/js/index.js';
import { removeDir, tempDir } from './helpers/cli.js';

const dir = tempDir('flux-project-read-');
afterAll(() => removeDir(dir));
const OPTIONS = { baseUrl: 'https://api.fluxrouter.ai/v1', keyEnv: 'FLUX_API_KEY' };

describe('files followed into', () => {
  it('are read with the read checks: one over 2 MB is not parsed', () => {
    const big = join(dir, 'models.ts');
    writeFileSync(big, 'export const MODEL = "gpt-4o";\n' + '// padding\n'.repeat(MAX_FILE_BYTES / 10));
    const small = join(dir, 'plain.ts');
    writeFileSync(small, 'export const MODEL = "gpt-4o";\n');
    const ask = (from: string) => ({
      path: join(dir, `ask-${from}.ts`),
      text: `import OpenAI from "openai";\nimport { MODEL } from "./${from}";\n\nexport const ask = () => new OpenAI().chat.completions.create({ model: MODEL, messages: [] });\n`,
    });
    const files = [ask('models'), ask('plain')];
    const scan = scanJsGroup(files, OPTIONS, new Set([big, small, ...files.map((f) => f.path)]));
    expect(scan.loaded).toContain(small);
    expect(scan.loaded).not.toContain(big);
    expect(scan.results.has(small)).toBe(true); // its model id is migrated
  });
});
