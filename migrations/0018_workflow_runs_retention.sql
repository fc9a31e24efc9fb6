-- Retention prunes workflow_runs rows not touched within the window (HUB_RETENTION_DAYS): the
-- rows are a projection the console counts and the canary guard compares; the workflow.* events
-- stay the record (and are archived with their webhook). hub_app runs retention's pruning, as it
-- prunes the health rollups.
GRANT DELETE ON workflow_runs TO hub_app;
