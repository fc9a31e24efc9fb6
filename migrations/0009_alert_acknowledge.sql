-- An operator acknowledges an open alert ("someone is on it"): who and when, shown on its Slack
-- message and in the console. The first acknowledgement stands; alert.acknowledged carries the history.
ALTER TABLE alerts
  ADD COLUMN acknowledged_by text,
  ADD COLUMN acknowledged_at timestamptz;

-- alert_mutes rows of kind '*' silence every kind of their connector (`/hub mute stripe 2h`); a
-- row of one kind silences that kind only. An alert is muted until the later of the two.
COMMENT ON COLUMN alert_mutes.kind IS 'an alert kind, or * for every kind of the connector';
