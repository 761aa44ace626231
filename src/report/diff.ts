// Unified diffs, as `git diff` prints them (so `flux-migrate -n > x.patch && git apply x.patch` works):
// the same headers, file names quoted the way git quotes them (quote.ts).
import { structuredPatch } from 'diff';
import type { Paint } from './paint.js';
import { quotePath } from './quote.js';

export function unifiedDiff(display: string, before: string, after: string, paint: Paint): string {
  const patch = structuredPatch(`a/${display}`, `b/${display}`, before, after, '', '', { context: 3 });
  const a = quotePath(`a/${display}`);
  const b = quotePath(`b/${display}`);
  // git ends the ---/+++ lines of a name with a space (unquoted) with a tab, so the name's end is plain.
  const tab = a.startsWith('"') || !display.includes(' ') ? '' : '\t';
  const out = [paint.bold(`diff --git ${a} ${b}`), paint.bold(`--- ${a}${tab}`), paint.bold(`+++ ${b}${tab}`)];
  for (const h of patch.hunks) {
    out.push(paint.cyan(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`));
    for (const line of h.lines) {
      if (line.startsWith('+')) out.push(paint.green(line));
      else if (line.startsWith('-')) out.push(paint.red(line));
      else out.push(line);
    }
  }
  return out.join('\n') + '\n';
}
