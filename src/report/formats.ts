// `--format <name>`: what goes to stdout. Every format is derived from the same results.
import { UserError } from '../errors.js';
import { githubReport } from './github.js';
import { jsonReport } from './json.js';
import type { ReportInput } from './locations.js';
import type { Paint } from './paint.js';
import { patchReport } from './patch.js';
import { sarifReport } from './sarif.js';
import { diffs } from './text.js';

export const FORMATS = ['text', 'json', 'github', 'sarif', 'patch'] as const;
export type Format = (typeof FORMATS)[number];

/** The format the flags ask for (`--json` is `--format json`), or a usage error. */
export function checkFormat(format: string | undefined, json: boolean | undefined): Format {
  if (format === undefined) return json ? 'json' : 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UserError(`--format ${format}: not a format flux-migrate prints (${FORMATS.join(', ')})`);
  if (json && format !== 'json') throw new UserError(`--json and --format ${format} ask for two formats: keep one`);
  return format as Format;
}

export function formatReport(format: Format, input: ReportInput, paint: Paint): string {
  switch (format) {
    case 'text':
      return diffs(input.results, paint);
    case 'json':
      return jsonReport(input.results, input.errors, input.scanned);
    case 'github':
      return githubReport(input);
    case 'sarif':
      return sarifReport(input);
    case 'patch':
      return patchReport(input);
  }
}
