// Reading Markdown with micromark, which reports every token with its exact offsets: fenced code
// blocks (their info string and each content line's range, after any list indentation or `> `
// quote prefix) and inline code spans. Nothing else of the document matters to the scanner:
// prose is left alone.
import type * as Micromark from 'micromark';

// Loaded on the first Markdown file: a run without docs never loads the parser (start-up time).
let micromark: Promise<typeof Micromark> | undefined;

/** One content line of a fenced block: its range in the file (without the container prefix). */
export interface BlockLine {
  start: number;
  end: number;
}

export interface Fence {
  /** The info string's first word, lowercased (`py` of "```py title=x"); '' when none. */
  lang: string;
  /** The whole block, fences included. */
  start: number;
  end: number;
  lines: BlockLine[];
  /** A content line sits behind a tab that micromark split: its columns are not plain text. */
  tabbed: boolean;
}

export interface InlineCode {
  /** The code's text, between the backticks (one line only). */
  start: number;
  end: number;
}

export interface MarkdownDoc {
  fences: Fence[];
  inline: InlineCode[];
  /** HTML blocks: in MDX these are JSX elements, whose children are Markdown again. */
  html: { start: number; end: number }[];
}

export async function parseMarkdown(text: string): Promise<MarkdownDoc> {
  const { parse, postprocess, preprocess } = await (micromark ??= import('micromark'));
  const events = postprocess(parse().document().write(preprocess()(text, undefined, true)));
  // micromark drops a leading BOM: its offsets count from after it.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fences: Fence[] = [];
  const inline: InlineCode[] = [];
  const html: MarkdownDoc['html'] = [];
  // The open fence: whether its fence line has ended, and the current content line's value.
  let open: { fence: Fence; inBody: boolean; value?: BlockLine } | undefined;
  let code: { start: number; end: number; lines: number } | undefined;
  for (const [kind, token] of events) {
    const type = token.type as string;
    const start = token.start.offset + bom;
    const end = token.end.offset + bom;
    if (type === 'codeFenced') {
      if (kind === 'enter') open = { fence: { lang: '', start, end, lines: [], tabbed: false }, inBody: false };
      else if (open) {
        if (open.value) open.fence.lines.push(open.value); // an unclosed fence at the end of the file
        fences.push(open.fence);
        open = undefined;
      }
      continue;
    }
    if (open && kind === 'enter') {
      if (type === 'codeFencedFenceInfo' && !open.inBody) open.fence.lang = text.slice(start, end).toLowerCase();
      else if (type === 'lineEnding') {
        // A line ending closes the fence line, then each content line (a blank one has no value).
        if (open.inBody) open.fence.lines.push(open.value ?? { start, end: start });
        open.inBody = true;
        open.value = undefined;
      } else if (type === 'codeFlowValue') {
        open.value = { start: open.value?.start ?? start, end };
        // A tab split between the container's indentation and the code: its columns are lost.
        const head = lineHead(text, start);
        if (token.start._bufferIndex === -1 && (/\t/.test(head) || token.start.column - 1 !== head.length)) open.fence.tabbed = true;
      }
      continue;
    }
    if (type === 'htmlFlow' && kind === 'enter') html.push({ start, end });
    if (type === 'codeText') {
      if (kind === 'enter') code = { start, end, lines: 0 };
      else if (code) {
        const inner = /^(`+)([^]*?)\1$/.exec(text.slice(code.start, code.end));
        if (inner && code.lines === 0) inline.push({ start: code.start + inner[1].length, end: code.end - inner[1].length });
        code = undefined;
      }
    } else if (code && kind === 'enter' && type === 'lineEnding') code.lines++;
  }
  return { fences, inline, html };
}

// The text of the line before an offset (where list indentation and quote markers sit).
function lineHead(text: string, offset: number): string {
  return text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
}
