// Test doubles of OpenAI's HTTP API move with the code they stand in for: once the code calls
// Flux, a mock that intercepts api.openai.com intercepts nothing and the project's own tests fail.
// Recognised by their import: msw handlers (`http.post(url, ...)`, v1 `rest.post`), nock scopes
// (`nock("https://api.openai.com").post("/v1/chat/completions")`), fetch-mock routes
// (`fetchMock.post(url, ...)`); and, in test files, the URL a test asserts a request went to
// (`expect(fetch).toHaveBeenCalledWith("https://api.openai.com/v1/chat/completions", ...)`).
// Only doubles of endpoints Flux serves move (chat completions, responses, models); the edits
// apply only when the run moves code to Flux (settled once every group is scanned: index.ts).
import type { Edit, Finding } from '../../model.js';
import { type JsContext, lineOf } from './context.js';
import { quoteLike } from './options.js';
import { libraryExport } from './frameworks/shared.js';
import { type Node, type Scope, memberName, stringValue, unwrap } from './scope.js';

const OPENAI_ORIGIN = 'https://api.openai.com';
const OPENAI_API = OPENAI_ORIGIN + '/v1';
const SERVED = /^\/(chat\/completions|responses|models)(\/|\?|$)/;
const MSW = /^msw(\/.*)?$/;
const NOCK = /^nock$/;
const FETCH_MOCK = /^(fetch-mock|jest-fetch-mock|vitest-fetch-mock|fetch-mock-jest)$/;
const TEST_RUNNERS = /^(vitest|@jest\/globals|jest|mocha|node:test|ava|uvu|@playwright\/test|msw|nock|fetch-mock|jest-fetch-mock|vitest-fetch-mock|supertest)(\/.*)?$/;
// By name only (`a.test.ts`, `__tests__/`): folders named `test` or `mocks` may hold a whole checkout.
const TEST_PATH = /(^|\/)(__tests__|__mocks__)\/|\.(test|spec)\.[cm]?[jt]sx?$/;
const TEST_GLOBALS = new Set(['describe', 'it', 'test', 'expect', 'beforeEach', 'beforeAll', 'afterEach', 'afterAll']);
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all', 'mock', 'route', 'once', 'any', 'sticky']);

/**
 * Whether a file is a test: by its name, by importing a test runner or a mocking library, or by
 * calling a test runner's globals (`describe`, `it`, `expect` in Jest) it does not define.
 */
export function isTestFile(ctx: JsContext): boolean {
  if (TEST_PATH.test(ctx.path.split('\\').join('/'))) return true;
  for (const b of ctx.index.scope.bindings.values()) if (b.kind === 'import' && TEST_RUNNERS.test(b.importSource ?? '')) return true;
  return ctx.index.calls.some((site) => {
    const callee = unwrap(site.node.callee);
    return callee?.type === 'Identifier' && TEST_GLOBALS.has(callee.name) && !site.scope.lookup(callee.name);
  });
}

/**
 * The findings that move a file's doubles of OpenAI endpoints to Flux (kept apart from the file's
 * scan until the run says whether code moved). Their strings are marked as accounted for, so
 * they are neither taken for requests nor hinted at.
 */
export function findTestDoubles(ctx: JsContext): Finding[] {
  const base = ctx.options.baseUrl.replace(/\/+$/, '');
  if (!ctx.text.includes('api.openai.com') && !ctx.text.includes(originOf(base))) return [];
  const out: Finding[] = [];
  const test = isTestFile(ctx);
  for (const { node, scope } of ctx.index.strings) {
    const url = stringValue(node);
    if (url === undefined || ctx.consumed.has(node)) continue;
    // Already moved (a second run): a double, not a request to check.
    if ((url.startsWith(base + '/') && (mockRoute(node, scope) || test)) || (url === originOf(base) && nockScope(node, scope))) {
      ctx.consumed.add(node);
      continue;
    }
    if (url === OPENAI_ORIGIN || url === OPENAI_ORIGIN + '/') {
      const nock = nockScope(node, scope);
      if (!nock) continue;
      ctx.consumed.add(node);
      const paths = nockPaths(nock, ctx);
      if (!paths || !paths.length || paths.some((p) => !SERVED.test(p.path.slice('/v1'.length)) || !p.path.startsWith('/v1/'))) continue;
      const edits: Edit[] = [{ start: node.start, end: node.end, text: quoteLike(ctx, node, originOf(base)) }];
      // A Flux base URL under another path than /v1: the paths move too.
      const prefix = pathOf(base);
      if (prefix !== '/v1') for (const p of paths) edits.push({ start: p.node.start, end: p.node.end, text: quoteLike(ctx, p.node, prefix + p.path.slice('/v1'.length)) });
      out.push(double(node, url, originOf(base), edits, `nock scope for ${paths.map((p) => p.path).join(', ')} (line ${lineOf(node)})`));
      continue;
    }
    if (!url.startsWith(OPENAI_API + '/')) continue;
    const path = url.slice(OPENAI_API.length);
    const kind = mockRoute(node, scope) ?? (test ? 'asserted in a test' : undefined);
    if (!kind) continue;
    ctx.consumed.add(node);
    if (!SERVED.test(path)) continue; // the double of an endpoint that stays on OpenAI stays with it
    out.push(double(node, url, base + path, [{ start: node.start, end: node.end, text: quoteLike(ctx, node, base + path) }], `${kind} (line ${lineOf(node)})`));
  }
  return out;
}

function double(node: Node, before: string, after: string, edits: Edit[], why: string): Finding {
  return { kind: 'base-url', line: lineOf(node), before, after, why: [`test double: ${why}, in step with the code moved to Flux`], edits };
}

// `http.post(url, ...)` (msw), `fetchMock.post(url, ...)`: the library that intercepts it.
function mockRoute(literal: Node, scope: Scope): string | undefined {
  const call = literal.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== literal) return undefined;
  const callee = unwrap(call.callee);
  if (!callee || !HTTP_METHODS.has(memberName(callee) ?? '')) return undefined;
  const obj = unwrap(callee.object);
  const msw = libraryExport(obj, scope, MSW);
  if (msw === 'http' || msw === 'rest') return `msw handler \`${msw}.${memberName(callee)}\``;
  if (obj && fromFetchMock(obj, scope)) return `fetch-mock route`;
  return undefined;
}

function fromFetchMock(obj: Node, scope: Scope): boolean {
  if (libraryExport(obj, scope, FETCH_MOCK) !== undefined) return true;
  const ref = obj.type === 'Identifier' ? scope.lookup(obj.name) : undefined;
  return !!ref && ref.kind === 'import' && FETCH_MOCK.test(ref.importSource ?? '');
}

// `nock("https://api.openai.com")`: the call, when nock is imported.
function nockScope(literal: Node, scope: Scope): { call: Node; scope: Scope } | undefined {
  const call = literal.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== literal) return undefined;
  const callee = unwrap(call.callee);
  if (!callee) return undefined;
  const ref = callee.type === 'Identifier' ? scope.lookup(callee.name) : undefined;
  const imported = libraryExport(callee, scope, NOCK);
  const isNock = imported === 'default' || (ref?.kind === 'import' && NOCK.test(ref.importSource ?? '') && ref.imported !== '*');
  return isNock ? { call, scope } : undefined;
}

/**
 * The paths a nock scope intercepts, along its chain (`nock(h).persist().post("/v1/x").reply()`)
 * and through the variable holding it (`const api = nock(h); api.get("/v1/models")`); undefined
 * when one is not a string (a regex, a function), which could be any endpoint.
 */
function nockPaths(scope: { call: Node }, ctx: JsContext): { path: string; node: Node }[] | undefined {
  const paths: { path: string; node: Node }[] = [];
  const heads: Node[] = [scope.call];
  const holder = scope.call.parent;
  if (holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier') {
    for (const site of ctx.index.calls) {
      const obj = unwrap(unwrap(site.node.callee)?.object);
      if (obj?.type === 'Identifier' && obj.name === holder.id.name && site.scope.lookup(obj.name)?.id === holder.id) heads.push(obj);
    }
  }
  for (const head of heads) {
    let cur: Node = head;
    for (let i = 0; i < 12; i++) {
      const member = cur.parent;
      if (!member || (member.type !== 'MemberExpression' && member.type !== 'OptionalMemberExpression') || member.object !== cur) break;
      const call = member.parent;
      if (call?.type !== 'CallExpression' || call.callee !== member) break;
      const method = memberName(member) ?? '';
      if (['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'intercept'].includes(method)) {
        const arg = call.arguments[0];
        const path = stringValue(arg);
        if (path === undefined) return undefined;
        paths.push({ path, node: arg });
      }
      cur = call;
    }
  }
  return paths;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname.replace(/\/+$/, '');
  } catch {
    return '/v1';
  }
}
