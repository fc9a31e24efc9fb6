-- Health rollups folded from events by one periodic statement instead of a trigger on every
-- INSERT into events (0007, 0023). The trigger cost ~490 µs of PostgreSQL time per statement
-- whatever its size (a 20-row worker statement: 683 µs with it, 192 µs without), and every
-- writer (the ingress's group commit, the worker's appends) paid it on its hot path.
--
-- Each events row now carries the id of the transaction that wrote it (tx). A fold
-- (packages/core/src/health/rollup-fold.ts) adds to event_rollups, event_rollups_hourly and
-- pending_webhooks the rows with tx in [folded_below, horizon), where the horizon is the oldest
-- transaction still running: every transaction below it has ended, so no row below it can
-- appear later, and a row is folded exactly once however transactions interleave. The fold then
-- moves folded_below up to the horizon, in the same transaction.
--
-- Readers (rollup-fold.ts: liveRollupsSql, livePendingSql) add the rows not folded yet (tx >=
-- folded_below) to the folded tables, read in the same statement: a health read is exact
-- whether the last fold ran a second ago or an hour ago.

ALTER TABLE events ADD COLUMN tx xid8;   -- null on rows written before this migration: the trigger counted them
ALTER TABLE events ALTER COLUMN tx SET DEFAULT pg_current_xact_id();

-- Only the types a rollup or pending_webhooks counts: the worker's other rows (processing,
-- normalized, requested) do not pay for this index. The fold's and the readers' queries repeat
-- this list (ROLLUP_EVENT_TYPES) so the planner can use the index.
CREATE INDEX events_rollup_tail ON events (tx) WHERE tx IS NOT NULL AND type IN (
  'webhook.received', 'webhook.replayed', 'webhook.processed', 'webhook.failed', 'webhook.quarantined',
  'webhook.dead_lettered', 'action.succeeded', 'action.failed', 'action.throttled');

-- One row: transactions below folded_below are in the rollup tables.
CREATE TABLE event_rollup_fold (
  singleton    boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
  folded_below xid8        NOT NULL,
  folded_at    timestamptz NOT NULL DEFAULT now()
);
-- Any transaction that can still write an events row with a tx has an id at or above this one
-- (the ALTER TABLE above waited for those that had written to events before).
INSERT INTO event_rollup_fold (folded_below) VALUES (pg_snapshot_xmin(pg_current_snapshot()));
GRANT SELECT, UPDATE ON event_rollup_fold TO hub_app;
GRANT SELECT ON event_rollup_fold TO hub_retention;

DROP TRIGGER events_rollup ON events;
DROP FUNCTION events_rollup();
