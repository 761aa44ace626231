// A code block's text as its scanner reads it, and the way back: the block's content lines are
// joined with '\n' (without the list indentation or `> ` quote prefix micromark strips), and an
// edit at offsets of that text is mapped to the file. A line break the edit writes starts the
// next line with the same prefix as the line it was written in, and the file's own line ending.
import { lineAt as lineOfStarts } from '../lines.js';
import type { Edit } from '../../model.js';
import type { BlockLine } from './parse.js';

export interface BlockText {
  /** The content, as the block's scanner reads it. */
  text: string;
  lines: BlockLine[];
  /** Where each line starts in `text`. */
  starts: number[];
}

export function blockText(doc: string, lines: BlockLine[]): BlockText {
  const starts: number[] = [];
  let text = '';
  lines.forEach((l, i) => {
    if (i) text += '\n';
    starts.push(text.length);
    text += doc.slice(l.start, l.end);
  });
  return { text, lines, starts };
}

/** The line (0-based) of the block holding an offset of its text. */
export function lineAt(block: BlockText, offset: number): number {
  return lineOfStarts(block.starts, offset);
}

/** An offset of the block's text as an offset of the file. */
export function fileOffset(block: BlockText, offset: number): number {
  const i = lineAt(block, offset);
  return block.lines[i].start + Math.min(offset - block.starts[i], block.lines[i].end - block.lines[i].start);
}

export function mapEdit(doc: string, block: BlockText, e: Edit): Edit {
  const start = fileOffset(block, e.start);
  const end = fileOffset(block, e.end);
  if (!e.text.includes('\n')) return { start, end, text: e.text };
  const line = block.lines[lineAt(block, e.start)];
  const lineStart = doc.lastIndexOf('\n', line.start - 1) + 1;
  const prefix = doc.slice(lineStart, line.start);
  const eol = doc[line.end] === '\r' ? '\r\n' : '\n';
  return { start, end, text: e.text.replace(/\r?\n/g, eol + prefix) };
}
