import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterCommit } from '../db/after-commit.js';
import { prepared } from '../db/prepared-statement.js';
import { announcerFor } from './change-announcer.js';
import { redactEventData } from './redact-event-data.js';
import { sideWritesPrefix, type SideWrite } from './side-write.js';
import { toStoredEvent, type EventRow, type NewEvent, type StoredEvent } from './stored-event.js';

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

const COLUMNS = 'id, stream, connector, account, type, provider_event_id, data, actor, created_at';

/** The streams of $1 (distinct ids), each oldest first. Exported for its plan test. */
export const READ_STREAMS_SQL = `SELECT e.*, (SELECT generation FROM workflow_generation) AS workflow_generation FROM unnest($1::uuid[]) AS wanted(stream)
  CROSS JOIN LATERAL (SELECT ${COLUMNS} FROM events WHERE events.stream = wanted.stream ORDER BY id) e`;

/** Streams read in one statement, with the workflows' generation (migration 0024) of the same snapshot. */
export interface StreamsRead {
  /** Each stream asked, oldest first, in the order asked ([] for an unknown one). */
  streams: StoredEvent[][];
  /** What a WorkflowSource may trust for these events (undefined when no stream was found, or the generation's row is missing). */
  workflowGeneration: number | undefined;
}

/** Reads and appends events. The application never updates or deletes one. */
export class EventStore {
  constructor(readonly pool: pg.Pool) {}

  /**
   * Appends events in one statement, their data redacted (redactEventData); returns their ids in
   * order. Live views hear of them once they are committed (ChangeAnnouncer). `sideWrites`
   * commit in the same statement, or fail it.
   */
  async append(events: readonly NewEvent[], db: Queryable = this.pool, sideWrites: readonly SideWrite[] = []): Promise<string[]> {
    if (events.length === 0) return [];
    const ids = events.map(() => uuidv7());
    const rows = events.map((e, i) => ({ id: ids[i], stream: e.stream, connector: e.connector, account: e.account ?? null, type: e.type, data: e.data === undefined ? null : redactEventData(e.type, e.data), actor: e.actor ?? null }));
    const params: unknown[] = [JSON.stringify(rows)];
    const prefix = sideWritesPrefix(sideWrites, params);
    // Prepared: a function scan into inserts, and side writes of the same kind (prepared()).
    await db.query(
      prepared(
        `${prefix}INSERT INTO events (id, stream, connector, account, type, data, actor)
       SELECT id, stream, connector, account, type, data, actor FROM jsonb_to_recordset($1::jsonb)
         AS t(id uuid, stream uuid, connector text, account text, type text, data jsonb, actor text)`,
        params,
      ),
    );
    afterCommit(db, () => announcerFor(this.pool).announce(events));
    return ids;
  }

  async readStream(stream: string, db: Queryable = this.pool): Promise<StoredEvent[]> {
    const { rows } = await db.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE stream = $1 ORDER BY id`, [stream]);
    return rows.map(toStoredEvent);
  }

  /** Several streams in one query, each oldest first, in the order asked. */
  async readStreams(streams: readonly string[]): Promise<StoredEvent[][]> {
    return (await this.readStreamsWithWorkflowGeneration(streams)).streams;
  }

  /**
   * readStreams, and the workflows' generation read in the same statement: the worker's stream
   * read comes after the webhook's ingest, so the generation it sees includes every workflow
   * change committed before the webhook arrived (WorkflowSource keeps rows read at one).
   */
  async readStreamsWithWorkflowGeneration(streams: readonly string[]): Promise<StreamsRead> {
    // One index lookup per stream, whatever the planner believes of the table: with stale
    // statistics (a busy table, autovacuum behind) `stream = ANY($1)` was planned as a parallel
    // scan, 2.1 ms a read in the bench against 0.3 ms (docs/benchmarks.md).
    const { rows } = await this.pool.query<EventRow & { workflow_generation: string | null }>(READ_STREAMS_SQL, [[...new Set(streams)]]);
    const byStream = new Map<string, StoredEvent[]>();
    for (const row of rows) {
      const list = byStream.get(row.stream) ?? [];
      list.push(toStoredEvent(row));
      byStream.set(row.stream, list);
    }
    // None when its row is missing (a broken schema): the WorkflowSource then reads every time.
    const generation = rows[0]?.workflow_generation;
    return { streams: streams.map((s) => byStream.get(s) ?? []), workflowGeneration: generation === undefined || generation === null ? undefined : Number(generation) };
  }

}
