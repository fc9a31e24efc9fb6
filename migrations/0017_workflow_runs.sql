-- Workflow runs and the canary guard (docs/workflows.md "Runs" and "Canary guard").

-- Why a version was saved (the builder asks for it). Versions stay immutable: the column is only
-- added; the trigger of 0008 still refuses every UPDATE, so a message is written once, with its version.
ALTER TABLE workflow_versions ADD COLUMN message text CHECK (length(message) <= 500);

-- A running canary carries its guard (automatic rollback) and the time it started: the guard
-- compares the runs of both versions since then. A canary set again with the same version (another
-- percent) keeps its start. Canaries set before this migration get the default guard, started now.
ALTER TABLE workflows
  ADD COLUMN canary_started_at          timestamptz,
  ADD COLUMN canary_failure_rate_margin double precision CHECK (canary_failure_rate_margin BETWEEN 0 AND 1),
  ADD COLUMN canary_min_runs            integer          CHECK (canary_min_runs >= 1),
  ADD COLUMN canary_p95_factor          double precision CHECK (canary_p95_factor > 0); -- null: latency not checked
UPDATE workflows SET canary_started_at = now(), canary_failure_rate_margin = 0.2, canary_min_runs = 20, canary_p95_factor = 2
WHERE canary_version IS NOT NULL;
ALTER TABLE workflows
  ADD CONSTRAINT workflows_canary_guard CHECK (
    (canary_version IS NULL) = (canary_started_at IS NULL)
    AND (canary_version IS NULL) = (canary_failure_rate_margin IS NULL)
    AND (canary_version IS NULL) = (canary_min_runs IS NULL)
    AND (canary_version IS NOT NULL OR canary_p95_factor IS NULL)
  );

-- One row per run of a workflow version on a webhook event (a retry of the delivery, or a replay
-- through the same version, updates it). The worker writes it beside the event store's
-- workflow.* events, which stay the record; these rows are what the console counts and the guard
-- compares. No foreign key to events: retention deletes old webhooks.
CREATE TABLE workflow_runs (
  event_id      uuid        NOT NULL,
  workflow_id   uuid        NOT NULL REFERENCES workflows (id),
  version       integer     NOT NULL,
  canary        boolean     NOT NULL,
  status        text        NOT NULL CHECK (status IN ('running', 'completed', 'filtered', 'failed')),
  -- Attempts that ran it: a start after a failed attempt counts one more (a throttled attempt, or
  -- one whose worker died, left it running and is not counted, as the event's attempts are not).
  attempts      integer     NOT NULL DEFAULT 1,
  started_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  -- Set when it completed or was filtered; duration_ms is the time of the attempt that finished it.
  finished_at   timestamptz,
  duration_ms   integer,
  -- Node ids that ran in the last attempt, in the order they finished.
  path          text[]      NOT NULL DEFAULT '{}',
  error_code    text,
  error_message text,
  PRIMARY KEY (event_id, workflow_id, version)
);
-- The last 24 h of a workflow (console list, runs tab).
CREATE INDEX workflow_runs_recent ON workflow_runs (workflow_id, started_at DESC);
-- The runs of one version since a time (the canary guard, every few seconds).
CREATE INDEX workflow_runs_version ON workflow_runs (workflow_id, version, started_at);
-- The last error of a workflow: failures are few, so this stays small.
CREATE INDEX workflow_runs_failed ON workflow_runs (workflow_id, updated_at DESC) WHERE status = 'failed';

GRANT SELECT, INSERT, UPDATE ON workflow_runs TO hub_app;
