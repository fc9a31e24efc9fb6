import type pg from 'pg';
import { deriveStatus, EventTypes, LifecycleEventTypes, lifecycleTypesFor, type WebhookStatus } from '../event-store/index.js';
import { ID_CLOCK_SLACK_MS, uuidv7Floor } from './id-time-bound.js';
import { parseSearch } from './search-query.js';

export interface WebhookFilters {
  connector?: string | undefined;
  account?: string | undefined;
  /** The provider's event type (`payment_intent.succeeded`). */
  type?: string | undefined;
  status?: WebhookStatus | undefined;
  /** created_at >= from */
  from?: Date | undefined;
  /** created_at < to */
  to?: Date | undefined;
  /** Words that must each match the provider event id or a searchable value (search-query.ts). */
  search?: string | undefined;
}

export interface WebhookPageRequest {
  /** Keyset cursor: the `next` of the previous page (an event id; ids are UUIDv7, time-ordered). */
  before?: string | undefined;
  limit: number;
}

export interface WebhookListItem {
  eventId: string;
  connector: string;
  account: string | null;
  eventType: string | null;
  providerEventId: string | null;
  status: WebhookStatus | undefined;
  receivedAt: Date;
  updatedAt: Date;
}

export interface WebhookPage {
  events: WebhookListItem[];
  /** The cursor of the next (older) page, or null at the end. */
  next: string | null;
}

interface Row {
  id: string;
  stream: string;
  connector: string;
  account: string | null;
  event_type: string | null;
  provider_event_id: string | null;
  created_at: Date;
  last_type: string;
  last_at: Date;
}

/**
 * Webhooks newest first, one keyset page at a time: `id < before` on the time-ordered UUIDv7,
 * which the primary key and events_received_connector_id serve at any depth (no OFFSET, and no
 * index added to the ingress's insert). A search reads its candidates from event_search (GIN)
 * and the provider event id index (`connectors`: the ids that index is probed with), or, for a
 * word in very many webhooks, checks each webhook of the walk against event_search.
 */
export async function listWebhooks(pool: Pick<pg.Pool, 'query'>, filters: WebhookFilters, page: WebhookPageRequest, connectors: readonly string[]): Promise<WebhookPage> {
  const params: unknown[] = [LifecycleEventTypes];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = [`r.type = '${EventTypes.webhookReceived}'`];
  if (filters.connector) where.push(`r.connector = ${bind(filters.connector)}`);
  if (filters.account) where.push(`r.account = ${bind(filters.account)}`);
  if (filters.type) where.push(`r.data->>'eventType' = ${bind(filters.type)}`);
  // created_at decides; the id bound keeps the index range short (a range far back is not found by scanning from now).
  const idFloor = filters.from ? uuidv7Floor(filters.from.getTime() - ID_CLOCK_SLACK_MS) : undefined;
  const idCeiling = filters.to ? uuidv7Floor(filters.to.getTime() + ID_CLOCK_SLACK_MS) : undefined;
  if (filters.from) where.push(`r.created_at >= ${bind(filters.from)} AND r.id >= ${bind(idFloor)}::uuid`);
  if (filters.to) where.push(`r.created_at < ${bind(filters.to)} AND r.id < ${bind(idCeiling)}::uuid`);
  if (page.before) where.push(`r.id < ${bind(page.before)}::uuid`);
  if (filters.status) where.push(`last.type = ANY(${bind(lifecycleTypesFor(filters.status))}::text[])`);

  let from = 'events r';
  const search = filters.search === undefined ? undefined : parseSearch(filters.search);
  if (search) {
    const candidates = await searchCandidates(pool, search, filters, page, idFloor, idCeiling, connectors);
    if (candidates) {
      // A telling word: its few webhooks are read by id, then filtered and ordered like any page.
      from = `unnest(${bind(candidates)}::uuid[]) AS hit(id) JOIN events r ON r.id = hit.id`;
    } else {
      // A word in many webhooks: walk the list newest first and look each one up (found soon). A
      // scalar subquery, not EXISTS: PostgreSQL would turn an EXISTS under OR into a hash of every match.
      where.push(
        `(coalesce((SELECT s.terms @@ ${bind(search.tsquery)}::tsquery FROM event_search s WHERE s.event_id = r.id), false) OR r.provider_event_id = ANY(${bind(search.exact)}::text[]))`,
      );
    }
  }
  const limit = bind(page.limit + 1);
  const { rows } = await pool.query<Row>(
    `SELECT r.id, r.stream, r.connector, r.account, r.data->>'eventType' AS event_type, r.provider_event_id, r.created_at,
            last.type AS last_type, last.created_at AS last_at
     FROM ${from}
     CROSS JOIN LATERAL (
       SELECT e.type, e.created_at FROM events e
       WHERE e.stream = r.stream AND e.type = ANY($1::text[]) ORDER BY e.id DESC LIMIT 1
     ) last
     WHERE ${where.join(' AND ')}
     ORDER BY r.id DESC
     LIMIT ${limit}`,
    params,
  );
  const shown = rows.slice(0, page.limit);
  return {
    events: shown.map((r) => ({
      eventId: r.stream,
      connector: r.connector,
      account: r.account,
      eventType: r.event_type,
      providerEventId: r.provider_event_id,
      status: deriveStatus([r.last_type]),
      receivedAt: r.created_at,
      updatedAt: r.last_at,
    })),
    next: rows.length > page.limit ? (shown.at(-1)?.id ?? null) : null,
  };
}

/** Past this many matches a search walks the list instead of reading its matches by id. */
export const MAX_SEARCH_CANDIDATES = 2_000;

/**
 * The ids a search matches (by searchable values, GIN, and by provider event id, the dedupe
 * index), when there are at most MAX_SEARCH_CANDIDATES; undefined when there are more. Asked
 * without an ORDER BY on purpose: PostgreSQL cannot estimate how many rows one lexeme matches,
 * and with `ORDER BY event_id LIMIT n` it walks the whole table for a word that is in none.
 */
async function searchCandidates(
  pool: Pick<pg.Pool, 'query'>,
  search: { tsquery: string; exact: string[] },
  filters: WebhookFilters,
  page: WebhookPageRequest,
  idFloor: string | undefined,
  idCeiling: string | undefined,
  connectors: readonly string[],
): Promise<string[] | undefined> {
  const params: unknown[] = [search.tsquery];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const hit = ['s.terms @@ $1::tsquery'];
  if (filters.connector) hit.push(`s.connector = ${bind(filters.connector)}`);
  if (filters.account) hit.push(`s.account = ${bind(filters.account)}`);
  if (filters.type) hit.push(`s.event_type = ${bind(filters.type)}`);
  if (page.before) hit.push(`s.event_id < ${bind(page.before)}::uuid`);
  if (idFloor) hit.push(`s.event_id >= ${bind(idFloor)}::uuid`);
  if (idCeiling) hit.push(`s.event_id < ${bind(idCeiling)}::uuid`);
  const probed = filters.connector ? [filters.connector] : connectors;
  const { rows } = await pool.query<{ id: string }>(
    `(SELECT s.event_id AS id FROM event_search s WHERE ${hit.join(' AND ')} LIMIT ${MAX_SEARCH_CANDIDATES + 1})
     UNION
     (SELECT e.id FROM events e WHERE e.type = '${EventTypes.webhookReceived}' AND e.connector = ANY(${bind(probed)}::text[]) AND e.provider_event_id = ANY(${bind(search.exact)}::text[]))`,
    params,
  );
  return rows.length > MAX_SEARCH_CANDIDATES ? undefined : rows.map((r) => r.id);
}
