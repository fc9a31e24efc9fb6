import type { FastifyRequest } from 'fastify';
import { roleAllows } from '@hub/core/api-tokens';
import { ANONYMOUS_LOOPBACK } from './console-auth.js';

/** Whether this request's principal may use the operator routes, and if not why: the UI disables a button with that reason. */
export function operatorPermission(request: FastifyRequest): { allowed: true } | { allowed: false; why: string } {
  const principal = request.principal;
  if (principal === ANONYMOUS_LOOPBACK || !principal) return { allowed: false, why: 'this development console has no credential, so it only reads (hub tokens create <name> --role operator)' };
  if (roleAllows(principal.role, 'operator')) return { allowed: true };
  return { allowed: false, why: `your token "${principal.name}" is a ${principal.role} token; this needs an operator token` };
}
