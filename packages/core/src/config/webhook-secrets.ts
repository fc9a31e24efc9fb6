import type { WebhookScheme } from '@hub/connector-sdk';
import { hubError } from '../errors/index.js';
import type { Env } from './index.js';

/** Below this much key material a secret can be guessed or brute-forced offline from one captured delivery. */
export const MIN_WEBHOOK_KEY_BYTES = 16;

const PREFIX = 'whsec_';

/** A connector as far as its webhook secrets are concerned. */
export interface WebhookSecretOwner {
  id: string;
  secretEnvName: string;
  webhook?: { scheme: Pick<WebhookScheme, 'name'> } | undefined;
}

/** Several secrets, comma-separated, while one is being rotated (Shopify applies a new one within an hour). */
export function splitSecrets(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Why a secret is too weak to mean anything, or undefined. The key material is what the scheme
 * keys its HMAC with: for Standard Webhooks the base64-decoded part after `whsec_`; for the
 * others the bytes after an optional `whsec_` prefix. Never quotes the secret.
 */
export function weakWebhookSecretProblem(secret: string, schemeName: WebhookScheme['name'] | undefined): string | undefined {
  const material = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret;
  if (material === '') return `nothing follows the ${PREFIX} prefix (an empty key)`;
  const bytes = schemeName === 'standard-webhooks' ? Buffer.from(material, 'base64').length : Buffer.byteLength(material, 'utf8');
  if (bytes < MIN_WEBHOOK_KEY_BYTES) {
    const what = schemeName === 'standard-webhooks' ? 'bytes of key material once base64-decoded' : 'bytes of key material';
    return `${bytes} ${what}; at least ${MIN_WEBHOOK_KEY_BYTES} are needed (use the provider's generated secret, or: openssl rand -base64 32)`;
  }
  return undefined;
}

/**
 * Webhook secrets per connector from `<ID>_WEBHOOK_SECRET` (comma-separated during a rotation).
 * A secret too weak to mean anything refuses the start-up with HUB_CONFIG_INVALID naming the
 * variable (every such variable at once).
 */
export function readWebhookSecrets(env: Env, connectors: Iterable<WebhookSecretOwner>): Map<string, string[]> {
  const secrets = new Map<string, string[]>();
  const problems: string[] = [];
  for (const { id, secretEnvName, webhook } of connectors) {
    const list = splitSecrets(env[secretEnvName]);
    list.forEach((secret, i) => {
      const problem = weakWebhookSecretProblem(secret, webhook?.scheme.name);
      if (problem) problems.push(`  ${secretEnvName}${list.length > 1 ? ` (secret ${i + 1} of ${list.length})` : ''}: ${problem}`);
    });
    if (list.length > 0) secrets.set(id, list);
  }
  if (problems.length > 0) throw hubError('HUB_CONFIG_INVALID', `webhook secrets too weak to mean anything:\n${problems.join('\n')}`, { details: { problems } });
  return secrets;
}
