-- The event explorer's search (docs/console.md, "Events explorer"): the values of the payload paths
-- a connector declares `searchable` (docs/connectors.md), one row per webhook. The worker writes it
-- when it first handles a webhook (it parses the payload anyway), in batches, so the ingress's
-- statement does no more work per webhook. Lexemes are made by the hub (lower-cased whole values
-- and their words), stored with array_to_tsvector: no text-search configuration is involved.
CREATE TABLE event_search (
  event_id   uuid     PRIMARY KEY,   -- the webhook.received event (its id is also its stream)
  connector  text     NOT NULL,
  account    text,
  event_type text     NOT NULL,
  terms      tsvector NOT NULL
);
CREATE INDEX event_search_terms ON event_search USING gin (terms);
CREATE INDEX event_search_connector ON event_search (connector, event_id);

GRANT SELECT, INSERT ON event_search TO hub_app;
-- Retention deletes a webhook's row with its events, in the same transaction.
GRANT SELECT, DELETE ON event_search TO hub_retention;
