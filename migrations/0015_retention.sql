-- Retention (docs/reliability.md): webhook streams finished more than HUB_RETENTION_DAYS ago are
-- archived (gzipped NDJSON under HUB_ARCHIVE_DIR), then deleted. The store stays append-only for
-- the application: hub_app still has no DELETE grant, and the trigger now lets a DELETE through
-- only for the role hub_retention, inside a transaction that declares itself a retention run
-- (SET LOCAL hub.retention_run). Nobody may UPDATE or TRUNCATE events, the owner included.
DO $$
BEGIN
  CREATE ROLE hub_retention NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- created by another schema's migration, possibly concurrently
END $$;

-- Whoever runs the migrations (and `hub retention run`) may become the role; a superuser already
-- can. A user not allowed to grant it gets HUB_RETENTION_ROLE_DENIED from retention, naming the GRANT.
DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT hub_retention TO %I', current_user);
  END IF;
EXCEPTION WHEN unique_violation OR insufficient_privilege THEN
  NULL;
END $$;

DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO hub_retention', current_schema());
END $$;
GRANT SELECT, DELETE ON events TO hub_retention;
GRANT SELECT ON pending_webhooks, outbox TO hub_retention;
-- A stream being archived is leased like one being processed: no worker or replay starts on it meanwhile.
GRANT SELECT, INSERT, UPDATE, DELETE ON event_leases TO hub_retention;

CREATE OR REPLACE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_user = 'hub_retention' AND coalesce(current_setting('hub.retention_run', true), '') <> '' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

-- Replay protection outlives the window: the body digest of a webhook.received that retention
-- deleted (schemes that sign no timestamp: GitHub, Shopify, Jira) stays here, and the ingress
-- still answers the same signed body as a duplicate. About 80 bytes per webhook of those
-- connectors, kept for good. (Provider event ids need no such list: every provider's retries
-- fall within the window, which is at least 7 days.)
CREATE TABLE webhook_digests_retired (
  connector   text        NOT NULL,
  body_digest bytea       NOT NULL,
  event_id    uuid        NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (connector, body_digest)
);
GRANT SELECT ON webhook_digests_retired TO hub_app;
GRANT SELECT, INSERT ON webhook_digests_retired TO hub_retention;
