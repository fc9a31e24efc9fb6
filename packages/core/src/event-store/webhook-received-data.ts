/**
 * How a delivery to `/webhooks/<connector>/<account>` was verified. `account-secret`: the
 * account's own secret matched, and the event's account column holds it. `connector-secret`: only
 * the connector-wide secret matched, which does not prove the account: the event is stored
 * without one and `claimedAccount` is what the URL said.
 */
export interface WebhookVerification {
  claimedAccount: string;
  verifiedWith: 'account-secret' | 'connector-secret';
}

/** `data` of a webhook.received event, as the ingress writes it. */
export interface WebhookReceivedData extends Partial<WebhookVerification> {
  /** Provider event type in the provider's spelling; `unknown` when it could not be read. */
  eventType: string;
  /** Request headers minus signatures and other secrets. */
  headers: Record<string, string>;
  /** The parsed JSON body, embedded verbatim. Absent when the body is not JSON. */
  payload?: unknown;
  /** Set instead of `payload` when the body is not JSON: the worker quarantines it with this reason. */
  bodyText?: string;
  bodyError?: string;
}

/** Serialises the data with the raw JSON body embedded as is (no parse/stringify round trip). */
export function serialiseReceivedData(eventType: string, headers: Record<string, string>, rawJson: string | undefined, bodyText?: string, bodyError?: string, verification?: WebhookVerification): string {
  const verified = verification ? `,"claimedAccount":${JSON.stringify(verification.claimedAccount)},"verifiedWith":${JSON.stringify(verification.verifiedWith)}` : '';
  const head = `{"eventType":${JSON.stringify(eventType)},"headers":${JSON.stringify(headers)}${verified}`;
  if (rawJson !== undefined) return `${head},"payload":${rawJson}}`;
  // jsonb cannot hold U+0000: a NUL character is kept as the visible text "\u0000".
  const storable = (bodyText ?? '').replaceAll('\u0000', '\\u0000');
  return `${head},"bodyText":${JSON.stringify(storable)},"bodyError":${JSON.stringify(bodyError ?? 'not JSON')}}`;
}
