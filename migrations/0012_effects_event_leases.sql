-- One lease per webhook event being worked on: a worker holds it while it processes the event,
-- a replay request while it checks and queues it. Whoever finds a live lease does not run the
-- event a second time at once (a redelivery, a replay and the original message, two replays).
-- A row lives only as long as the work; a holder that dies leaves a lease that expires.
CREATE TABLE event_leases (
  event_id   uuid PRIMARY KEY,
  holder     text NOT NULL,
  expires_at timestamptz NOT NULL
);

GRANT SELECT, INSERT, UPDATE, DELETE ON event_leases TO hub_app;
