-- Alert lifecycle: one row per alert, at most one OPEN alert per connector and kind (the
-- partial unique index below), so every replica's INSERT ... ON CONFLICT either opens it or
-- counts one more occurrence on it. alert.raised / alert.resolved events carry the history;
-- these rows are the state the evaluator, the console and the deliveries act on.

CREATE TABLE alerts (
  id               uuid        PRIMARY KEY,
  connector        text        NOT NULL,
  kind             text        NOT NULL,               -- permanent_failure, circuit_open, anomaly:<metric>, ...
  severity         text        NOT NULL,               -- critical | error | warning
  status           text        NOT NULL DEFAULT 'open', -- open | resolved
  occurrences      integer     NOT NULL DEFAULT 1,
  evidence         jsonb       NOT NULL,               -- the last occurrence's evidence
  sample_event_ids text[]      NOT NULL DEFAULT '{}',  -- up to 5 failed events, first seen first
  opened_at        timestamptz NOT NULL,
  last_seen_at     timestamptz NOT NULL,
  resolved_at      timestamptz,
  resolution       jsonb,
  slack_channel    text,                               -- where the Slack message went (chat.update on resolve)
  slack_ts         text
);
CREATE UNIQUE INDEX alerts_one_open ON alerts (connector, kind) WHERE status = 'open';
CREATE INDEX alerts_opened ON alerts (opened_at DESC);

-- A mute silences notifications for a connector and kind until a time, across alerts:
-- an alert that resolves and comes back within the period stays quiet too.
CREATE TABLE alert_mutes (
  connector   text        NOT NULL,
  kind        text        NOT NULL,
  muted_until timestamptz NOT NULL,
  muted_by    text        NOT NULL,
  PRIMARY KEY (connector, kind)
);

-- Notifications to send (Slack, outbound webhook): written in the transaction that changes the
-- alert, claimed by any replica with FOR UPDATE SKIP LOCKED and a lease, retried with backoff.
CREATE TABLE alert_deliveries (
  id              bigserial   PRIMARY KEY,
  alert_id        uuid        NOT NULL REFERENCES alerts (id),
  target          text        NOT NULL,                -- slack | webhook
  transition      text        NOT NULL,                -- raised | resolved
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error      text,
  delivered_at    timestamptz,
  gave_up_at      timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE delivered_at IS NULL AND gave_up_at IS NULL;

GRANT SELECT, INSERT, UPDATE ON alerts TO hub_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON alert_mutes TO hub_app;
GRANT SELECT, INSERT, UPDATE ON alert_deliveries TO hub_app;
GRANT USAGE, SELECT ON SEQUENCE alert_deliveries_id_seq TO hub_app;
