import type pg from 'pg';
import { withTransaction } from '../db/index.js';
import { EventTypes } from '../event-store/index.js';
import { LATENCY_BUCKET_COLUMNS } from './latency-buckets.js';

/**
 * The health rollups (event_rollups, event_rollups_hourly) and pending_webhooks are folded from
 * events by foldRollups, periodically, rather than by a trigger on every INSERT (migration 0025
 * says why and how a row is folded exactly once). Readers add what is not folded yet:
 * liveRollupsSql and the pending queries here read the folded tables and the events above the
 * fold's mark in one statement, so what they return does not depend on when the last fold ran.
 */

const lit = (value: string) => `'${value}'`;

/** The event types a rollup counts or that move a webhook in or out of pending_webhooks (the index of migration 0025). */
const TAIL_TYPES = [
  EventTypes.webhookReceived,
  EventTypes.webhookReplayed,
  EventTypes.webhookProcessed,
  EventTypes.webhookFailed,
  EventTypes.webhookQuarantined,
  EventTypes.webhookDeadLettered,
  EventTypes.actionSucceeded,
  EventTypes.actionFailed,
  EventTypes.actionThrottled,
].map(lit);
const QUEUED_TYPES = [EventTypes.webhookReceived, EventTypes.webhookReplayed].map(lit).join(', ');
const FINISHED_TYPES = [EventTypes.webhookProcessed, EventTypes.webhookQuarantined, EventTypes.webhookDeadLettered].map(lit).join(', ');
const CALL_TYPES = [EventTypes.actionSucceeded, EventTypes.actionFailed].map(lit).join(', ');

/**
 * Events of `alias` not folded yet, or (with bounds) those of transactions in [$from, $below).
 * `hint` (a parameter holding a mark read earlier, see readFoldMark) lets the planner see how
 * few rows lie above the mark: compared with the subquery alone it estimated a third of events
 * and scanned them all (the console's overview at 1,000,000 events: 3.5 -> 65 ms).
 */
function tailFilter(alias: string, { bounds, hint }: { bounds?: { from: string; below: string }; hint?: string | undefined } = {}): string {
  const range = bounds
    ? `${alias}.tx >= ${bounds.from} AND ${alias}.tx < ${bounds.below}`
    : `${hint ? `${alias}.tx >= ${hint}::xid8 AND ` : ''}${alias}.tx >= (SELECT folded_below FROM event_rollup_fold)`;
  // Repeats the index's predicate (tx IS NOT NULL, the same type list) so the planner can use it.
  return `${alias}.tx IS NOT NULL AND ${alias}.type IN (${TAIL_TYPES.join(', ')}) AND ${range}`;
}

/**
 * The fold's mark as it is now, for the `hint` of liveRollupsSql and livePendingSql. The mark
 * only grows, so in a later statement it is a lower bound: it narrows the index range, and the
 * statement's own read of the mark keeps the result exact.
 */
export async function readFoldMark(pool: Pick<pg.Pool, 'query'>): Promise<string> {
  const { rows } = await pool.query<{ mark: string }>('SELECT folded_below::text AS mark FROM event_rollup_fold');
  return rows[0]?.mark ?? '0';
}

const SUMMED = ['received', 'processed', 'failed_transient', 'failed_permanent', 'failed_data_format', 'quarantined', 'dead_lettered', 'throttled', 'calls', 'call_failures', 'latency_sum_ms', ...LATENCY_BUCKET_COLUMNS];
/** The columns of event_rollups and event_rollups_hourly after their key, in order. */
const VALUE_COLUMNS = [...SUMMED, 'last_success_at'];

/**
 * The rollup counts of the tail's events per `grain` (minute or hour), connector and account.
 * Counted in two steps: rows grouped by what the counts look at (type, class, latency bucket)
 * with a plain count, then the ~50 filtered sums over those few groups. Filtering every row 50
 * times cost ~10 µs a row (a health read with 10,000 events not folded: 134 ms).
 */
function tailAggregateSql(grain: 'minute' | 'hour', filter: string): string {
  const summed = (condition: string) => `coalesce(sum(n) FILTER (WHERE ${condition}), 0)::int`;
  return `
SELECT ${grain}, connector, account,
  ${summed(`type = ${lit(EventTypes.webhookReceived)}`)} AS received,
  ${summed(`type = ${lit(EventTypes.webhookProcessed)}`)} AS processed,
  ${summed(`type = ${lit(EventTypes.webhookFailed)} AND class = 'transient'`)} AS failed_transient,
  ${summed(`type = ${lit(EventTypes.webhookFailed)} AND class = 'permanent'`)} AS failed_permanent,
  ${summed(`type IN (${lit(EventTypes.webhookFailed)}, ${lit(EventTypes.webhookQuarantined)}) AND class = 'data_format'`)} AS failed_data_format,
  ${summed(`type = ${lit(EventTypes.webhookQuarantined)}`)} AS quarantined,
  ${summed(`type = ${lit(EventTypes.webhookDeadLettered)}`)} AS dead_lettered,
  ${summed(`type = ${lit(EventTypes.actionThrottled)}`)} AS throttled,
  ${summed(`type IN (${CALL_TYPES})`)} AS calls,
  ${summed(`type = ${lit(EventTypes.actionFailed)}`)} AS call_failures,
  coalesce(sum(duration_sum), 0)::float8 AS latency_sum_ms,
  ${LATENCY_BUCKET_COLUMNS.map((column, i) => `${summed(`bucket = ${i}`)} AS ${column}`).join(',\n  ')},
  max(last_at) FILTER (WHERE type = ${lit(EventTypes.webhookProcessed)}) AS last_success_at
FROM (
  SELECT date_trunc('${grain}', created_at) AS ${grain}, connector, coalesce(account, '') AS account, type, class,
    width_bucket(duration_ms, rollup_latency_bounds()) AS bucket, count(*) AS n, sum(duration_ms) AS duration_sum, max(created_at) AS last_at
  FROM (
    -- A durationMs that is not a number is left out (as the trigger did), not an error.
    -- OFFSET 0 keeps this subquery whole: flattened, its sort carried each row's whole data
    -- (~1 KB a row) and read durationMs out of it again above the sort (the aggregate over one
    -- fold of 3,090 rows: 15-18 -> 10-13 ms).
    SELECT e.created_at, e.connector, e.account, e.type,
      CASE WHEN e.type IN (${lit(EventTypes.webhookFailed)}, ${lit(EventTypes.webhookQuarantined)}) THEN e.data->>'class' END AS class,
      CASE WHEN e.type IN (${CALL_TYPES}) AND jsonb_typeof(e.data->'durationMs') = 'number' THEN (e.data->>'durationMs')::float8 END AS duration_ms
    -- webhook.replayed is in the tail for pending_webhooks only: no rollup counts it.
    FROM events e WHERE ${filter} AND e.type <> ${lit(EventTypes.webhookReplayed)} OFFSET 0) AS d
  GROUP BY 1, 2, 3, 4, 5, 6) AS g
GROUP BY 1, 2, 3`;
}

/**
 * A FROM item (alias `r`) with the columns of event_rollups (`minute`) or event_rollups_hourly
 * (`hour`) but the shard: the folded rows and the tail's, to be summed over like the tables.
 * `hint`: the parameter (e.g. `$5`) holding readFoldMark's answer.
 */
export function liveRollupsSql(grain: 'minute' | 'hour', hint?: string): string {
  const table = grain === 'minute' ? 'event_rollups' : 'event_rollups_hourly';
  const columns = [grain, 'connector', 'account', ...VALUE_COLUMNS].join(', ');
  return `(SELECT ${columns} FROM ${table} UNION ALL SELECT ${columns} FROM (${tailAggregateSql(grain, tailFilter('e', { hint }))}) AS tail) AS r`;
}

/** Per stream of the tail, its last event that moves it in or out of pending_webhooks. */
const tailLastStepSql = (filter: string) => `
SELECT DISTINCT ON (e.stream) e.stream, e.connector, e.account, e.type, e.created_at FROM events e
WHERE ${filter} AND e.type IN (${QUEUED_TYPES}, ${FINISHED_TYPES})
ORDER BY e.stream, e.id DESC`;

/**
 * Per connector of `$1`, the webhooks pending (counted up to `cap`, then the tail's) and the oldest
 * one's queued time: pending_webhooks' rows whose stream has no step in the tail (an index
 * lookup each on (connector, queued_at)), and the tail's streams whose last step queued them.
 * `hint` as for liveRollupsSql.
 */
export const livePendingSql = (cap: number, hint?: string) => `
WITH tail AS MATERIALIZED (${tailLastStepSql(tailFilter('e', { hint }))})
SELECT c.connector,
  (SELECT count(*)::int FROM (SELECT FROM pending_webhooks p WHERE p.connector = c.connector
     AND NOT EXISTS (SELECT 1 FROM tail WHERE tail.stream = p.stream) LIMIT ${cap}) AS capped)
  + (SELECT count(*)::int FROM tail WHERE tail.connector = c.connector AND tail.type IN (${QUEUED_TYPES})) AS pending,
  least(
    (SELECT min(p.queued_at) FROM pending_webhooks p WHERE p.connector = c.connector AND NOT EXISTS (SELECT 1 FROM tail WHERE tail.stream = p.stream)),
    (SELECT min(tail.created_at) FROM tail WHERE tail.connector = c.connector AND tail.type IN (${QUEUED_TYPES}))) AS oldest
FROM unnest($1::text[]) AS c(connector)`;

const BOUNDS = { from: '$1::xid8', below: '$2::xid8' };

const upsertSql = (table: string, grain: string, select: string) => `
INSERT INTO ${table} AS r (${grain}, connector, account, ${VALUE_COLUMNS.join(', ')})
${select}
ON CONFLICT ON CONSTRAINT ${table}_pkey DO UPDATE SET
  ${SUMMED.map((c) => `${c} = r.${c} + excluded.${c}`).join(',\n  ')},
  last_success_at = greatest(r.last_success_at, excluded.last_success_at)`;

// Minute rows, then hour rows summed from them, upserted in key order (shard 0: one fold at a time).
const FOLD_ROLLUPS_SQL = `
WITH minutes AS (${tailAggregateSql('minute', tailFilter('e', { bounds: BOUNDS }))}),
minute_rows AS (${upsertSql('event_rollups', 'minute', `SELECT * FROM minutes ORDER BY 1, 2, 3`)})
${upsertSql(
  'event_rollups_hourly',
  'hour',
  `SELECT * FROM (SELECT date_trunc('hour', minute), connector, account, ${SUMMED.map((c) => `sum(${c})`).join(', ')}, max(last_success_at)
   FROM minutes GROUP BY 1, 2, 3) AS h ORDER BY 1, 2, 3`,
)}`;

// Per stream, only its last step of the range counts (queued and finished in one range: not pending).
const FOLD_PENDING_SQL = `
WITH last AS (${tailLastStepSql(tailFilter('e', { bounds: BOUNDS }))}),
queued AS (
  INSERT INTO pending_webhooks (stream, connector, account, queued_at)
  SELECT stream, connector, account, created_at FROM last WHERE type IN (${QUEUED_TYPES})
  ON CONFLICT (stream) DO UPDATE SET queued_at = excluded.queued_at
)
DELETE FROM pending_webhooks p USING last WHERE last.type IN (${FINISHED_TYPES}) AND p.stream = last.stream`;

export interface FoldResult {
  /** False when another fold held the mark (it folds the same rows). */
  folded: boolean;
}

/**
 * Adds the events of every transaction that ended since the last fold to the rollups and
 * pending_webhooks, and moves the mark, in one transaction. The horizon is the oldest transaction
 * still running anywhere on the server: a transaction that runs long holds later ones back
 * (readers still see them, from the tail) until it ends.
 */
export async function foldRollups(pool: pg.Pool): Promise<FoldResult> {
  return withTransaction(pool, async (client) => {
    const { rows: mark } = await client.query<{ folded_below: string }>('SELECT folded_below FROM event_rollup_fold FOR UPDATE SKIP LOCKED');
    const from = mark[0]?.folded_below;
    if (from === undefined) return { folded: false };
    const { rows: horizon } = await client.query<{ below: string; ahead: boolean }>(
      'SELECT h AS below, h > $1::xid8 AS ahead FROM pg_snapshot_xmin(pg_current_snapshot()) AS h',
      [from],
    );
    const below = horizon[0] as { below: string; ahead: boolean };
    if (!below.ahead) return { folded: true };
    await client.query(FOLD_ROLLUPS_SQL, [from, below.below]);
    await client.query(FOLD_PENDING_SQL, [from, below.below]);
    await client.query('UPDATE event_rollup_fold SET folded_below = $1::xid8, folded_at = now()', [below.below]);
    return { folded: true };
  });
}
