-- Workflows (DESIGN.md §7, docs/workflows.md): immutable versions and one projection row per
-- workflow. Every change of a workflow is one transaction that updates the projection and appends
-- its workflow.* event (stream: the workflow's id), so the event store holds the whole history.

-- Which version runs: the projection. previous_versions is the stack of versions that were
-- active before, oldest first: a rollback pops it. trigger_* are the active version's trigger
-- (the latest version's while none is active): the worker finds a webhook's workflows by them.
CREATE TABLE workflows (
  id                uuid        PRIMARY KEY,
  name              text        NOT NULL UNIQUE,
  status            text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  trigger_connector text        NOT NULL,
  trigger_event     text        NOT NULL,
  latest_version    integer     NOT NULL,
  active_version    integer,
  previous_versions integer[]   NOT NULL DEFAULT '{}',
  canary_version    integer,
  canary_percent    smallint    CHECK (canary_percent BETWEEN 1 AND 99),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  updated_by        text        NOT NULL,
  CHECK ((canary_version IS NULL) = (canary_percent IS NULL)),
  CHECK (canary_version IS NULL OR active_version IS NOT NULL)
);
CREATE INDEX workflows_trigger ON workflows (trigger_connector, trigger_event) WHERE status = 'active' AND active_version IS NOT NULL;

-- A version is written once and never changed: a change is a new version.
CREATE TABLE workflow_versions (
  workflow_id uuid        NOT NULL REFERENCES workflows (id),
  version     integer     NOT NULL CHECK (version >= 1),
  definition  jsonb       NOT NULL,
  created_by  text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workflow_id, version)
);

CREATE FUNCTION workflow_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'workflow versions are immutable: % is not allowed (save a new version)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER workflow_versions_no_update_delete BEFORE UPDATE OR DELETE ON workflow_versions FOR EACH ROW EXECUTE FUNCTION workflow_versions_immutable();
CREATE TRIGGER workflow_versions_no_truncate BEFORE TRUNCATE ON workflow_versions FOR EACH STATEMENT EXECUTE FUNCTION workflow_versions_immutable();

GRANT SELECT, INSERT, UPDATE ON workflows TO hub_app;
GRANT SELECT, INSERT ON workflow_versions TO hub_app;
REVOKE UPDATE, DELETE, TRUNCATE ON workflow_versions FROM hub_app;
