// What CPython rejects that tree-sitter's Python grammar accepts: it recovers from bad indentation
// and parses Python 2 statements. A file CPython would not run is not edited (an edit could make
// the error worse or hide it), so these are read as syntax errors too:
// - indentation: the statements of a block (and a module's, at column 0) start at one column,
//   deeper than the line that opens the block; `elif`/`else`/`except`/`finally` line up with
//   their statement; tabs and spaces compared both ways, as CPython's tokenizer does (TabError);
// - `print "x"` and `exec "x"` (Python 2; `print >> f, x` is a Python 3 expression too);
// - a positional argument after a keyword argument or `**`, and `*x` after `**`.
import type { Node } from './parse.js';

const CLAUSES = ['elif_clause', 'else_clause', 'except_clause', 'except_group_clause', 'finally_clause'];

/** The first line CPython would reject, with why; undefined when it would parse the module. */
export function cpythonError(root: Node, text: string): { line: number; why: string } | undefined {
  const errors: { line: number; why: string }[] = [];
  const fail = (node: Node, why: string) => errors.push({ line: node.startPosition.row + 1, why });
  for (const node of root.descendantsOfType(['module', 'block', 'print_statement', 'exec_statement', 'argument_list', ...CLAUSES])) {
    if (!node) continue;
    // `print >> f, x` is also a Python 3 expression (a shift, then a tuple): CPython parses it.
    if (node.type === 'exec_statement' || (node.type === 'print_statement' && !node.namedChildren.some((c) => c?.type === 'chevron'))) {
      fail(node, `Python 2 ${node.type === 'print_statement' ? 'print' : 'exec'} statement`);
    }
    else if (node.type === 'argument_list') checkArguments(node, fail);
    else if (CLAUSES.includes(node.type)) {
      const own = indentAt(text, node.startIndex);
      if (own && !same(own, lineIndent(text, node.parent!.startIndex))) fail(node, `\`${node.type.split('_')[0]}\` does not line up with its statement`);
    } else checkBlock(node, text, fail);
  }
  return errors.sort((a, b) => a.line - b.line)[0];
}

type Column = [number, number]; // with tabs to the next multiple of 8, and with a tab as 1

function checkBlock(block: Node, text: string, fail: (node: Node, why: string) => void): void {
  const opener: Column = block.type === 'module' ? [-1, -1] : lineIndent(text, block.parent!.startIndex);
  let first: Column | undefined;
  for (const statement of block.namedChildren) {
    if (!statement || statement.type === 'comment' || statement.type === 'line_continuation') continue;
    const col = indentAt(text, statement.startIndex);
    if (!col) continue; // after `:` or `;` on the same line
    if (block.type === 'module' && (col[0] !== 0 || col[1] !== 0)) return fail(statement, 'unexpected indent');
    if (!first) {
      if (col[0] <= opener[0] || col[1] <= opener[1]) return fail(statement, col[0] > opener[0] || col[1] > opener[1] ? 'inconsistent use of tabs and spaces in indentation' : 'expected an indented block');
      first = col;
    } else if (!same(col, first)) {
      return fail(statement, col[0] === first[0] || col[1] === first[1] ? 'inconsistent use of tabs and spaces in indentation' : 'unindent does not match any outer indentation level');
    }
  }
}

function checkArguments(list: Node, fail: (node: Node, why: string) => void): void {
  let keyword = false;
  let doubleStar = false;
  for (const arg of list.namedChildren) {
    if (!arg || arg.type === 'comment' || arg.type === 'line_continuation') continue;
    if (arg.type === 'keyword_argument') keyword = true;
    else if (arg.type === 'dictionary_splat') doubleStar = true;
    else if (arg.type === 'list_splat') {
      if (doubleStar) return fail(arg, 'iterable argument unpacking follows keyword argument unpacking');
    } else if (keyword || doubleStar) return fail(arg, `positional argument follows ${keyword ? 'keyword argument' : 'keyword argument unpacking'}`);
  }
}

function same(a: Column, b: Column): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** The indentation before `offset`, when only whitespace precedes it on its line. */
function indentAt(text: string, offset: number): Column | undefined {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(start, offset);
  return /^[ \t\f]*$/.test(prefix) ? measure(prefix) : undefined;
}

/** The indentation of the line `offset` is on. */
function lineIndent(text: string, offset: number): Column {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return measure(/^[ \t\f]*/.exec(text.slice(start, offset))![0]);
}

function measure(ws: string): Column {
  let col = 0;
  let alt = 0;
  for (const c of ws) {
    if (c === '\t') {
      col = (Math.floor(col / 8) + 1) * 8;
      alt++;
    } else if (c === ' ') {
      col++;
      alt++;
    } else {
      col = alt = 0; // a form feed resets the column
    }
  }
  return [col, alt];
}
