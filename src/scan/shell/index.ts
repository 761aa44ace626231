// Shell scripts (`.sh .bash .zsh .ps1 .bat .cmd`; `.envrc` is an env file): the places that set
// or forward the key, the base URL or a model (`export`, `docker run -e`, `setx`, `$env:`, cmd
// `set`, deployment CLIs) follow the run's key plan, like an env file; reads of the key
// (`$OPENAI_API_KEY` in a check or passed on) follow it too; curl commands to OpenAI are the
// script's own requests (requests.ts). `scanShell` works on any shell text, so the Markdown
// scanner hands it the ```sh / ```console / ```powershell blocks of a README.
//
// Echoed text is docs: `echo "set OPENAI_API_KEY first"`, `Write-Host ...`, `printf` are left
// as they are (as prose is in Markdown), whatever they mention; except `echo "NAME=..." >> .env`,
// which writes an env file.
import { extname } from 'node:path';
import type { Edit, FileScan, ScanOptions } from '../../model.js';
import { KEY_VAR, baseUrlFinding, keyFinding, keyValueSeen, lineAfter, lineIndex, modelSetting, providerWarning, renameEdits, renamed } from '../settings.js';
import { type ShellContext, bearerTokens, findRequest, keyRefs, migrateRequest } from './requests.js';
import { type Setting, commandName, echoedSettings, settingsOf } from './settings.js';
import { isEnvFile } from '../prefilter.js';
import { type Command, type Dialect, tokenize } from './tokenize.js';

export type { Dialect } from './tokenize.js';

const TEXT_COMMANDS = new Set(['echo', 'printf', 'print', 'write-host', 'write-output', 'write-error', 'write-warning', 'write-information', 'write-verbose', 'say']);
const WHY = 'shell script, in step with the code';

export function dialectOf(path: string): Dialect {
  const ext = extname(path).toLowerCase();
  return ext === '.ps1' || ext === '.psm1' ? 'powershell' : ext === '.bat' || ext === '.cmd' ? 'cmd' : 'posix';
}

/** Any shell text: a script, or a code block of a README (`dialect` from its language tag). */
export function scanShell(text: string, path: string, options: ScanOptions, dialect: Dialect = dialectOf(path)): FileScan {
  const out: FileScan = { findings: [], warnings: [] };
  const ctx: ShellContext = { text, dialect, options, out, line: lineIndex(text), commands: tokenize(text, dialect) };
  scanCommands(ctx, WHY);
  return dedupe(out);
}

/** The findings of ctx.commands, into ctx.out (the Dockerfile scanner calls it for RUN lines). */
export function scanCommands(ctx: ShellContext, why: string): void {
  const { out, options, dialect } = ctx;
  const all = ctx.commands.map((cmd) => ({ cmd, settings: TEXT_COMMANDS.has(commandName(cmd, dialect)) ? echoedSettings(cmd, dialect, isEnvFile) : settingsOf(cmd, dialect) }));
  // A base URL of another provider or Azure: the script is set up for that provider, left as is.
  for (const { settings } of all) {
    for (const s of settings) {
      const w = s.value && providerWarning(s.name, s.value.text, ctx.line(s.nameStart), options);
      if (w) {
        out.warnings.push(w);
        return;
      }
    }
  }
  // Requests first: what they send (their words, the assignments of the variables they send) is
  // theirs, not the key plan's.
  const requests = all.map(({ cmd }) => findRequest(ctx, cmd)).filter((r) => r !== undefined);
  const keptOnOpenAI = new Set(requests.filter((r) => !r.served).flatMap((r) => [...r.parts, r.url.word]));
  ctx.keptKeys = new Map(requests.filter((r) => !r.served).flatMap((r) => bearerTokens(ctx, r)).reverse());
  for (const r of requests) migrateRequest(ctx, r, keptOnOpenAI);
  const sent = new Set(requests.flatMap((r) => r.parts));
  const setsFluxKey = all.some(({ settings }) => settings.some((s) => s.name === options.keyEnv && s.shape === 'statement'));
  for (const { cmd, settings } of all) {
    const text = TEXT_COMMANDS.has(commandName(cmd, dialect));
    if ((text && !settings.length) || sent.has(cmd)) continue;
    const keyWords = new Set<number>();
    const forwardsFluxKey = settings.some((s) => s.name === options.keyEnv);
    for (const s of settings) {
      const line = ctx.line(s.nameStart);
      if (s.name === KEY_VAR) {
        keyValueSeen(s.value?.text);
        if (keyWords.has(s.word.start)) continue;
        keyWords.add(s.word.start);
        if (s.shape === 'statement' || s.shape === 'command' ? setsFluxKey : forwardsFluxKey) continue; // a second run, after `beside`
        out.findings.push(keyFinding(line, renameEdits(ctx.text, s.word.start, s.word.end, options.keyEnv), beside(ctx, cmd, s), options, why));
      } else if (s.value && s.value.start >= 0) {
        const range = { start: s.value.start, end: s.value.end };
        const base = baseUrlFinding(s.name, s.value.text, line, range, options, why);
        if (base) out.findings.push(base);
        const model = modelSetting(s.name, s.value.text, line, range, why);
        if (model.finding) out.findings.push(model.finding);
        if (model.warning) out.warnings.push(model.warning);
      }
    }
    // Reads of the key elsewhere in the command (a check, an argument): they follow the plan.
    for (const w of text ? [] : cmd.words) {
      if (keyWords.has(w.start)) continue;
      const refs = keyRefs(ctx, w, KEY_VAR);
      // the whole word: `${OPENAI_API_KEY:?export OPENAI_API_KEY first}` names it in its message too
      if (refs.length) out.findings.push(keyFinding(ctx.line(refs[0].start), renameEdits(ctx.text, w.start, w.end, options.keyEnv), undefined, options, why));
    }
  }
}

// The Flux key added beside the old setting, in its shape: a statement or a CLI command is
// copied on a line of its own; a word (`NAME=v cmd`) or a flag (`-e NAME`) gets a copy after it.
// The copy reads the Flux key where the old one read OPENAI_API_KEY, and is empty where it held a
// value (the OpenAI key is not a Flux key).
function beside(ctx: ShellContext, cmd: Command, s: Setting): Edit[] | undefined {
  const { text, options } = ctx;
  const keep = s.value === undefined || refersToKey(s.value.text);
  if (!keep && s.value!.start < 0) return undefined;
  const copy = (from: number, to: number) => {
    const hole = keep || s.value!.start < from || s.value!.end > to ? undefined : s.value!;
    return renamed(hole ? text.slice(from, hole.start) + text.slice(hole.end, to) : text.slice(from, to), options.keyEnv);
  };
  if (s.shape === 'statement' || s.shape === 'command') {
    const last = cmd.words[cmd.words.length - 1];
    const lineStart = text.lastIndexOf('\n', cmd.start - 1) + 1;
    const indent = /^[ \t]*$/.test(text.slice(lineStart, cmd.start)) ? text.slice(lineStart, cmd.start) : '';
    // a copy that writes a file appends to it (`echo ... > .env` again would empty it)
    const truncate = cmd.words.find((w) => w.value === '>');
    const line = truncate ? copy(cmd.start, truncate.start) + '>>' + copy(truncate.end, last.end) : copy(cmd.start, last.end);
    return [lineAfter(text, last.end, indent + line)];
  }
  const flag = s.flag ? text.slice(s.flag.start, s.flag.end) + ' ' : '';
  return [{ start: s.word.end, end: s.word.end, text: ' ' + flag + copy(s.word.start, s.word.end) }];
}

function refersToKey(value: string): boolean {
  return new RegExp(`[$%!](?:\\{)?(?:env:)?${KEY_VAR}(?![A-Za-z0-9_])`, 'i').test(value);
}

// A body variable sent by two requests is found twice: one finding per edited range.
function dedupe(out: FileScan): FileScan {
  const seen = new Set<string>();
  out.findings = out.findings.filter((f) => {
    const at = f.literal ? `${f.literal.start}:${f.literal.end}` : f.edits.map((e) => `${e.start}:${e.end}`).join(',');
    if (seen.has(at)) return false;
    seen.add(at);
    return true;
  });
  return out;
}

export { dedupe as dedupeFindings };
