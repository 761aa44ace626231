// A Next.js app's own API routes: browser code posts a request body to `/api/responses`, and the
// route handler (`app/api/responses/route.ts`, `pages/api/responses.ts`) forwards it to an OpenAI
// client (`openai.responses.create({ ...body })`). The body's values (a `model`) reach that client
// across the route: the files that call a route are scanned with it (groups.ts), and a handler's
// `await req.json()` / `req.body` is what those calls send (resolve.ts).
import type { FileIndex, Node } from './scope.js';
import { memberName, stringValue, unwrap } from './scope.js';

const APP_ROUTE = /(?:^|\/)app\/(.+)\/route\.[cm]?[jt]sx?$/;
const PAGES_API = /(?:^|\/)pages\/(api\/.+?)(?:\/index)?\.[cm]?[jt]sx?$/;
const HANDLERS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The URL path a route file serves (`/api/responses`), or undefined for other files and dynamic routes. */
export function routeUrl(path: string): string | undefined {
  const p = '/' + path.split('\\').join('/');
  // The last `app/` or `pages/api/` folder on the path is the router's.
  const at = Math.max(p.lastIndexOf('/app/'), p.lastIndexOf('/pages/api/'));
  const tail = at >= 0 ? p.slice(at) : '';
  const app = APP_ROUTE.exec(tail);
  const segments = app ? app[1].split('/').filter((s) => !/^\(.*\)$/.test(s)) : PAGES_API.exec(tail)?.[1].split('/');
  if (!segments || segments.some((s) => s.startsWith('[') || s.startsWith('@'))) return undefined;
  // app/ may sit under src/; a path like `.../app/api/x` names the route `/api/x`.
  return '/' + segments.join('/');
}

/**
 * Whether `fn` handles a route's requests in the module at `path`: an exported POST/PUT/...
 * (app router), or the default export (pages router). Its first parameter is the request.
 */
export function isRouteHandler(fn: Node, path: string, index: FileIndex): boolean {
  if (!routeUrl(path)) return false;
  const pages = PAGES_API.test(path.split('\\').join('/'));
  for (const [name, local] of index.exports) {
    if (pages ? name !== 'default' : !HANDLERS.has(name)) continue;
    const value = unwrap(local);
    if (value === fn || (value?.type === 'Identifier' && index.scope.lookup(value.name)?.decl === fn)) return true;
    if (value?.type === 'Identifier' && unwrap(index.scope.lookup(value.name)?.init) === fn) return true;
    if (local.parent === fn || fn.id === local) return true;
  }
  return false;
}

/** What the calls of a route send as their body: `fetch("/api/x", { body: JSON.stringify(X) })` gives X. */
export function routeBodies(url: string, modules: { index: FileIndex }[]): { node: Node; site: { node: Node; scope: import('./scope.js').Scope } }[] {
  const found: { node: Node; site: { node: Node; scope: import('./scope.js').Scope } }[] = [];
  for (const mod of modules) {
    for (const site of mod.index.calls) {
      const callee = unwrap(site.node.callee);
      const name = callee?.type === 'Identifier' ? callee.name : callee && memberName(callee);
      if (name !== 'fetch' || stringValue(unwrap(site.node.arguments[0])) !== url) continue;
      const init = unwrap(site.node.arguments[1]);
      const body = init?.type === 'ObjectExpression' ? init.properties.find((p: Node) => p.type === 'ObjectProperty' && !p.computed && (p.key.name ?? p.key.value) === 'body') : undefined;
      const value = unwrap(body?.value);
      // JSON.stringify(X)
      if (value?.type === 'CallExpression' && memberName(unwrap(value.callee)!) === 'stringify' && value.arguments[0]) found.push({ node: value.arguments[0], site });
    }
  }
  return found;
}
