import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { roleAllows, type ApiPrincipal } from '@hub/core/api-tokens';
import { EventTypes, type EventStore } from '@hub/core/event-store';
import type { ApiRouteCatalog } from '../openapi/api-route-catalog.js';
import { ANONYMOUS_LOOPBACK, bearerToken, type ConsoleAuth } from './console-auth.js';
import { isLoopbackRequest } from './loopback-request.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the API scope's onRequest hook before any handler of an /api route runs. */
    principal: ApiPrincipal | null;
  }
}

export interface ApiScopeDeps {
  auth: ConsoleAuth;
  store: EventStore;
  /** Collects each route with the role its scope needs, for GET /api/openapi.json. */
  catalog: ApiRouteCatalog;
}

export interface ApiRoutes {
  /** Routes any valid token may call: reads, the live stream, dry runs. */
  viewer(scope: FastifyInstance): void;
  /** Routes that act: replay, alert operations, workflow changes. */
  operator(scope: FastifyInstance): void;
}

const unauthorized = (reply: FastifyReply) =>
  reply
    .code(401)
    .header('www-authenticate', 'Bearer realm="integration-hub"')
    .send({ error: { code: 'HUB_UNAUTHORIZED', message: 'send Authorization: Bearer <token> (hub tokens create <name> --role viewer|operator, or HUB_CONSOLE_TOKEN)' } });

/** The principal whose token this request carries, or the open development reader, or nobody. */
async function authenticate(request: FastifyRequest, auth: ConsoleAuth): Promise<ApiPrincipal | undefined> {
  const token = bearerToken(request.headers.authorization);
  if (token !== undefined) return auth.principalFor(token);
  if (request.headers.authorization === undefined && isLoopbackRequest(request) && (await auth.anonymousReadsAllowed())) return ANONYMOUS_LOOPBACK;
  return undefined;
}

/**
 * Every /api route is registered inside these two encapsulated scopes, whose onRequest hooks
 * run for whatever spelling of a path the router matched (percent-encoding, absolute-form
 * targets, `;` parameters): authentication is tied to the route, never to the URL's text.
 * A hook answers before the body is read, so no handler runs for a refused request.
 */
export function registerApiScopes(app: FastifyInstance, { auth, store, catalog }: ApiScopeDeps, routes: ApiRoutes): void {
  app.decorateRequest('principal', null);

  app.register(async (viewerScope) => {
    catalog.watch(viewerScope, 'viewer');
    viewerScope.addHook('onRequest', async (request, reply) => {
      const principal = await authenticate(request, auth);
      if (!principal) return unauthorized(reply);
      request.principal = principal;
    });
    routes.viewer(viewerScope);

    viewerScope.register(async (operatorScope) => {
      catalog.watch(operatorScope, 'operator');
      operatorScope.addHook('onRequest', async (request, reply) => {
        const principal = request.principal;
        if (!principal) return unauthorized(reply);
        if (principal === ANONYMOUS_LOOPBACK) {
          return reply.code(403).send({ error: { code: 'HUB_WRITE_DISABLED', message: 'this development console has no credential, so it only reads; create one: hub tokens create <name> --role operator (or set HUB_CONSOLE_TOKEN)' } });
        }
        if (roleAllows(principal.role, 'operator')) return;
        // A refusal of a known token is an operator-visible event: who tried what.
        await store.append([
          { stream: randomUUID(), connector: 'hub', type: EventTypes.apiActionRefused, actor: principal.actor, data: { method: request.method, route: request.routeOptions.url, role: principal.role, why: 'needs operator' } },
        ]);
        request.log.warn({ actor: principal.actor, route: request.routeOptions.url }, 'console API action refused: the token is not an operator token');
        return reply.code(403).send({ error: { code: 'HUB_FORBIDDEN', message: `the token "${principal.name}" is a ${principal.role} token; this needs an operator token` } });
      });
      routes.operator(operatorScope);
    });
  });
}
