import type { ActionContext } from './define-connector.js';
import { ActionBaseUrlMissingError } from './errors.js';

/** The provider base URL an action calls, without a trailing slash; throws HUB_CONNECTOR_BASE_URL_MISSING when the hub gave none. */
export function requireBaseUrl(ctx: ActionContext, connectorId: string, action: string): string {
  if (ctx.baseUrl === undefined || ctx.baseUrl === '') throw new ActionBaseUrlMissingError(connectorId, action);
  return ctx.baseUrl.replace(/\/+$/, '');
}
