// Where the Agents SDK's default client comes from after the run: `set_default_openai_key(key)`
// gets a Flux default client on the next line, `set_default_openai_client(client)` keeps the Flux
// key off OpenAI's trace export, and agents with no setup get a default client in the module that
// runs them (or the line to add); tracing, which exports to OpenAI, is warned.
import type { Edit } from '../../../model.js';
import { clientOf } from '../clients.js';
import { type PyContext, consumeStrings, find, warn } from '../context.js';
import { keyExpr } from '../osenv.js';
import { envReadsOf, migrateKey } from '../openaiSdk.js';
import type { Node } from '../parse.js';
import { lineAfter, quoted } from '../style.js';
import { keywordArg, lineOf, named, statementOf, stringValue } from '../tree.js';
import { AGENTS, type ModuleUse, type RunUse, clientMoves, firstArg } from './agentsRun.js';
import { ensureImport, moduleImports } from './libraryImports.js';

// `set_default_openai_key(key)`: the key rules, kept from OpenAI's trace export, and a default
// client on the next line that sends the agents' requests to Flux with it.
export function defaultKey(ctx: PyContext, node: Node, run: RunUse): void {
  const arg = firstArg(node, 'key');
  if (!arg) return;
  const why = `set_default_openai_key (line ${lineOf(node)})`;
  if (run.custom) return consumeStrings(ctx, node);
  const reads = envReadsOf(ctx, arg).map((r) => r.name);
  const keyMoved = stringValue(arg) !== undefined || reads.includes('OPENAI_API_KEY') || reads.includes(ctx.options.keyEnv);
  migrateKey(ctx, arg, arg, why);
  consumeStrings(ctx, node);
  const args = node.childForFieldName('arguments')!;
  const edits: Edit[] = [];
  if (!keywordArg(args, ['use_for_tracing']) && named(args).length === 1) edits.push({ start: arg.endIndex, end: arg.endIndex, text: ', use_for_tracing=False' });
  // Once per module (scripts of one repository each set their own key): not where a client is set.
  if (run.clientCalls.some((c) => c.ctx === ctx) || run.keyCalls.find((k) => k.ctx === ctx)?.node !== node) {
    if (edits.length) find(ctx, 'api-key', node, 'use_for_tracing=True (the key also goes to OpenAI trace export)', 'use_for_tracing=False', edits, why);
    return;
  }
  const key = keyMoved ? keyExpr(ctx, node) : /^[\w.]+$/.test(arg.text) ? arg.text : undefined;
  const line = key && clientLine(ctx, node, key);
  if (!line) {
    ctx.keepsOpenAIKey = true;
    warn(ctx, 'unresolved-client', node, `set_default_openai_key sets only the key: the Agents SDK still calls api.openai.com. After it add \`set_default_openai_client(AsyncOpenAI(base_url="${ctx.options.baseUrl}", api_key=<your Flux key>), use_for_tracing=False)\` (AsyncOpenAI from openai)`);
    if (edits.length) find(ctx, 'api-key', node, 'use_for_tracing=True (the key also goes to OpenAI trace export)', 'use_for_tracing=False', edits, why);
    return;
  }
  edits.push(...line.imports, lineAfter(ctx.text, statementOf(node), line.text, ctx.style));
  find(ctx, 'base-url', node, '(default: https://api.openai.com/v1)', ctx.options.baseUrl, edits, why);
}

// `set_default_openai_client(client)`: the client gets the core rules; its key stays off OpenAI's trace export.
export function defaultClient(ctx: PyContext, node: Node): void {
  const args = node.childForFieldName('arguments')!;
  const arg = firstArg(node, 'client');
  const client = arg && clientOf(ctx, arg);
  if (!client || !clientMoves(ctx, client) || keywordArg(args, ['use_for_tracing']) || named(args).length !== 1) return;
  find(ctx, 'api-key', node, 'use_for_tracing=True (the client key also goes to OpenAI trace export)', 'use_for_tracing=False', [{ start: arg.endIndex, end: arg.endIndex, text: ', use_for_tracing=False' }], `set_default_openai_client (line ${lineOf(node)})`);
}

function topLevel(node: Node): Node {
  let cur = node;
  while (cur.parent && cur.parent.type !== 'module') cur = cur.parent;
  return cur;
}

// A line before a module-level statement; a definition keeps its two blank lines above it.
function lineBefore(ctx: PyContext, statement: Node, line: string): Edit {
  const start = ctx.text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const def = /^(async\s+)?(def|class)\b|^@/.test(statement.text);
  const eol = ctx.style.eol;
  return { start, end: start, text: `${line}${eol}${def ? eol + eol : ''}` };
}

/** The default-client line to write after `at`, and the imports it needs (module-level only). */
function clientLine(ctx: PyContext, at: Node, key: string): { text: string; imports: Edit[] } | undefined {
  const imports = moduleImports(ctx, at.startIndex);
  const anchor = imports.filter((s) => AGENTS.test(s.childForFieldName('module_name')?.text ?? '')).pop() ?? imports.pop();
  if (!anchor) return undefined;
  const setter = ensureImport(ctx, 'agents', 'set_default_openai_client', anchor);
  const cls = ensureImport(ctx, 'openai', 'AsyncOpenAI', anchor);
  if (!setter || !cls) return undefined;
  const url = quoted(ctx.options.baseUrl, ctx.style.quote);
  return { text: `${setter.local}(${cls.local}(base_url=${url}, api_key=${key}), use_for_tracing=False)`, imports: [...setter.edits, ...cls.edits] };
}

// Agents on the default client with no setup in the run get one where they are run; tracing is warned.
export function setupAndTracing(ctx: PyContext, use: ModuleUse, run: RunUse): void {
  const tracing = `\`set_tracing_disabled(True)\` at startup (from agents), or keep traces on OpenAI with \`set_tracing_export_api_key(os.environ["OPENAI_API_KEY"])\``;
  const setupHere = [...run.keyCalls, ...run.clientCalls].find((s) => s.ctx === ctx);
  if (run.custom) return;
  if (setupHere) {
    if (!run.tracing) warn(ctx, 'unsupported-endpoint', setupHere.node, `the Agents SDK exports traces to OpenAI (api.openai.com), which Flux does not serve: tracing stays on OpenAI and keeps reading OPENAI_API_KEY; add ${tracing}`);
    return;
  }
  if (run.keyCalls.length || run.clientCalls.length) return;
  const defaults = run.modules.some((m) => m.defaults.length);
  if (!defaults) return;
  const runners = run.modules.filter((m) => m.runs.length);
  if (use.runs.length) {
    const first = use.runs[0];
    // Just before the top-level statement that runs them: after the module's own setup (load_dotenv()).
    const top = topLevel(first);
    const key = keyExpr(ctx, top, top.startIndex);
    const line = moduleImports(ctx, top.startIndex).length && top.type !== 'import_statement' ? clientLine(ctx, first, key) : undefined;
    if (line) {
      ctx.movedKey = true;
      // An `api-key` finding: `import os`, when the file needs it, goes with it (index.ts settle()).
      find(ctx, 'api-key', top, '(Agents SDK default client: OPENAI_API_KEY, https://api.openai.com/v1)', `${key}, ${ctx.options.baseUrl}`, [...line.imports, lineBefore(ctx, top, line.text)], `the agents run at line ${use.runs.map(lineOf).join(', ')}`);
      if (!run.tracing) warn(ctx, 'unsupported-endpoint', first, `the Agents SDK exports traces to OpenAI (api.openai.com), which Flux does not serve: tracing stays on OpenAI and keeps reading OPENAI_API_KEY; add ${tracing}`);
      return;
    }
  } else if (runners.length || !use.defaults.length) {
    return; // the default client is set where the agents are run
  }
  ctx.keepsOpenAIKey = true;
  const at = use.runs[0] ?? use.defaults[0];
  const client = `set_default_openai_client(AsyncOpenAI(base_url="${ctx.options.baseUrl}", api_key=os.environ["${ctx.options.keyEnv}"]), use_for_tracing=False)`;
  warn(ctx, 'unresolved-client', at, `these agents use the Agents SDK's default OpenAI client (OPENAI_API_KEY, api.openai.com), and no file of this run sets one or runs them: until one does, they still call api.openai.com (with the Flux model ids they now name); once at startup add \`${client}\` (AsyncOpenAI from openai, set_default_openai_client from agents)${run.tracing ? '' : `, and ${tracing}`}`);
}
