import type { FastifyRequest } from 'fastify';
import { hubError } from '@hub/core/errors';

/**
 * The actor to record for what this request does: its token's (set by the API scope). A route
 * outside the scope has no principal, and acting without one is a programming error, not a 500 to hide.
 */
export function actorOf(request: FastifyRequest): string {
  if (!request.principal) throw hubError('HUB_INTERNAL', `${request.method} ${request.routeOptions.url} acts without an authenticated principal`);
  return request.principal.actor;
}
