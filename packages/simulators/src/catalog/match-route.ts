import type { SimulatorRoute } from './simulator-entry.js';

/** `/repos/{owner}/{repo}` -> a RegExp matching one path segment per `{param}`. */
function pathPattern(path: string): RegExp {
  const source = path
    .split(/(\{[^/{}]+\})/)
    .map((part) => (/^\{[^/{}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/** The route declared for this method and path (query string ignored), if any. */
export function matchRoute(routes: readonly SimulatorRoute[], method: string, pathWithQuery: string): SimulatorRoute | undefined {
  const path = pathWithQuery.split('?')[0] ?? '';
  return routes.find((route) => route.method === method && pathPattern(route.path).test(path));
}
