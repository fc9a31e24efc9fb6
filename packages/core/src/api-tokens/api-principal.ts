import type { ApiTokenRole } from './api-token-role.js';

/** Who a console API request acts as, taken from its credential (never from a header it sets). */
export interface ApiPrincipal {
  /** The token's name (`HUB_CONSOLE_TOKEN` for the bootstrap token). */
  name: string;
  role: ApiTokenRole;
  /** The actor recorded in the event store for what this principal does: `api:<name>`. */
  actor: string;
}

/** The actor string of a token name, as the event store records it. */
export function apiActor(name: string): string {
  return `api:${name}`;
}
