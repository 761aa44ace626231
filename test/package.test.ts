// Packaging as users get it: `npm pack`, install the tarball into a clean temp folder with
// production dependencies only and no network (`--offline`: everything comes from the npm cache,
// which `npm ci` has just filled), then run the installed `flux-migrate` through `npx` on fixture
// projects. `npm ci` caches tarballs but not registry metadata, so an offline `npm install` could
// not resolve version ranges; the consumer gets a package-lock.json instead, made from ours (the
// same versions, resolved URLs and integrity hashes, with the tarball as its one dependency), and
// is installed with `npm ci --omit=dev --offline`. Needs `npm run build` first (the tarball ships dist/).
import { parse } from '@babel/parser';
import { execFileSync, spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, listFiles, removeDir, runCli, snapshot, tempDir } from './helpers/cli.js';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

interface Lock { packages: Record<string, { version?: string; dev?: boolean }> }

describe('the packed tarball, installed without dev dependencies or network', () => {
  const base = tempDir('flux-package-');
  const consumer = join(base, 'consumer');
  let packed: string[] = [];
  let tarball = '';
  let info: { filename: string; files: { path: string }[] };
  let installOutput = '';

  beforeAll(() => {
    // --ignore-scripts: `prepack` would rebuild dist/ while the other test files run the built CLI.
    const out = execFileSync(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', base], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    info = JSON.parse(out)[0];
    tarball = join(base, info.filename);
    packed = info.files.map((f) => f.path).sort();

    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lock;
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, any>;
    mkdirSync(consumer, { recursive: true });
    copyFileSync(tarball, join(consumer, info.filename));
    const spec = `file:${info.filename}`;
    const packages: Record<string, unknown> = {
      '': { name: 'consumer', version: '1.0.0', dependencies: { 'flux-migrate': spec } },
      'node_modules/flux-migrate': {
        version: pkg.version, resolved: spec, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines,
        integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      },
    };
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (!path || entry.dev) continue;
      const { devOptional, ...rest } = entry as Record<string, unknown>;
      packages[path] = rest;
    }
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies: { 'flux-migrate': spec } }, null, 2));
    writeFileSync(join(consumer, 'package-lock.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
    cpSync(join(ROOT, 'fixtures'), join(base, 'fixtures'), { recursive: true });
    const install = spawnSync(NPM, ['ci', '--omit=dev', '--offline', '--no-audit', '--no-fund'], { cwd: consumer, encoding: 'utf8', timeout: 180_000 });
    expect(install.status, `npm install of the tarball failed:\n${install.stderr}`).toBe(0);
    installOutput = `${install.stdout}\n${install.stderr}`;
  }, 240_000);
  afterAll(() => removeDir(base));

  it('ships bin, dist, transforms, grammars, README, LICENSE and package.json, and nothing else', () => {
    expect(packed).toContain('bin/flux-migrate.js');
    expect(packed).toContain('dist/cli/main.js');
    expect(packed).toContain('README.md');
    expect(packed).toContain('package.json');
    expect(packed).toContain('LICENSE');
    expect(packed).toContain('grammars/tree-sitter-python.wasm');
    expect(packed).toContain('grammars/tree-sitter-python.LICENSE');
    const stray = packed.filter((p) => !/^(bin|dist|transforms|grammars)\//.test(p) && !['README.md', 'package.json', 'LICENSE'].includes(p));
    expect(stray, 'files outside "files" in the tarball').toEqual([]);
    expect(packed.filter((p) => /\.(test|spec)\.|\.map$|\.ts$/.test(p) && !p.endsWith('.d.ts')), 'tests, sources or source maps').toEqual([]);
    // Every built file the CLI may load is in the tarball.
    const built = listFiles(join(ROOT, 'dist')).map((p) => `dist/${p}`);
    expect(built.filter((p) => !packed.includes(p))).toEqual([]);
  });

  it('imports only Node built-ins, its own files and its production dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const allowed = new Set([...Object.keys(pkg.dependencies), ...builtinModules]);
    const bad: string[] = [];
    for (const file of packed.filter((p) => /\.(m?js|cjs)$/.test(p) && !p.startsWith('transforms/'))) {
      const ast = parse(readFileSync(join(ROOT, file), 'utf8'), { sourceType: 'module', allowReturnOutsideFunction: true });
      const specs: string[] = [];
      const visit = (node: any): void => {
        if (!node || typeof node !== 'object') return;
        if (Array.isArray(node)) return node.forEach(visit);
        if ((node.type === 'ImportDeclaration' || node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration') && node.source) specs.push(node.source.value);
        if (node.type === 'ImportExpression' && node.source?.type === 'StringLiteral') specs.push(node.source.value);
        if (node.type === 'CallExpression' && ((node.callee.type === 'Identifier' && node.callee.name === 'require') || node.callee.type === 'Import') && node.arguments[0]?.type === 'StringLiteral') specs.push(node.arguments[0].value);
        for (const key of Object.keys(node)) if (key !== 'loc') visit(node[key]);
      };
      visit(ast.program);
      for (const spec of specs.filter((s) => !s.startsWith('.'))) {
        const bare = spec.replace(/^node:/, '');
        const name = bare.startsWith('@') ? bare.split('/').slice(0, 2).join('/') : bare.split('/')[0];
        if (!allowed.has(name)) bad.push(`${file}: ${spec}`);
      }
    }
    expect(bad, 'imports of packages that are not production dependencies').toEqual([]);
  });

  it('installs without install scripts or a native build (the Python grammar is vendored wasm)', () => {
    expect(installOutput).not.toMatch(/install-scripts|node-gyp|gyp (info|ERR)/i);
    const installed = new Set(listFiles(join(consumer, 'node_modules')).map((p) => (p.startsWith('@') ? p.split('/').slice(0, 2).join('/') : p.split('/')[0])));
    for (const native of ['tree-sitter-python', 'node-gyp-build', 'node-addon-api']) expect(installed.has(native), native).toBe(false);
    const lock = JSON.parse(readFileSync(join(consumer, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    expect(Object.entries(lock.packages).filter(([, e]) => e.hasInstallScript).map(([p]) => p)).toEqual([]);
  });

  it('installed no dev dependency', () => {
    const installed = new Set(listFiles(join(consumer, 'node_modules')).map((p) => (p.startsWith('@') ? p.split('/').slice(0, 2).join('/') : p.split('/')[0])));
    for (const dev of ['vitest', 'typescript', 'jscodeshift', '@types/node', 'node-pty']) expect(installed.has(dev), dev).toBe(false);
  });

  const npx = (args: string[], cwd: string) => {
    const r = spawnSync(NPX, ['--offline', '--no-install', 'flux-migrate', ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('npx flux-migrate --version and --help', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(npx(['--version'], consumer).stdout.trim()).toBe(pkg.version);
    expect(npx(['--help'], consumer).stdout).toMatch(/--dry-run/);
  });

  it('migrates a JS/TS project and a Python project exactly as the repository build does', () => {
    for (const project of ['fixtures/demo-app', 'fixtures/projects/python-app/input']) {
      const dir = join(base, project);
      const installed = npx(['--dry-run', '--json', dir], consumer);
      const local = runCli(['--dry-run', '--json', dir], { cwd: consumer });
      expect(installed.code, installed.stderr).toBe(local.code);
      expect(JSON.parse(installed.stdout).summary.changed, project).toBeGreaterThan(0);
      expect(installed.stdout).toBe(local.stdout);
    }
  });

  it('writes with the installed CLI, and a second run changes nothing', () => {
    const dir = join(base, 'write-app');
    cpSync(join(ROOT, 'fixtures/demo-app'), dir, { recursive: true });
    const before = snapshot(dir);
    const w = npx(['--yes', dir], consumer);
    expect(w.code, w.stderr).toBe(0);
    const after = snapshot(dir);
    expect([...after].some(([f, b]) => !b.equals(before.get(f)!))).toBe(true);
    expect(npx(['--check', dir], consumer).code).toBe(0);
  });
});
