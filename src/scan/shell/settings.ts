// Where a shell command sets, forwards or names a variable: `export NAME=v`, `NAME=v cmd`,
// `docker run -e NAME[=v]` / `--env NAME` / `--env=NAME=v`, `--build-arg NAME=v`,
// `--secret id=NAME,env=NAME`, `fly secrets set NAME=v`, `gh secret set NAME`, cmd `set NAME=v`
// and `setx NAME v`, PowerShell `$env:NAME = v` and `[Environment]::SetEnvironmentVariable(...)`.
// Each is a Setting: the word that names the variable, its value (when it has one, for the model
// and base-URL rules and to leave a literal key out of the copy added beside it), and how a copy
// naming the Flux key is added (a line of its own, or a word beside the old one).
import type { Dialect, Command, Word } from './tokenize.js';
import { sourceRange } from './tokenize.js';

export type SettingShape =
  /** A statement that only sets (export, set, setx, $env:): the copy is a line of its own. */
  | 'statement'
  /** A word in a command (`NAME=v cmd`, `fly secrets set NAME=v`): the copy is a word after it. */
  | 'word'
  /** The value of a flag (`-e NAME`, `--env=NAME=v`, `--secret id=NAME`): the flag is copied too. */
  | 'flag'
  /** A name a CLI command takes (`gh secret set NAME`): the copy is the command on a line of its own. */
  | 'command';

export interface Setting {
  name: string;
  /** Where the name starts in the source. */
  nameStart: number;
  /** The word holding the name (and the flag word before it, for `-e NAME`). */
  word: Word;
  flag?: Word;
  value?: { text: string; start: number; end: number };
  shape: SettingShape;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DECLARE = new Set(['export', 'declare', 'typeset', 'local', 'readonly', 'unset', 'setenv', 'set', 'setx', 'read']);
const WRAPPERS = new Set(['sudo', 'env', 'time', 'exec', 'nohup', 'command', 'builtin', 'nice', '!', 'call']);
// Sub-commands of deployment CLIs that create a variable by name (`gh secret set NAME`).
const SETTER_WORDS = /^(set|add|put|create|config:set|env:set|secrets?:set)$/i;

/** The index of a command's name (after `NAME=v` prefixes and wrappers such as `sudo`), or -1. */
export function commandIndex(cmd: Command, dialect: Dialect): number {
  const words = cmd.words;
  let k = 0;
  if (dialect === 'powershell' && /^\$[\w:]+$/.test(words[0]?.value ?? '') && words[1]?.value === '=') k = 2;
  while (k < words.length && (assignment(words[k]) !== undefined || WRAPPERS.has(words[k].value.toLowerCase()))) k++;
  return k < words.length ? k : -1;
}

/** The command's name, lowercased, without a path or `.exe` (`/usr/bin/curl` -> `curl`). */
export function commandName(cmd: Command, dialect: Dialect): string {
  const k = commandIndex(cmd, dialect);
  if (k === -1) return '';
  return cmd.words[k].value.toLowerCase().replace(/^@/, '').replace(/^.*[\\/]/, '').replace(/\.exe$/, '');
}

function assignment(w: Word): { name: string; eq: number } | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(w.value);
  return m && w.map[0] === w.start ? { name: m[1], eq: m[1].length } : undefined;
}

// `NAME` or `NAME=value` at value index `from` of a word, up to `to` (a list item ends at a comma).
function settingAt(w: Word, from: number, to: number, shape: SettingShape, flag?: Word): Setting | undefined {
  const text = w.value.slice(from, to);
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(=?)/.exec(text);
  if (!m || (!m[2] && m[1].length !== text.length)) return undefined;
  const nameRange = sourceRange(w, from, from + m[1].length);
  if (!nameRange) return undefined;
  const s: Setting = { name: m[1], nameStart: nameRange.start, word: w, flag, shape };
  if (m[2]) {
    const vFrom = from + m[1].length + 1;
    const range = vFrom < to ? sourceRange(w, vFrom, to) : { start: (w.map[vFrom - 1] ?? w.start) + 1, end: (w.map[vFrom - 1] ?? w.start) + 1 };
    s.value = { text: w.value.slice(vFrom, to), start: range?.start ?? -1, end: range?.end ?? -1 };
  }
  return s;
}

// Every `NAME[=v]` in a flag's value: the value itself, its comma-separated items
// (`A=1,OPENAI_API_KEY=x`), and `key=NAME` items (`id=OPENAI_API_KEY,env=OPENAI_API_KEY`).
function listSettings(w: Word, from: number, shape: SettingShape, flag?: Word): Setting[] {
  const out: Setting[] = [];
  let start = from;
  for (let k = from; k <= w.value.length; k++) {
    if (k < w.value.length && w.value[k] !== ',') continue;
    const item = settingAt(w, start, k, shape, flag);
    if (item) {
      out.push(item);
      // `id=OPENAI_API_KEY`: the name is the item's value
      if (item.value && NAME.test(item.value.text)) out.push({ name: item.value.text, nameStart: item.value.start, word: w, flag, shape });
    }
    start = k + 1;
  }
  return out.filter((s) => s.nameStart >= 0);
}

/**
 * `echo "OPENAI_API_KEY=$KEY" >> .env`: echoed text is docs, except a line written into an env
 * file, which sets the variable there. Its copy is a command of its own (appending: `>>`).
 */
export function echoedSettings(cmd: Command, dialect: Dialect, isEnvFile: (name: string) => boolean): Setting[] {
  const words = cmd.words;
  const k = commandIndex(cmd, dialect);
  if (k === -1 || commandName(cmd, dialect) !== 'echo') return [];
  const redirect = words.findIndex((w, i) => i > k && /^>>?$/.test(w.value) && words[i + 1] && isEnvFile(words[i + 1].value));
  if (redirect === -1) return [];
  return words.slice(k + 1, redirect).filter((w) => !/^-/.test(w.value)).flatMap((w) => settingAt(w, 0, w.value.length, 'command') ?? []).filter((s) => s.value);
}

/** The settings one command makes or forwards. */
export function settingsOf(cmd: Command, dialect: Dialect): Setting[] {
  const words = cmd.words;
  const out: Setting[] = [];
  if (dialect === 'powershell') {
    const ps = powershellSetting(words);
    if (ps) return [ps];
  }
  const k = commandIndex(cmd, dialect);
  // `NAME=v` before the command (or alone: a statement)
  for (let j = 0; j < (k === -1 ? words.length : k); j++) {
    if (dialect === 'powershell') break;
    const s = assignment(words[j]) && settingAt(words[j], 0, words[j].value.length, k === -1 ? 'statement' : 'word');
    if (s) out.push(s);
  }
  if (k === -1) return out;
  const name = commandName(cmd, dialect);
  if (name === 'setx' && words[k + 1]) {
    const s = settingAt(words[k + 1], 0, words[k + 1].value.length, 'statement');
    const v = words[k + 2];
    const range = v && sourceRange(v, 0, v.value.length);
    if (s) out.push({ ...s, value: v ? { text: v.value, start: range?.start ?? -1, end: range?.end ?? -1 } : undefined });
    return out;
  }
  if (DECLARE.has(name)) {
    for (const w of words.slice(k + 1)) {
      if (/^[-/]/.test(w.value)) continue; // export -n, declare -x, set /p
      const s = settingAt(w, 0, w.value.length, 'statement');
      // cmd's `set NAME=a value with spaces`: the value runs to the end of the command
      if (s?.value && dialect === 'cmd' && w === words[k + 1] && words.length > k + 2 && s.value.end >= 0) {
        const last = words[words.length - 1];
        s.value = { text: s.value.text, start: s.value.start, end: last.map.at(-1)! + 1 };
      }
      if (s) out.push(s);
    }
    return out;
  }
  const setter = words.slice(k + 1).some((w) => SETTER_WORDS.test(w.value));
  for (let j = k + 1; j < words.length; j++) {
    const w = words[j];
    if (/^--?[A-Za-z]/.test(w.value)) {
      const eq = w.value.indexOf('=');
      if (eq !== -1) out.push(...listSettings(w, eq + 1, 'flag', undefined));
      else if (words[j + 1] && !/^-/.test(words[j + 1].value)) {
        const found = listSettings(words[j + 1], 0, 'flag', w);
        if (found.length) {
          out.push(...found);
          j++;
        }
      }
      continue;
    }
    const s = settingAt(w, 0, w.value.length, 'word');
    if (s && (s.value || setter)) out.push(s.value ? s : { ...s, shape: 'command' });
  }
  return out;
}

// `$env:NAME = v`, `${env:NAME} = v`, `[Environment]::SetEnvironmentVariable("NAME", "v", ...)`,
// `Set-Item Env:NAME v`.
function powershellSetting(words: Word[]): Setting | undefined {
  const first = words[0];
  const env = /^\$\{?env:([A-Za-z_][A-Za-z0-9_]*)\}?$/i.exec(first?.value ?? '');
  if (env && words[1]?.value === '=') {
    const at = first.value.toLowerCase().indexOf('env:') + 4;
    const nameRange = sourceRange(first, at, at + env[1].length);
    const v = words[2];
    const range = v && sourceRange(v, 0, v.value.length);
    if (nameRange) return { name: env[1], nameStart: nameRange.start, word: first, value: v ? { text: v.value, start: range?.start ?? -1, end: range?.end ?? -1 } : undefined, shape: 'statement' };
  }
  if (/^\[(system\.)?environment\]::setenvironmentvariable$/i.test(first?.value ?? '') && words[1]?.value === '(') {
    const n = words[2];
    const m = n && /^([A-Za-z_][A-Za-z0-9_]*),?$/.exec(n.value);
    const nameRange = m && sourceRange(n, 0, m[1].length);
    const v = words[3];
    const text = v?.value.replace(/,$/, '') ?? '';
    const range = v && sourceRange(v, 0, text.length);
    if (m && nameRange) return { name: m[1], nameStart: nameRange.start, word: n, value: v ? { text, start: range?.start ?? -1, end: range?.end ?? -1 } : undefined, shape: 'statement' };
  }
  if (/^(set-item|new-item|remove-item)$/i.test(first?.value ?? '')) {
    for (const w of words.slice(1)) {
      const m = /^env:([A-Za-z_][A-Za-z0-9_]*)$/i.exec(w.value);
      const nameRange = m && sourceRange(w, 4, 4 + m[1].length);
      if (m && nameRange) return { name: m[1], nameStart: nameRange.start, word: w, shape: 'statement' };
    }
  }
  return undefined;
}
