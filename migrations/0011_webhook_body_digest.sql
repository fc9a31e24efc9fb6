-- Replay protection for signature schemes that sign no timestamp (GitHub, Shopify, Jira and any
-- hmac scheme declared without timestampHeader): a captured delivery re-sent under a new
-- delivery id carries the same signed body, so the ingress also dedupes on its SHA-256 digest.
-- NULL for schemes whose signed timestamp already bounds a replay to the tolerance window.
ALTER TABLE events ADD COLUMN body_digest bytea;

-- Per connector, not per account: one provider secret (a Shopify app's) signs every account's
-- deliveries, so a body captured from one account and posted to another's URL is the same body.
CREATE UNIQUE INDEX events_webhook_body_dedupe ON events (connector, body_digest)
  WHERE type = 'webhook.received' AND body_digest IS NOT NULL;
