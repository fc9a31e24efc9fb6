import type { RouteConfig } from '@hub/core/routes';

/** The route most tests use: Stripe payment_intent.succeeded -> POST <downstream><path> { hubEventId }. */
export function ledgerRoute(downstreamUrl: string, { name = 'ledger', path = '/ledger' }: { name?: string; path?: string } = {}): RouteConfig {
  return {
    name,
    on: { connector: 'stripe', event: 'payment_intent.succeeded' },
    action: { connector: 'http', name: 'post' },
    input: `{ "url": "${downstreamUrl}${path}", "body": { "payment": data.object.id, "hubEventId": $eventId } }`,
  };
}
