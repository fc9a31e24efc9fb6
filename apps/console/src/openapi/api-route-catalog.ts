import type { FastifyInstance } from 'fastify';
import { hubError } from '@hub/core/errors';
import type { RouteDoc } from './route-doc.js';

/** The token role a route needs: the scope it was registered in decides, not what the route says. */
export type ApiRole = 'viewer' | 'operator';

export interface DocumentedRoute {
  method: string;
  /** Fastify's form: /api/events/:eventId. */
  url: string;
  role: ApiRole;
  doc: RouteDoc;
}

/**
 * Every route of the API scopes, collected as it is registered (an onRoute hook per scope). A route
 * without `config.openapi` stops the console from starting, so none can be left out of the document.
 */
export class ApiRouteCatalog {
  readonly #routes = new Map<string, DocumentedRoute>();

  /** Records the routes registered in `scope` and the scopes inside it as needing `role` (a nested operator scope raises it). */
  watch(scope: FastifyInstance, role: ApiRole): void {
    scope.addHook('onRoute', (route) => {
      // Fastify adds a HEAD route beside each GET; the GET documents both.
      const methods = ([] as string[]).concat(route.method).filter((method) => method !== 'HEAD');
      for (const method of methods) {
        const doc = route.config?.openapi;
        if (!doc) throw hubError('HUB_INTERNAL', `${method} ${route.url} has no config.openapi: every console API route documents itself (apps/console/src/openapi/route-doc.ts)`);
        const key = `${method} ${route.url}`;
        const known = this.#routes.get(key)?.role;
        this.#routes.set(key, { method, url: route.url, role: known === 'operator' ? 'operator' : role, doc });
      }
    });
  }

  list(): DocumentedRoute[] {
    return [...this.#routes.values()];
  }
}
