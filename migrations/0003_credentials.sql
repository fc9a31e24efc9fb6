-- Encrypted credentials (envelope encryption). Credentials are state, not events: the hub
-- updates them on refresh and rotation. Secrets are never stored in clear.

CREATE TABLE data_keys (
  id            text        PRIMARY KEY,
  wrapped_key   bytea       NOT NULL,          -- AES-256 data key, wrapped by a master key
  master_key_id text        NOT NULL,          -- which master key wrapped it
  created_at    timestamptz NOT NULL DEFAULT now(),
  retired_at    timestamptz                    -- no longer used for new ciphertexts
);

CREATE TABLE credentials (
  connector   text        NOT NULL,
  account     text        NOT NULL DEFAULT '',
  key_id      text        NOT NULL REFERENCES data_keys (id),
  iv          bytea       NOT NULL,
  ciphertext  bytea       NOT NULL,
  tag         bytea       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connector, account)
);

GRANT SELECT, INSERT, UPDATE ON data_keys TO hub_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON credentials TO hub_app;
