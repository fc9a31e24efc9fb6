export interface NewEvent {
  stream: string;
  connector: string;
  account?: string | null;
  type: string;
  data: unknown;
  /** Who did it, for operator actions (e.g. `slack:U123`, `cli:alice`). */
  actor?: string | null;
}

export interface StoredEvent {
  id: string;
  stream: string;
  connector: string;
  account: string | null;
  type: string;
  providerEventId: string | null;
  data: unknown;
  actor: string | null;
  createdAt: Date;
}

export interface EventRow {
  id: string;
  stream: string;
  connector: string;
  account: string | null;
  type: string;
  provider_event_id: string | null;
  data: unknown;
  actor: string | null;
  created_at: Date;
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    stream: row.stream,
    connector: row.connector,
    account: row.account,
    type: row.type,
    providerEventId: row.provider_event_id,
    data: row.data,
    actor: row.actor,
    createdAt: row.created_at,
  };
}
