-- Named console API tokens (issue 11): operators, not one shared secret. Only a SHA-256 of each
-- token is kept: the tokens are 256 random bits, so a slow hash would add nothing, and a
-- leaked table reveals no usable token. Tokens are state (revoked, last used), not events:
-- their creation and revocation are also appended to the event store with who did it.
CREATE TABLE api_tokens (
  id           uuid        PRIMARY KEY,
  name         text        NOT NULL,
  role         text        NOT NULL CHECK (role IN ('viewer', 'operator')),
  token_hash   bytea       NOT NULL UNIQUE,
  created_by   text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz,
  revoked_by   text
);

-- A name is an identity in the audit trail: one active token per name.
CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens (name) WHERE revoked_at IS NULL;

GRANT SELECT, INSERT, UPDATE ON api_tokens TO hub_app;
