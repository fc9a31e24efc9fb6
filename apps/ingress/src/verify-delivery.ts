import type { Connector, IncomingHeaders } from '@hub/connector-sdk';
import type { AccountWebhookSecrets } from '@hub/core/credentials';
import type { CoreErrorCode } from '@hub/core/errors';
import type { WebhookVerification } from '@hub/core/event-store';
import { VERIFY_FAILURE_CODES } from './verify-failure.js';

export type DeliveryVerdict =
  | {
      ok: true;
      /** The account the signature proved (its own secret matched), else null: only this reaches events.account. */
      account: string | null;
      /** For a delivery to /webhooks/<connector>/<account>: the account it named and which secret verified it. */
      verification?: WebhookVerification;
    }
  | { ok: false; status: 401 | 503; code: CoreErrorCode; message?: string };

export interface VerifyDeliveryInput {
  /** What verification reads of the connector (named fields: see CONTRIBUTING, "Object literals on hot paths"). */
  connector: Pick<Connector, 'id' | 'secretEnvName'> & { webhook: NonNullable<Connector['webhook']> };
  /** The account segment of the URL, unproven. */
  account: string | null;
  rawBody: Buffer;
  headers: IncomingHeaders;
  nowMs: number;
  /** Connector-wide secrets (`<ID>_WEBHOOK_SECRET`). */
  connectorSecrets: readonly string[] | undefined;
  /** Per-account secrets from the credential store; undefined without HUB_MASTER_KEYS. */
  accountSecrets: Pick<AccountWebhookSecrets, 'secretsFor'> | undefined;
}

/**
 * Checks a delivery's signature with the secrets that may vouch for it. An account with its own
 * secret(s) is verified with those only: the connector-wide secret does not count for it. An
 * account without its own may be verified with the connector-wide secret, but is then only
 * claimed, never proven: the event is stored without an account, so it never runs with that
 * account's credentials or base URL. (A Shopify app secret signs every shop's deliveries.)
 * Throws when the credential store cannot be read.
 */
export async function verifyDelivery(input: VerifyDeliveryInput): Promise<DeliveryVerdict> {
  const { connector, account } = input;
  const own = account === null ? undefined : await input.accountSecrets?.secretsFor(connector.id, account);
  const secrets = own ?? input.connectorSecrets;
  if (!secrets || secrets.length === 0) {
    const remedy = account === null ? connector.secretEnvName : `${connector.secretEnvName} or the account's own secret (hub credentials set ${connector.id} --account <account> --webhook-secret)`;
    return { ok: false, status: 503, code: 'HUB_WEBHOOK_SECRET_MISSING', message: `webhooks for ${connector.id} are refused until ${remedy} is configured` };
  }
  const verdict = connector.webhook.scheme.verify({ rawBody: input.rawBody, headers: input.headers, secrets, nowMs: input.nowMs });
  if (!verdict.ok) return { ok: false, status: 401, code: VERIFY_FAILURE_CODES[verdict.reason] };
  if (account === null) return { ok: true, account: null };
  return own
    ? { ok: true, account, verification: { claimedAccount: account, verifiedWith: 'account-secret' } }
    : { ok: true, account: null, verification: { claimedAccount: account, verifiedWith: 'connector-secret' } };
}
