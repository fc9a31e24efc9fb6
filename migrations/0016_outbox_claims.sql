-- Relay lanes (docs/reliability.md): a relay claims one connector's rows for a short lease,
-- commits, sends them to SQS outside any transaction, then deletes them by id. A relay that dies
-- mid-send leaves its claim to expire; another relay then sends the rows. A failing queue's rows
-- carry their backoff in claimed_until, so every relay waits for it, and only that connector waits.
ALTER TABLE outbox ADD COLUMN claimed_by text, ADD COLUMN claimed_until timestamptz;

-- Claims read one connector's oldest rows; the relay lists the connectors that have rows by skipping along this index.
CREATE INDEX outbox_connector_id ON outbox (connector, id);
