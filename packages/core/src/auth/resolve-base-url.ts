import type { Connector } from '@hub/connector-sdk';
import { hubError } from '../errors/index.js';

// An account becomes part of a host name: nothing that could end the host or add userinfo.
const HOST_SAFE = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

/** `<ID>_BASE_URL`: the environment variable that overrides a connector's base URL (tests point it at a simulator). */
export function baseUrlEnvName(connectorId: string): string {
  return `${connectorId.toUpperCase().replaceAll('-', '_')}_BASE_URL`;
}

/**
 * The provider API base URL for an action: `<ID>_BASE_URL` when set, else the connector's
 * `baseUrls[environment]`, with `{account}` replaced by the event's account. Undefined for a
 * connector without base URLs.
 */
export function resolveBaseUrl(connector: Pick<Connector, 'id' | 'baseUrls'>, environment: string, overrides: Readonly<Record<string, string | undefined>>, account: string | null): string | undefined {
  const template = overrides[baseUrlEnvName(connector.id)] || connector.baseUrls?.[environment];
  if (!template) {
    if (connector.baseUrls) throw hubError('HUB_CONFIG_INVALID', `${connector.id} has no base URL for environment "${environment}" (declared: ${Object.keys(connector.baseUrls).join(', ')}); set HUB_ENVIRONMENT or ${baseUrlEnvName(connector.id)}`);
    return undefined;
  }
  return fillAccount(connector.id, 'base URL', template, account).replace(/\/+$/, '');
}

/**
 * Replaces `{account}` in a URL template (a Zendesk subdomain, a Salesforce My Domain) with the
 * account, which must look like a host name part so it cannot redirect credentials elsewhere.
 */
export function fillAccount(connectorId: string, what: string, template: string, account: string | null): string {
  if (!template.includes('{account}')) return template;
  if (!account || !HOST_SAFE.test(account)) {
    throw hubError('HUB_ACTION_PERMANENT', `${connectorId}: the ${what} needs an account (${template}) and the account ${account ? 'is not a valid host name part' : 'is empty'}`);
  }
  return template.replaceAll('{account}', account);
}
