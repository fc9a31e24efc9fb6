import type pg from 'pg';
import { EventTypes } from '../event-store/index.js';
import type { ConnectorSample, MetricSource } from './metric-source.js';

const TYPES = [EventTypes.webhookReceived, EventTypes.webhookProcessed, EventTypes.webhookFailed, EventTypes.actionSucceeded];

// One scan of the interval over the (connector, type, created_at) index, bucketed by interval.
// Health rollups can replace this behind MetricSource without the detector noticing.
// The subquery reads each row's durationMs once and is kept whole (OFFSET 0): flattened, the sort
// for the groups carried every event's data, a 21 MB sort on disk for a 10 s window at ~2,300
// events/s, and the query took 115-163 ms against 64-100 ms (docs/benchmarks.md, nineteenth
// increment). Exported for its plan test.
export const SAMPLES_SQL = `
SELECT connector,
  floor(extract(epoch FROM created_at) * 1000 / $2)::bigint AS bucket,
  count(*) FILTER (WHERE type = '${EventTypes.webhookReceived}')::int AS received,
  count(*) FILTER (WHERE type = '${EventTypes.webhookProcessed}')::int AS succeeded,
  count(*) FILTER (WHERE type = '${EventTypes.webhookFailed}')::int AS failed,
  percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE type = '${EventTypes.actionSucceeded}') AS p95
FROM (
  SELECT connector, type, created_at, CASE WHEN type = '${EventTypes.actionSucceeded}' THEN (data->>'durationMs')::float END AS duration_ms
  FROM events
  WHERE type = ANY($1::text[]) AND created_at >= to_timestamp($3 / 1000.0) AND created_at < to_timestamp($4 / 1000.0)
  OFFSET 0
) AS e
GROUP BY 1, 2
ORDER BY 2, 1`;

interface SampleRow {
  connector: string;
  bucket: string;
  received: number;
  succeeded: number;
  failed: number;
  p95: number | null;
}

/**
 * Samples from the event store: arrivals are `webhook.received`, attempts `webhook.processed`
 * (success) and `webhook.failed` (each failed attempt, any class), latency the p95 of
 * `action.succeeded` durations.
 */
export class EventStoreMetricSource implements MetricSource {
  constructor(private readonly pool: pg.Pool) {}

  async read(fromMs: number, toMs: number, intervalMs: number): Promise<ConnectorSample[]> {
    const { rows } = await this.pool.query<SampleRow>(SAMPLES_SQL, [TYPES, intervalMs, fromMs, toMs]);
    return rows.map((row) => ({
      connector: row.connector,
      sample: {
        at: (Number(row.bucket) + 1) * intervalMs,
        received: row.received,
        succeeded: row.succeeded,
        failed: row.failed,
        latencyP95Ms: row.p95 === null ? null : Math.round(row.p95),
      },
    }));
  }
}
