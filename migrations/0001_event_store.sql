-- Append-only event store and transactional outbox.
-- Runs with search_path set to the hub schema, so no schema is named here.

CREATE TABLE events (
  id                uuid        PRIMARY KEY,          -- UUIDv7: time-ordered
  stream            uuid        NOT NULL,             -- our webhook event id
  connector         text        NOT NULL,
  account           text,
  type              text        NOT NULL,             -- webhook.received, action.succeeded, ...
  provider_event_id text,                             -- dedupe key, on webhook.received only
  data              jsonb       NOT NULL,
  actor             text,                             -- who, for operator actions
  created_at        timestamptz NOT NULL DEFAULT now()
);

-- One webhook.received per provider event id and connector: the dedupe key.
CREATE UNIQUE INDEX events_webhook_dedupe ON events (connector, provider_event_id) WHERE type = 'webhook.received';
CREATE INDEX events_stream ON events (stream, id);
CREATE INDEX events_connector_type_time ON events (connector, type, created_at);

-- Belt and braces: the app role has no UPDATE/DELETE grant, and even an owner is stopped here.
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();

-- Rows to hand to SQS; deleted by the relay in the same transaction that sends them.
CREATE TABLE outbox (
  id         bigserial   PRIMARY KEY,
  event_id   uuid        NOT NULL,
  connector  text        NOT NULL,
  replay     boolean     NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The application role: may read and append events, may not change or remove them.
DO $$
BEGIN
  CREATE ROLE hub_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- created by another schema's migration, possibly concurrently
END $$;

DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO hub_app', current_schema());
END $$;
GRANT SELECT, INSERT ON events TO hub_app;
REVOKE UPDATE, DELETE, TRUNCATE ON events FROM hub_app;
-- UPDATE: the relay claims rows with SELECT ... FOR UPDATE SKIP LOCKED.
GRANT SELECT, INSERT, UPDATE, DELETE ON outbox TO hub_app;
GRANT USAGE, SELECT ON SEQUENCE outbox_id_seq TO hub_app;
GRANT SELECT ON schema_migrations TO hub_app;
