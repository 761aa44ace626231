// Markdown and MDX (`.md`, `.mdx`), read with micromark (parse.ts): fenced code blocks are
// migrated by the scanner of their language (blocks.ts), inline code naming the key variable and
// one-click deploy URLs follow the run's key plan (inlineKey.ts, ../deployUrls.ts), and prose is
// left alone. What code blocks read does not count as code reading the key: docs are not the app.
import { lineIndex } from '../lines.js';
import type { FileScan, Finding, ScanOptions } from '../../model.js';
import { deployUrlFindings } from '../deployUrls.js';
import { type ScannerLookup, scanBlocks } from './blocks.js';
import { inlineKeyFindings } from './inlineKey.js';
import { type InlineCode, parseMarkdown } from './parse.js';

export async function scanMarkdown(text: string, path: string, options: ScanOptions, scannerFor: ScannerLookup): Promise<FileScan> {
  const doc = await parseMarkdown(text);
  const lineOf = lineIndex(text);
  const blocks = await scanBlocks(text, path, doc.fences, scannerFor, options, lineOf);
  const inline = /\.mdx$/i.test(path) ? [...doc.inline, ...jsxInlineCode(text, doc.html)] : doc.inline;
  const findings: Finding[] = [...blocks.findings, ...inlineKeyFindings(text, inline, options.keyEnv, lineOf)];
  // Deploy URLs anywhere but in the blocks a scanner read (in a JS block, the JS scanner finds them).
  let from = 0;
  for (const fence of [...blocks.scanned, { start: text.length, end: text.length }]) {
    findings.push(...deployUrlFindings(text, from, fence.start, options.keyEnv, lineOf));
    from = fence.end;
  }
  findings.sort((a, b) => a.line - b.line); // in the order of the file, for the report
  return { findings, warnings: blocks.warnings.sort((a, b) => a.line - b.line) };
}

// Code spans in MDX's JSX elements (`<Callout>Set \`OPENAI_API_KEY\`</Callout>`), which MDX reads
// as Markdown and CommonMark as raw HTML: one-line spans only.
function jsxInlineCode(text: string, html: { start: number; end: number }[]): InlineCode[] {
  const out: InlineCode[] = [];
  for (const h of html) {
    for (const m of text.slice(h.start, h.end).matchAll(/(?<!`)(`+)(?!`)([^`\n]+?)(?<!`)\1(?!`)/g)) {
      out.push({ start: h.start + m.index + m[1].length, end: h.start + m.index + m[1].length + m[2].length });
    }
  }
  return out;
}

