-- Health samples: the figures no event records (queue depth, the age of the oldest pending
-- webhook, rate-limit headroom, circuit state), taken per connector every few seconds by one
-- worker at a time (an advisory lock per connector), so the console can chart them over 1 h,
-- 24 h and 7 d. One row per connector and sampling slot: a second worker sampling the same slot
-- inserts nothing (ON CONFLICT DO NOTHING). Retention deletes rows older than 8 days.
CREATE TABLE health_samples (
  connector        text        NOT NULL,
  sampled_at       timestamptz NOT NULL,  -- the start of the sampling slot
  queue_visible    integer,               -- SQS ApproximateNumberOfMessages; null when SQS did not answer
  queue_in_flight  integer,
  queue_delayed    integer,
  pending          integer     NOT NULL,  -- webhooks received and not finished (pending_webhooks, capped at 10,000)
  oldest_age_ms    bigint,                -- age of the oldest of those; null when none
  headroom         integer,               -- permits left in the tightest rate-limit window; null without a policy or Redis
  headroom_limit   integer,               -- the policy's points per window
  circuit          text        NOT NULL CHECK (circuit IN ('closed', 'half_open', 'open')),
  PRIMARY KEY (connector, sampled_at)
);

GRANT SELECT, INSERT, DELETE ON health_samples TO hub_app;

-- The charts read one connector's minutes (or hours) over up to 24 h (7 d): by connector first, so
-- a connector's range is its own rows, not every connector's rows of the range. Both columns never
-- change after insert, so the trigger's upserts stay HOT updates.
CREATE INDEX event_rollups_connector_minute ON event_rollups (connector, minute);
CREATE INDEX event_rollups_hourly_connector_hour ON event_rollups_hourly (connector, hour);
