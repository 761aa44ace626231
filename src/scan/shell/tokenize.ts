// Shell text split into commands and words, with the source range of every word and of every
// character of its value. A tokenizer, not a full parser: the migration needs to know which words
// a command has (`export`, `docker run -e`, a curl URL and its `-d` body), where each one is, and
// which parts are quoted; it never needs the grammar of `if`/`for`/functions. Shell parsers on npm
// (sh-syntax: WASM; mvdan-sh: a 1.5 MB GopherJS build) would cost more to load than every other
// scanner here, and none covers PowerShell and cmd. What this one respects, per dialect:
// - posix (sh, bash, zsh): '...', "..." (\" \\ \$ escapes), $'...', \ escapes, \ + newline,
//   # comments at a word's start, ; & | ( ) < > operators, $(...) and `...` (their commands are
//   read too), ${...}, heredoc bodies (kept out of the commands, attached to theirs).
// - powershell: '...' ('' escape), "..." (` escapes), here-strings @"..."@, ` escapes and
//   ` + newline, # and <# #> comments, ; | separators, { } script blocks; a newline inside
//   ( ), @( ) or @{ } does not end the statement (a hashtable of headers spans lines).
// - cmd: "..." (no escapes), ^ escapes and ^ + newline, REM and :: comments, & | ( ) separators.
// Every loop is iterative: nested substitutions are queued, not recursed into.

export type Dialect = 'posix' | 'powershell' | 'cmd';

export interface Word {
  start: number;
  end: number;
  /** The word with quotes and escapes removed (substitutions kept as written). */
  value: string;
  /** Source offset of each character of `value`. */
  map: number[];
  /** Source ranges quoted so that nothing expands in them ('...' in posix and PowerShell). */
  literal: [number, number][];
}

export interface Command {
  start: number;
  end: number;
  words: Word[];
  /** Heredoc bodies fed to this command (`<<EOF`), as source ranges. */
  heredocs: { start: number; end: number }[];
}

export interface TokenizeOptions {
  /** Another line-continuation character (a Dockerfile's `# escape=` character). */
  continuation?: string;
}

const MAX_NESTING = 8;

const isSpace = (c: string) => c === ' ' || c === '\t';
const isNewline = (c: string) => c === '\n' || c === '\r';

/** The commands of text[start, end) and of every substitution inside them, in source order. */
export function tokenize(text: string, dialect: Dialect, start = 0, end = text.length, options: TokenizeOptions = {}): Command[] {
  const out: Command[] = [];
  const queue: [number, number, number][] = [[start, end, 0]];
  for (let q = 0; q < queue.length; q++) {
    const [s, e, depth] = queue[q];
    const t = new Tokenizer(text, dialect, s, e, options.continuation);
    t.run();
    for (const c of t.commands) out.push(c);
    // Substitutions nested deeper than scripts write them are not read again: each level would
    // read its whole range once more (`$($($(...)))` thousands deep is a file built to be slow).
    if (depth < MAX_NESTING) for (const [a, b] of t.substitutions) queue.push([a, b, depth + 1]);
  }
  return out.sort((a, b) => a.start - b.start);
}

class Tokenizer {
  commands: Command[] = [];
  substitutions: [number, number][] = [];
  private cmd: Command | undefined;
  private word: Word | undefined;
  private heredocPending: { delimiter: string; strip: boolean; cmd: Command }[] = [];
  private expectDelimiter: { strip: boolean } | undefined;
  /** PowerShell: the open brackets; a newline inside ( ) @( ) @{ } does not end the statement. */
  private brackets: string[] = [];
  private i: number;

  constructor(private text: string, private dialect: Dialect, start: number, private end: number, private extraContinuation?: string) {
    this.i = start;
  }

  run(): void {
    const { text, end } = this;
    while (this.i < end) {
      const c = text[this.i];
      if (this.continuation(c)) continue;
      if (this.word === undefined) {
        if (isSpace(c)) this.i++;
        else if (isNewline(c)) this.newline();
        else if (this.commentStart(c)) this.skipComment();
        else if (this.separatorChar(c)) {
          if (this.separator(c)) this.endCommand(this.i);
        } else this.startWord();
      } else if (isSpace(c) || isNewline(c) || this.separatorChar(c)) this.endWord();
      else this.wordChar(c);
    }
    this.endCommand(end, true);
  }

  // `\` (posix), `` ` `` (PowerShell), `^` (cmd) or the Dockerfile's escape, before a line break.
  private continuation(c: string): boolean {
    const cont = this.dialect === 'posix' ? '\\' : this.dialect === 'powershell' ? '`' : '^';
    if (c !== cont && c !== this.extraContinuation) return false;
    const n = this.text[this.i + 1];
    if (n === '\n') this.i += 2;
    else if (n === '\r') this.i += this.text[this.i + 2] === '\n' ? 3 : 2;
    else return false;
    return true;
  }

  private commentStart(c: string): boolean {
    if (this.dialect === 'cmd') {
      if (this.cmd?.words.length) return false;
      const rest = this.text.slice(this.i, this.i + 4);
      return /^rem(\s|$)/i.test(rest) || rest.startsWith('::') || c === '@' && /^@rem\s/i.test(this.text.slice(this.i, this.i + 5));
    }
    return c === '#' || (this.dialect === 'powershell' && c === '<' && this.text[this.i + 1] === '#');
  }

  private skipComment(): void {
    const { text } = this;
    if (this.dialect === 'powershell' && text[this.i] === '<') {
      const close = text.indexOf('#>', this.i + 2);
      this.i = close === -1 || close >= this.end ? this.end : close + 2;
      return;
    }
    while (this.i < this.end && !isNewline(text[this.i])) this.i++;
  }

  private separatorChar(c: string): boolean {
    if (this.dialect === 'posix') return ';&|()<>'.includes(c);
    if (this.dialect === 'cmd') return '&|()<>'.includes(c);
    return ';|(){}'.includes(c) || (c === '@' && '({'.includes(this.text[this.i + 1] ?? '') && this.word === undefined);
  }

  // Between words: an operator. Redirections and PowerShell brackets become words of their own
  // (`> .env` is read as such; `@{` nests): false; the others end the command: true.
  private separator(c: string): boolean {
    const { text } = this;
    if (c === '<' || c === '>') {
      let j = this.i + 1;
      while (j < this.end && (text[j] === '<' || text[j] === '>' || text[j] === '&' || text[j] === '-' || text[j] === '|')) j++;
      const op = text.slice(this.i, j);
      if (this.dialect === 'posix' && /^<<-?$/.test(op)) this.expectDelimiter = { strip: op === '<<-' };
      this.pushWord(this.i, j, op);
      this.i = j;
      return false; // handled: not a command end
    }
    if (this.dialect === 'powershell') {
      const two = text.slice(this.i, this.i + 2);
      if (c === '(' || two === '@(' || two === '@{') {
        const open = c === '(' ? '(' : two;
        this.pushWord(this.i, this.i + open.length, open);
        this.brackets.push(open);
        this.i += open.length;
        return false;
      }
      if (c === ')' || (c === '}' && this.brackets.at(-1) === '@{')) {
        this.brackets.pop();
        this.pushWord(this.i, this.i + 1, c);
        this.i++;
        return false;
      }
      if (c === ';' && this.brackets.length) {
        this.pushWord(this.i, this.i + 1, c);
        this.i++;
        return false;
      }
      if (c === '{') this.brackets.length = 0; // a script block: its statements are commands
    }
    return true;
  }

  private newline(): void {
    const start = this.i;
    this.i += this.text[this.i] === '\r' && this.text[this.i + 1] === '\n' ? 2 : 1;
    if (this.dialect === 'powershell' && this.brackets.length) return; // a hashtable or call spans lines
    this.endCommand(start);
    this.readHeredocs();
  }

  private endCommand(at: number, last = false): void {
    this.endWord();
    if (this.cmd) {
      this.cmd.end = at;
      if (this.cmd.words.length) this.commands.push(this.cmd);
      this.cmd = undefined;
    }
    this.brackets.length = 0;
    if (!last && at < this.end && !isNewline(this.text[at])) {
      // the operator itself (`;`, `&&`, `||`, `|`, `&`, `(`, `)`, `{`, `}`)
      const two = this.text.slice(at, at + 2);
      this.i = at + (['&&', '||', ';;', '|&'].includes(two) ? 2 : 1);
    }
  }

  private startWord(): void {
    this.cmd ??= { start: this.i, end: this.i, words: [], heredocs: [] };
    this.word = { start: this.i, end: this.i, value: '', map: [], literal: [] };
  }

  private pushWord(start: number, end: number, value: string): void {
    this.endWord();
    this.cmd ??= { start, end, words: [], heredocs: [] };
    this.cmd.words.push({ start, end, value, map: Array.from({ length: value.length }, (_, k) => start + k), literal: [] });
  }

  private endWord(): void {
    const w = this.word;
    if (!w) return;
    w.end = this.i;
    this.cmd!.words.push(w);
    this.word = undefined;
    if (this.expectDelimiter && w.value !== '<<' && w.value !== '<<-') {
      this.heredocPending.push({ delimiter: w.value, strip: this.expectDelimiter.strip, cmd: this.cmd! });
      this.expectDelimiter = undefined;
    }
  }

  private add(ch: string, at: number): void {
    this.word!.value += ch;
    this.word!.map.push(at);
  }

  private wordChar(c: string): void {
    const { text } = this;
    const d = this.dialect;
    const i = this.i;
    if ((d === 'posix' && c === '\\') || (d === 'powershell' && c === '`') || (d === 'cmd' && c === '^')) {
      if (i + 1 < this.end) this.add(text[i + 1], i + 1);
      this.i += 2;
    } else if (c === "'" && d !== 'cmd') this.singleQuoted();
    else if (c === '"') this.doubleQuoted();
    else if (d === 'powershell' && c === '@' && (text[i + 1] === '"' || text[i + 1] === "'") && isNewline(text[i + 2] ?? '')) this.hereString();
    else if (c === '$' && d !== 'cmd' && (text[i + 1] === '(' || text[i + 1] === '{')) this.expansion();
    else if (c === '$' && d === 'posix' && text[i + 1] === "'") this.ansiC();
    else if (c === '`' && d === 'posix') this.backticks();
    else {
      this.add(c, i);
      this.i++;
    }
  }

  private singleQuoted(): void {
    const { text } = this;
    const open = this.i;
    this.i++;
    while (this.i < this.end) {
      const c = text[this.i];
      if (c === "'") {
        if (this.dialect === 'powershell' && text[this.i + 1] === "'") {
          this.add("'", this.i);
          this.i += 2;
          continue;
        }
        break;
      }
      this.add(c, this.i++);
    }
    this.word!.literal.push([open, Math.min(this.i + 1, this.end)]);
    this.i++;
  }

  private doubleQuoted(): void {
    const { text } = this;
    const esc = this.dialect === 'posix' ? '\\' : this.dialect === 'powershell' ? '`' : '';
    this.i++;
    while (this.i < this.end) {
      const c = text[this.i];
      if (c === '"') {
        if (this.dialect === 'powershell' && text[this.i + 1] === '"') {
          this.add('"', this.i);
          this.i += 2;
          continue;
        }
        break;
      }
      if (this.dialect === 'cmd' && c === '\\' && text[this.i + 1] === '"') {
        // cmd leaves quotes to the program, and programs read \" as a quote (curl -d "{\"model\": ...}")
        this.add('"', this.i + 1);
        this.i += 2;
        continue;
      }
      if (c === esc && this.i + 1 < this.end) {
        const n = text[this.i + 1];
        if (n === '\n' || n === '\r') {
          this.i += n === '\r' && text[this.i + 2] === '\n' ? 3 : 2; // a continuation inside quotes
        } else if (this.dialect === 'powershell' || '$`"\\'.includes(n)) {
          this.add(n, this.i + 1);
          this.i += 2;
        } else {
          this.add(c, this.i++);
        }
      } else if (c === '$' && this.dialect !== 'cmd' && (text[this.i + 1] === '(' || text[this.i + 1] === '{')) this.expansion();
      else if (c === '`' && this.dialect === 'posix') this.backticks();
      else this.add(c, this.i++);
    }
    this.i++;
  }

  // PowerShell here-strings: @" (or @') on its own, up to a line starting with "@ ('@).
  private hereString(): void {
    const { text } = this;
    const q = text[this.i + 1];
    const bodyStart = this.i + 2 + (text[this.i + 2] === '\r' && text[this.i + 3] === '\n' ? 2 : 1);
    const close = new RegExp(`\\r?\\n[ \\t]*${q}@`, 'g');
    close.lastIndex = bodyStart - 1;
    const m = close.exec(text);
    const bodyEnd = m && m.index < this.end ? m.index : this.end;
    for (let k = bodyStart; k < bodyEnd; k++) this.add(text[k], k);
    if (q === "'") this.word!.literal.push([bodyStart, bodyEnd]);
    this.i = m && m.index < this.end ? m.index + m[0].length : this.end;
  }

  // $( ... ), $(( ... )), ${ ... }: kept in the word as written; the commands inside $( ) are
  // queued to be read too (`RESPONSE=$(curl ...)`).
  private expansion(): void {
    const { text } = this;
    const open = text[this.i + 1];
    const close = open === '(' ? ')' : '}';
    const start = this.i;
    let depth = 0;
    let k = this.i + 1;
    for (; k < this.end; k++) {
      const c = text[k];
      if (c === '\\' && this.dialect === 'posix') k++;
      else if (c === "'" && open === '(') k = this.skipQuote(k, "'");
      else if (c === '"') k = this.skipQuote(k, '"');
      else if (c === open) depth++;
      else if (c === close && --depth === 0) break;
    }
    const stop = Math.min(k + 1, this.end);
    if (open === '(' && text[start + 2] !== '(') this.substitutions.push([start + 2, Math.max(start + 2, stop - 1)]);
    for (let p = start; p < stop; p++) this.add(text[p], p);
    this.i = stop;
  }

  private backticks(): void {
    const { text } = this;
    const start = this.i;
    let k = this.i + 1;
    while (k < this.end && text[k] !== '`') k += text[k] === '\\' ? 2 : 1;
    const stop = Math.min(k + 1, this.end);
    this.substitutions.push([start + 1, Math.max(start + 1, stop - 1)]);
    for (let p = start; p < stop; p++) this.add(text[p], p);
    this.i = stop;
  }

  private ansiC(): void {
    const { text } = this;
    const open = this.i;
    this.i += 2;
    while (this.i < this.end && text[this.i] !== "'") {
      if (text[this.i] === '\\' && this.i + 1 < this.end) {
        this.add(text[this.i + 1], this.i + 1);
        this.i += 2;
      } else this.add(text[this.i], this.i++);
    }
    this.word!.literal.push([open, Math.min(this.i + 1, this.end)]);
    this.i++;
  }

  private skipQuote(k: number, q: string): number {
    const { text } = this;
    for (k++; k < this.end && text[k] !== q; k++) if (q === '"' && text[k] === '\\') k++;
    return k;
  }

  // After a line that opened heredocs (`cat <<EOF`): their bodies, up to each delimiter line.
  private readHeredocs(): void {
    const { text } = this;
    while (this.heredocPending.length) {
      const h = this.heredocPending.shift()!;
      const bodyStart = this.i;
      let k = this.i;
      for (;;) {
        if (k >= this.end) {
          this.i = this.end;
          h.cmd.heredocs.push({ start: bodyStart, end: this.end });
          break;
        }
        let e = text.indexOf('\n', k);
        if (e === -1 || e > this.end) e = this.end;
        const line = text.slice(k, e).replace(/\r$/, '');
        if ((h.strip ? line.replace(/^\t+/, '') : line) === h.delimiter) {
          h.cmd.heredocs.push({ start: bodyStart, end: k });
          this.i = Math.min(e + 1, this.end);
          break;
        }
        k = e + 1;
      }
    }
  }
}

/** The source range of value[from, to) when it is written without escapes or quotes in between. */
export function sourceRange(w: Word, from: number, to: number): { start: number; end: number } | undefined {
  if (from >= to || to > w.map.length) return undefined;
  const start = w.map[from];
  for (let k = from + 1; k < to; k++) if (w.map[k] !== start + (k - from)) return undefined;
  return { start, end: start + (to - from) };
}

/** Whether a source offset falls where nothing expands ('...'). */
export function inLiteral(w: Word, offset: number): boolean {
  return w.literal.some(([s, e]) => offset >= s && offset < e);
}
