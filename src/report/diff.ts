// Unified diffs, as `git diff` prints them (so `flux-migrate -n > x.patch && git apply x.patch` works).
import { structuredPatch } from 'diff';
import type { Paint } from './paint.js';

export function unifiedDiff(display: string, before: string, after: string, paint: Paint): string {
  const patch = structuredPatch(`a/${display}`, `b/${display}`, before, after, '', '', { context: 3 });
  const out = [paint.bold(`diff --git a/${display} b/${display}`), paint.bold(`--- a/${display}`), paint.bold(`+++ b/${display}`)];
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
