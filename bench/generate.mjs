#!/usr/bin/env node
// A deterministic generator of synthetic monorepos for the benchmark (issue 6).
//   node bench/generate.mjs --out .bench-tmp/sparse-20k --files 20000 --density 0.01 [--seed 1] [--ignored 0.3]
// The same arguments always give the same bytes. The tree is a git repository (`git init`, no
// commit) so that ripgrep honours its .gitignore files the way flux-migrate does.
//
// What is in it:
// - packages/<name>/src/<area>/<file> in TS (50%), TSX (20%), JS/MJS/CJS (20%) and Python (10%),
//   1-6 KB each, built from realistic blocks (interfaces, React components, handlers, classes);
//   about 3% of the plain files mention "responses" or "completions" in passing (HTTP code), as
//   real code does, so a naive word prefilter pays for them.
// - `density` of the files use OpenAI: client modules, services calling chat.completions /
//   responses, TSX components, CommonJS, Python, and config modules exporting model constants
//   (`export const MODEL = "gpt-4o"`) that mention no "openai".
// - Ignored folders full of OpenAI code that must be skipped: node_modules (root and per package),
//   dist/ and build/ output, and folders named by nested .gitignore files (generated/, .cache-local/,
//   *.local.ts). `ignored` is their file count as a fraction of `files`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// mulberry32: small, fast, deterministic.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['user', 'order', 'invoice', 'cart', 'session', 'report', 'profile', 'payment', 'ticket', 'project', 'task', 'comment', 'search', 'upload', 'billing', 'team', 'metric', 'audit', 'notice', 'queue'];
const VERBS = ['load', 'save', 'format', 'validate', 'merge', 'parse', 'render', 'sync', 'fetch', 'build', 'resolve', 'compute', 'apply', 'track'];
const AREAS = ['components', 'hooks', 'lib', 'services', 'utils', 'api', 'routes', 'models', 'store', 'config', 'features', 'pages'];
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'o3-mini', 'gpt-3.5-turbo', 'gpt-4-turbo', 'o1'];

function makeHelpers(r) {
  const pick = (list) => list[Math.floor(r() * list.length)];
  const cap = (s) => s[0].toUpperCase() + s.slice(1);
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  let n = 0;
  const uid = () => ++n; // declared names are unique within a file (and across the tree)
  const name = () => pick(VERBS) + cap(pick(WORDS)) + uid();
  return { pick, cap, int, name, uid };
}

// ---- plain code blocks ----------------------------------------------------------------------
function tsBlock(h, r, mentionHttp) {
  const w = h.pick(WORDS), W = h.cap(w), fn = h.name();
  switch (h.int(0, 5)) {
    case 0:
      return `export interface ${W}${h.uid()} {\n  id: string;\n  createdAt: Date;\n  ${w}Count: number;\n  tags: string[];\n  owner?: { id: string; name: string };\n}\n`;
    case 1:
      return `export function ${fn}(items: ${W}[], limit = ${h.int(5, 500)}): ${W}[] {\n  const seen = new Set<string>();\n  const out: ${W}[] = [];\n  for (const item of items) {\n    if (seen.has(item.id) || out.length >= limit) continue;\n    seen.add(item.id);\n    out.push({ ...item, updatedAt: new Date() });\n  }\n  return out.sort((a, b) => a.id.localeCompare(b.id));\n}\n`;
    case 2:
      return `export async function ${fn}(id: string): Promise<${W} | undefined> {\n  const res = await fetch(\`/api/${w}s/\${encodeURIComponent(id)}\`);\n  if (!res.ok) {\n    ${mentionHttp ? `// retry once: some responses come back 502 while the cache warms up\n    ` : ''}throw new Error(\`${w} \${id}: HTTP \${res.status}\`);\n  }\n  return (await res.json()) as ${W};\n}\n`;
    case 3:
      return `export class ${W}Store${h.uid()} {\n  private readonly items = new Map<string, ${W}>();\n  constructor(private readonly prefix = "${w}") {}\n  get(id: string): ${W} | undefined {\n    return this.items.get(\`\${this.prefix}:\${id}\`);\n  }\n  set(id: string, value: ${W}): void {\n    this.items.set(\`\${this.prefix}:\${id}\`, value);\n  }\n  get size(): number {\n    return this.items.size;\n  }\n}\n`;
    case 4:
      const u = h.uid();
      return `export type ${W}Status${u} = "draft" | "active" | "archived" | "deleted";\nexport const ${w.toUpperCase()}_LIMIT_${u} = ${h.int(10, 1000)};\nexport const ${fn}Label = (s: ${W}Status${u}): string =>\n  s === "active" ? "Active" : s === "draft" ? "Draft" : "Inactive";\n`;
    default:
      return `/**\n * ${h.cap(fn)}: keeps the ${w} list in step with the server.\n * Called on every ${h.pick(WORDS)} change; cheap when nothing moved.\n */\nexport const ${fn} = (a: Record<string, number>, b: Record<string, number>) =>\n  Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]);\n`;
  }
}

function tsxBlock(h, r) {
  const W = h.cap(h.pick(WORDS)), v = h.pick(WORDS);
  return `export function ${W}Card${h.uid()}({ ${v}, onSelect }: { ${v}: ${W}; onSelect(id: string): void }) {\n  const [open, setOpen] = useState(false);\n  useEffect(() => {\n    if (open) document.title = ${v}.id;\n  }, [open, ${v}.id]);\n  return (\n    <div className="card" onClick={() => setOpen(!open)}>\n      <h3>{${v}.id}</h3>\n      {open && <button onClick={() => onSelect(${v}.id)}>Select</button>}\n    </div>\n  );\n}\n`;
}

function jsBlock(h, r, cjs, mentionHttp) {
  const fn = h.name(), w = h.pick(WORDS);
  const body = `function ${fn}(req, res, next) {\n  const ${w}Id = req.params.id;\n  if (!${w}Id) return res.status(400).json({ error: "missing id" });\n  ${mentionHttp ? '// all responses are JSON\n  ' : ''}return db.${w}s.find(${w}Id).then((row) => res.json(row)).catch(next);\n}\n`;
  return cjs ? `${body}module.exports.${fn} = ${fn};\n` : `export ${body}`;
}

function pyBlock(h, r, mentionHttp) {
  const w = h.pick(WORDS), fn = h.pick(VERBS) + '_' + w + h.uid();
  return h.int(0, 1)
    ? `\n\ndef ${fn}(items, limit=${h.int(5, 500)}):\n    """${h.cap(fn.replace('_', ' '))} for the ${w} list."""\n    seen = set()\n    out = []\n    for item in items:\n        if item["id"] in seen or len(out) >= limit:\n            continue\n        seen.add(item["id"])\n        out.append(item)\n    return out\n`
    : `\n\nclass ${h.cap(w)}Repository${h.uid()}:\n    def __init__(self, session):\n        self.session = session\n\n    def get(self, ${w}_id):\n        ${mentionHttp ? '# responses are cached for a minute\n        ' : ''}return self.session.query("${w}s").filter(id=${w}_id).first()\n`;
}

const TS_HEAD = (h) => `import { ${h.name()} } from "../utils/${h.pick(WORDS)}";\nimport type { ${h.cap(h.pick(WORDS))} } from "../models/${h.pick(WORDS)}";\n\n`;
const TSX_HEAD = () => `import { useEffect, useState } from "react";\n\n`;
const PY_HEAD = (h) => `import json\nimport logging\nfrom datetime import datetime\n\nlogger = logging.getLogger(__name__)\n`;

function fill(head, block, bytes) {
  let text = head;
  while (text.length < bytes) text += '\n' + block();
  return text;
}

// ---- OpenAI code ----------------------------------------------------------------------------
function openaiFile(h, r, ext, pad) {
  const m = h.pick(MODELS), w = h.pick(WORDS);
  const ts = ext === '.ts';
  const t = (s) => (ts ? s : '');
  const block = () => (ts ? tsBlock(h, r, false) : jsBlock(h, r, false, false));
  if (ext === '.py') {
    return `from openai import OpenAI\nimport os\n\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n\n\ndef summarize_${w}${h.uid()}(text):\n    r = client.chat.completions.create(\n        model="${m}",\n        messages=[{"role": "user", "content": "Summarize: " + text}],\n    )\n    return r.choices[0].message.content\n` + pad(() => pyBlock(h, r, false));
  }
  if (ext === '.tsx') {
    return `import OpenAI from "openai";\nimport { useEffect, useState } from "react";\n\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, dangerouslyAllowBrowser: true });\n\nexport function ${h.cap(w)}Assistant() {\n  const [answer, setAnswer] = useState("");\n  async function ask(q: string) {\n    const r = await client.chat.completions.create({ model: "${m}", messages: [{ role: "user", content: q }] });\n    setAnswer(r.choices[0].message.content ?? "");\n  }\n  return <button onClick={() => ask("hi")}>{answer || "Ask"}</button>;\n}\n` + pad(() => tsxBlock(h, r));
  }
  if (ext === '.cjs') {
    return `const OpenAI = require("openai");\n\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n\nasync function ${h.name()}(text) {\n  const r = await client.chat.completions.create({ model: "${m}", messages: [{ role: "user", content: text }] });\n  return r.choices[0].message.content;\n}\n\nmodule.exports = { client };\n` + pad(() => jsBlock(h, r, true, false));
  }
  switch (h.int(0, 3)) {
    case 0: // client module + service in one file
      return `import OpenAI from "openai";\n\nexport const openai = new OpenAI({\n  apiKey: process.env.OPENAI_API_KEY,\n});\n\nexport async function ${h.name()}(input${t(': string')}) {\n  const completion = await openai.chat.completions.create({\n    model: "${m}",\n    messages: [{ role: "system", content: "You help with ${w}s." }, { role: "user", content: input }],\n    temperature: 0.2,\n  });\n  return completion.choices[0].message.content;\n}\n` + pad(block);
    case 1: // responses API, model from a same-file constant
      return `import OpenAI from "openai";\n\nconst MODEL = process.env.${w.toUpperCase()}_MODEL ?? "${m}";\nconst client = new OpenAI();\n\nexport async function ${h.name()}(prompt${t(': string')}) {\n  const response = await client.responses.create({ model: MODEL, input: prompt });\n  return response.output_text;\n}\n` + pad(block);
    case 2: // a class holding the client
      return `import { OpenAI } from "openai";\n\nexport class ${h.cap(w)}Agent {\n  ${t('private ')}client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, baseURL: "https://api.openai.com/v1" });\n  constructor(model = "${m}") {\n    this.model = model;\n  }\n  async run(q${t(': string')}) {\n    const r = await this.client.chat.completions.create({ model: this.model, messages: [{ role: "user", content: q }] });\n    return r.choices[0].message.content;\n  }\n}\n` + pad(block);
    default: // a service using a client and model from other modules of its package (cross-file)
      h.shared = true;
      return `import { openai } from "../lib/openai";\nimport { DEFAULT_MODEL } from "../config/models";\n\nexport async function ${h.name()}(text${t(': string')}) {\n  const r = await openai.chat.completions.create({ model: DEFAULT_MODEL, messages: [{ role: "user", content: text }] });\n  return r.choices[0].message.content ?? "";\n}\n` + pad(block);
  }
}

// A config module: exports model constants, never says "openai".
function configFile(h, r, pad) {
  return `// Model choices for the ${h.pick(WORDS)} features.\nexport const DEFAULT_MODEL = "${h.pick(MODELS)}";\nexport const FAST_MODEL = "${h.pick(MODELS)}";\nexport const MAX_TOKENS = ${h.int(256, 4096)};\n` + pad(() => tsBlock(h, r, false));
}

const IGNORED_OPENAI = `"use strict";\nconst OpenAI = require("openai");\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nexports.ask = (q) => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: q }] });\n`;

// ---- the tree -------------------------------------------------------------------------------
export function generate({ out, files = 1000, density = 0.01, seed = 1, ignored = 0.3 }) {
  const r = rng(seed * 7919 + files);
  const h = makeHelpers(r);
  out = resolve(out);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const write = (rel, text) => {
    const p = join(out, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  };
  const stats = { files: 0, openai: 0, config: 0, py: 0, ignoredFiles: 0, bytes: 0 };

  write('.gitignore', 'node_modules/\ndist/\nbuild/\n.env\n*.log\ncoverage/\n');
  write('package.json', JSON.stringify({ name: 'bench-monorepo', private: true, workspaces: ['packages/*'] }, null, 2) + '\n');
  const packages = Math.max(1, Math.round(files / 250));
  const perPackage = Math.ceil(files / packages);
  const users = Math.round(files * density);
  // Spread the OpenAI files evenly (deterministically) over the tree.
  const every = users ? files / users : Infinity;
  let nextUser = (every - 1) / 2;
  let index = 0;
  for (let p = 0; p < packages && index < files; p++) {
    const pkg = `packages/${h.pick(WORDS)}-${p}`;
    write(`${pkg}/package.json`, JSON.stringify({ name: `@bench/${p}`, version: '1.0.0' }) + '\n');
    write(`${pkg}/.gitignore`, 'generated/\n.cache-local/\n*.local.ts\n');
    for (let i = 0; i < perPackage && index < files; i++, index++) {
      const area = AREAS[i % AREAS.length];
      const roll = r();
      const ext = roll < 0.5 ? '.ts' : roll < 0.7 ? '.tsx' : roll < 0.8 ? '.js' : roll < 0.85 ? '.mjs' : roll < 0.9 ? '.cjs' : '.py';
      const bytes = h.int(1000, 6000);
      const pad = (block) => fill('', block, bytes * 0.6);
      const sub = Math.floor(i / (AREAS.length * 8)); // about 8 files a folder
      const rel = `${pkg}/src/${area}/${sub ? `part${sub}/` : ''}${h.pick(VERBS)}-${h.pick(WORDS)}-${i}${ext}`;
      let text;
      if (index >= nextUser) {
        nextUser += every;
        stats.openai++;
        if (ext === '.ts' && r() < 0.25) {
          stats.config++;
          text = configFile(h, r, pad);
        } else {
          text = openaiFile(h, r, ext, pad);
        }
      } else {
        const http = r() < 0.03;
        if (ext === '.py') text = fill(PY_HEAD(h), () => pyBlock(h, r, http), bytes);
        else if (ext === '.tsx') text = fill(TSX_HEAD(h), () => tsxBlock(h, r), bytes);
        else if (ext === '.ts') text = fill(TS_HEAD(h), () => tsBlock(h, r, http), bytes);
        else text = fill(ext === '.cjs' ? '"use strict";\n' : '', () => jsBlock(h, r, ext === '.cjs', http), bytes);
      }
      if (ext === '.py') stats.py++;
      write(rel, text);
      stats.files++;
      stats.bytes += text.length;
    }
    // The client and model modules the cross-file services of this package import.
    if (h.shared) {
      h.shared = false;
      write(`${pkg}/src/lib/openai.ts`, `import OpenAI from "openai";\n\nexport const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n`);
      write(`${pkg}/src/config/models.ts`, `export const DEFAULT_MODEL = "${h.pick(MODELS)}";\n`);
      stats.files += 2;
      stats.openai += 2;
    }
    // Ignored folders in this package, full of OpenAI code.
    const junk = Math.round((perPackage * ignored) / 4);
    for (let j = 0; j < junk; j++) {
      write(`${pkg}/dist/chunk-${j}.js`, IGNORED_OPENAI);
      write(`${pkg}/generated/client-${j}.ts`, IGNORED_OPENAI);
      write(`${pkg}/node_modules/openai/lib/part-${j}.js`, IGNORED_OPENAI);
      write(`${pkg}/src/lib/scratch-${j}.local.ts`, IGNORED_OPENAI);
      stats.ignoredFiles += 4;
    }
  }
  for (let j = 0; j < Math.round(files * ignored * 0.25); j++) {
    write(`node_modules/openai/src/resources/r${j}.ts`, IGNORED_OPENAI);
    stats.ignoredFiles++;
  }
  try {
    execFileSync('git', ['init', '-q', out], { stdio: 'ignore' });
  } catch {
    mkdirSync(join(out, '.git'), { recursive: true }); // enough for rg and flux-migrate to see a repository
  }
  return stats;
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    opts[key] = key === 'out' ? argv[i + 1] : Number(argv[i + 1]);
  }
  return opts;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  if (!opts.out) {
    console.error('usage: node bench/generate.mjs --out <dir> [--files 1000] [--density 0.01] [--seed 1] [--ignored 0.3]');
    process.exit(2);
  }
  const stats = generate(opts);
  console.log(`${opts.out}: ${stats.files} source files (${stats.openai} use OpenAI, ${stats.config} config modules, ${stats.py} Python), ${stats.ignoredFiles} ignored files, ${(stats.bytes / 1e6).toFixed(1)} MB`);
  if (!existsSync(opts.out)) process.exit(1);
}
