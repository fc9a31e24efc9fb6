import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { EventTypes } from './event-types.js';
import { toStoredEvent, type EventRow, type NewEvent, type StoredEvent } from './stored-event.js';

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

const COLUMNS = 'id, stream, connector, account, type, provider_event_id, data, actor, created_at';

/** Reads and appends events. The application never updates or deletes one. */
export class EventStore {
  constructor(readonly pool: pg.Pool) {}

  /** Appends events in one statement; returns their ids in order. */
  async append(events: readonly NewEvent[], db: Queryable = this.pool): Promise<string[]> {
    if (events.length === 0) return [];
    const ids = events.map(() => uuidv7());
    await db.query(
      `INSERT INTO events (id, stream, connector, account, type, data, actor)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[])`,
      [
        ids,
        events.map((e) => e.stream),
        events.map((e) => e.connector),
        events.map((e) => e.account ?? null),
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.data ?? null)),
        events.map((e) => e.actor ?? null),
      ],
    );
    return ids;
  }

  async readStream(stream: string, db: Queryable = this.pool): Promise<StoredEvent[]> {
    const { rows } = await db.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE stream = $1 ORDER BY id`, [stream]);
    return rows.map(toStoredEvent);
  }

  /** The webhook.received event that opens a stream, or undefined. */
  async findReceived(eventId: string): Promise<StoredEvent | undefined> {
    const { rows } = await this.pool.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE id = $1 AND type = $2`, [eventId, EventTypes.webhookReceived]);
    return rows[0] ? toStoredEvent(rows[0]) : undefined;
  }
}
