// Inline code that names the key variable to set (`OPENAI_API_KEY`, `$OPENAI_API_KEY`,
// `OPENAI_API_KEY=<your key>`, `process.env.OPENAI_API_KEY`, ...) follows the run's key plan:
// renamed to the Flux key, or, when code still reads the old one, the Flux key is named beside it
// as "`OPENAI_API_KEY` (and `FLUX_API_KEY`)", which reads right in a sentence, a list or a table
// cell ("Set `OPENAI_API_KEY` (and `FLUX_API_KEY`) in your shell"). Longer code that mentions the
// key (a `docker run -e ...` line) is renamed only; with the old key still read it is left as is,
// with the plan's warning. Prose is never changed.
import type { Finding } from '../../model.js';
import { looksSecret, registerSecret } from '../../secrets.js';
import type { InlineCode } from './parse.js';

const OLD = 'OPENAI_API_KEY';
const NAME = /\bOPENAI_API_KEY\b/g;
// What a short mention looks like: the name alone or as shells and code read or set it.
const SHORT = /^(?:\$\{?|%|\$env:|process\.env\.|import\.meta\.env\.|os\.environ\[["']|os\.getenv\(["']|os\.environ\.get\(["']|(?:export|set|setx)\s+)?OPENAI_API_KEY(?:\}|%|["']\]|["']\))?(?:\s*=\s*(\S*)|\s+(\S+))?$/;

export function inlineKeyFindings(doc: string, spans: InlineCode[], keyEnv: string, lineOf: (offset: number) => number): Finding[] {
  const out: Finding[] = [];
  for (const span of spans) {
    const code = doc.slice(span.start, span.end);
    if (!code.includes(OLD)) continue;
    const line = lineOf(span.start);
    // Already in step: the Flux key is named on the same line (after a first run that added it).
    const lineText = doc.slice(doc.lastIndexOf('\n', span.start - 1) + 1, (doc.indexOf('\n', span.end) + 1 || doc.length + 1) - 1);
    if (lineText.includes(keyEnv)) continue;
    const edits = [...code.matchAll(NAME)].map((m) => ({ start: span.start + m.index, end: span.start + m.index + OLD.length, text: keyEnv }));
    const short = SHORT.exec(code.trim());
    const finding: Finding = { kind: 'env', line, before: OLD, after: keyEnv, why: ['inline code naming the key variable'], edits };
    if (short) {
      const value = short[1] ?? short[2] ?? '';
      if (looksSecret(value)) registerSecret(value);
      const named = code.replace(NAME, keyEnv);
      const shown = looksSecret(value) ? named.slice(0, named.length - value.length) : named;
      const ticks = /`+$/.exec(doc.slice(0, span.start))?.[0] ?? '`';
      const end = span.end + ticks.length;
      finding.beside = [{ start: end, end, text: ` (and ${ticks}${shown}${ticks})` }];
    }
    out.push(finding);
  }
  return out;
}
