import { z } from 'zod';
import type { WebhookStatus } from '@hub/core/event-store';
import type { WebhookFilters } from '@hub/core/event-explorer';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filters the events list and its export share. */
export const EventFilterQuery = z.object({
  connector: z.string().min(1).optional(),
  /** A connector's account (one Shopify shop, one Zendesk subdomain). */
  account: z.string().min(1).optional(),
  /** The provider's event type (data.eventType), e.g. payment_intent.succeeded. */
  type: z.string().min(1).optional(),
  status: z.enum(['queued', 'processing', 'processed', 'quarantined', 'failed', 'dead_lettered'] satisfies WebhookStatus[]).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Words that must each match: a provider event id, or a value at a path the connector declares searchable. */
  q: z.string().max(500).optional(),
});
export type EventFilterQuery = z.infer<typeof EventFilterQuery>;

/** Keyset cursor: the `next` of the previous page. */
export const Cursor = z.string().regex(UUID, 'a cursor from `next`');

export function webhookFilters(q: EventFilterQuery): WebhookFilters {
  return {
    connector: q.connector,
    account: q.account,
    type: q.type,
    status: q.status,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    search: q.q,
  };
}
