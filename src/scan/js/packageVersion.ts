// Which version of an npm package a file gets, for libraries whose options changed meaning
// between versions (chatgpt's `apiBaseUrl` lost its `/v1` in 5.1.0): the version a lockfile
// above the file pins (package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml, yarn.lock), else
// the lowest version the nearest package.json that declares it allows, unless its range reaches
// further (`^5.0.6` installs the newest 5.x). Read only: these files are never edited.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type Version = [number, number, number];

const cache = new Map<string, string | null>();

function read(path: string): string | undefined {
  if (!cache.has(path)) {
    try {
      cache.set(path, readFileSync(path, 'utf8'));
    } catch {
      cache.set(path, null);
    }
  }
  return cache.get(path) ?? undefined;
}

/** The version of `pkg` the file at `from` runs with, as far as the files above it say; undefined when they do not. */
export function packageVersion(from: string, pkg: string): { version: Version; exact: boolean } | undefined {
  let declared: string | undefined;
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    for (const lock of ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock']) {
      const text = read(join(dir, lock));
      const pinned = text && lockedVersion(text, lock, pkg);
      if (pinned) return { version: pinned, exact: true };
    }
    if (declared === undefined) {
      const json = read(join(dir, 'package.json'));
      if (json) {
        try {
          const p = JSON.parse(json) as Record<string, Record<string, string> | undefined>;
          declared = p.dependencies?.[pkg] ?? p.devDependencies?.[pkg] ?? p.peerDependencies?.[pkg] ?? p.optionalDependencies?.[pkg];
        } catch {
          /* not JSON: ignore */
        }
      }
    }
    if (dirname(dir) === dir) break;
  }
  return declared === undefined ? undefined : fromRange(declared);
}

function lockedVersion(text: string, lock: string, pkg: string): Version | undefined {
  const name = pkg.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  if (lock.endsWith('.json')) {
    try {
      const l = JSON.parse(text) as { packages?: Record<string, { version?: string }>; dependencies?: Record<string, { version?: string }> };
      return parse(l.packages?.[`node_modules/${pkg}`]?.version ?? l.dependencies?.[pkg]?.version);
    } catch {
      return undefined;
    }
  }
  // pnpm: `/chatgpt@5.2.5:` (v6-8) or `chatgpt@5.2.5:` (v9); yarn: `chatgpt@^5.0.0:` then `version "5.2.5"`.
  const pnpm = new RegExp(`^\\s+/?${name}[@/](\\d+\\.\\d+\\.\\d+)`, 'm').exec(text);
  if (lock === 'pnpm-lock.yaml') return parse(pnpm?.[1]);
  const yarn = new RegExp(`^"?${name}@[^\\n]*:\\n\\s+version:? "?(\\d+\\.\\d+\\.\\d+)`, 'm').exec(text);
  return parse(yarn?.[1]);
}

function parse(v: string | undefined): Version | undefined {
  const m = v ? /(\d+)\.(\d+)\.(\d+)/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

// The version a range installs today, as far as it matters here: `^5.0.6` reaches the newest 5.x
// (minor 99 stands for "whatever is newest"); `~5.0.6` and `5.0.6` stay on 5.0.
function fromRange(range: string): { version: Version; exact: boolean } | undefined {
  const r = range.trim();
  if (r === '' || r === '*' || r === 'latest' || /^[<>]/.test(r)) return undefined;
  const v = parse(r) ?? (/^\^?(\d+)(\.x)?$/.test(r) ? [Number(/\d+/.exec(r)![0]), 0, 0] as Version : undefined);
  if (!v) return undefined;
  if (r.startsWith('^') || /^\d+(\.x)?$/.test(r)) return { version: [v[0], 99, 0], exact: false };
  return { version: v, exact: r.startsWith('~') || /^\d/.test(r) };
}

/** a < b */
export function before(a: Version, b: Version): boolean {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}
