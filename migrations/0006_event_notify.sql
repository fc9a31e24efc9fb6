-- Live updates for the console: after each INSERT statement on events, one NOTIFY on channel
-- hub_events carries ids only (schema, connectors, event types, up to 100 streams), never data.
-- One notification per statement, not per row, so a group commit of 500 webhooks costs one; the
-- payload stays far below PostgreSQL's 8000-byte limit ("more": true when streams were left out,
-- and listeners then refresh whole lists). Delivery happens at COMMIT; a rolled-back insert sends nothing.

CREATE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  payload jsonb;
  stream_count integer;
BEGIN
  SELECT count(DISTINCT stream) INTO stream_count FROM inserted;
  SELECT jsonb_build_object(
      's', TG_TABLE_SCHEMA,
      'c', (SELECT coalesce(jsonb_agg(DISTINCT connector), '[]') FROM inserted),
      't', (SELECT coalesce(jsonb_agg(DISTINCT type), '[]') FROM inserted),
      'e', (SELECT coalesce(jsonb_agg(stream), '[]') FROM (SELECT DISTINCT stream FROM inserted LIMIT 100) AS s),
      'more', stream_count > 100)
    INTO payload;
  PERFORM pg_notify('hub_events', payload::text);
  RETURN NULL;
END $$;

CREATE TRIGGER events_notify AFTER INSERT ON events REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION events_notify();

-- The console's events explorer lists webhooks newest first per connector (keyset on the UUIDv7 id).
CREATE INDEX events_received_connector_id ON events (connector, id) WHERE type = 'webhook.received';
