-- Schema drift detection: the shape (field path -> JSON types, with counts) of each event type
-- per connector, as observed from real payloads. State, not events: the hub updates it in place,
-- under a row lock, so two workers never both report the same drift.

CREATE TABLE observed_shapes (
  connector  text        NOT NULL,
  event_type text        NOT NULL,
  shape      jsonb       NOT NULL,            -- { shapes, paths: { "<path>": { types, parent, seen, objectSeen } } }
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connector, event_type)
);

-- Digests of the distinct payload shapes already folded into observed_shapes.
CREATE TABLE observed_shape_hashes (
  connector     text        NOT NULL,
  event_type    text        NOT NULL,
  hash          text        NOT NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connector, event_type, hash)
);

GRANT SELECT, INSERT, UPDATE ON observed_shapes TO hub_app;
GRANT SELECT, INSERT ON observed_shape_hashes TO hub_app;
