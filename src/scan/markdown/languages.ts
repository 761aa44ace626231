// Which scanner migrates a fenced code block: the block is read as a file of this name, and the
// scanner that reads such files (src/scan/prefilter.ts) scans it. A language whose scanner has not
// landed yet finds none, and its blocks are left alone; when one lands, its blocks follow with no
// change here.
const FILES: Record<string, string> = {
  js: 'snippet.js', javascript: 'snippet.js', jsx: 'snippet.jsx', mjs: 'snippet.mjs', cjs: 'snippet.cjs', node: 'snippet.js',
  ts: 'snippet.ts', typescript: 'snippet.ts', tsx: 'snippet.tsx', mts: 'snippet.mts', cts: 'snippet.cts',
  python: 'snippet.py', py: 'snippet.py', python3: 'snippet.py', py3: 'snippet.py',
  env: '.env', dotenv: '.env', ini: '.env', properties: '.env',
  // Scanners of other branches (shell, YAML, JSON, TOML, Dockerfile): read by whichever scanner
  // matches these names once it is registered.
  sh: 'snippet.sh', bash: 'snippet.sh', shell: 'snippet.sh', console: 'snippet.sh', zsh: 'snippet.sh', shellsession: 'snippet.sh',
  powershell: 'snippet.ps1', ps1: 'snippet.ps1', pwsh: 'snippet.ps1', ps: 'snippet.ps1',
  bat: 'snippet.cmd', cmd: 'snippet.cmd', batch: 'snippet.cmd',
  yaml: 'snippet.yaml', yml: 'snippet.yaml',
  json: 'snippet.json', jsonc: 'snippet.jsonc', json5: 'snippet.json5',
  toml: 'snippet.toml',
  dockerfile: 'Dockerfile', docker: 'Dockerfile',
};

// A block without a language, plain text or shell, whose every line is `NAME=value` (or `export
// NAME=value`) or a comment: the contents of an env file, as READMEs show them ("add this to
// .env"). Shell blocks with commands in them are the shell scanner's.
const PLAIN = new Set(['', 'text', 'txt', 'plaintext', 'plain', 'sh', 'bash', 'shell', 'zsh']);
// One value per line (`A=1 cmd` runs a command: the shell scanner's).
const ENV_LINE = /^[ \t]*(?:#.*|(?:export[ \t]+)?[A-Za-z_][A-Za-z0-9_.]*[ \t]*=[ \t]*(?:"[^"]*"|'[^']*'|[^\s"']*)[ \t]*(?:#.*)?)?$/;

/** The file name a block is read as, or undefined: no scanner reads its language. */
export function blockFileName(lang: string, content: string): string | undefined {
  // `js title="app.js"`, `{.python}`, `python {1,3}`: the language is the first word.
  const word = /^\{?\.?([\w+#-]*)/.exec(lang)?.[1] ?? '';
  if (PLAIN.has(word) && /=/.test(content) && content.split('\n').every((l) => ENV_LINE.test(l))) return '.env';
  return FILES[word];
}

// A terminal session (```console, ```shellsession): commands after a `$ ` or `% ` prompt, with
// their `\` continuation lines, and the output between them.
const SESSIONS = new Set(['console', 'shellsession', 'shell-session']);
const PROMPT = /^([ \t]*[$%][ \t])/;

/**
 * The commands of a session block as a script: prompts and output lines become spaces of the same
 * length (so offsets stay those of the block), and the commands are left. Other blocks unchanged.
 */
export function sessionCommands(lang: string, text: string): string {
  const word = /^\{?\.?([\w+#-]*)/.exec(lang)?.[1] ?? '';
  if (!SESSIONS.has(word)) return text;
  let continued = false;
  return text
    .split('\n')
    .map((line) => {
      const prompt = PROMPT.exec(line);
      const command = prompt !== null || continued;
      continued = command && /\\\r?$/.test(line);
      if (prompt) return ' '.repeat(prompt[1].length) + line.slice(prompt[1].length);
      return command ? line : line.replace(/[^\r]/g, ' ');
    })
    .join('\n');
}
