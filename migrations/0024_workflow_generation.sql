-- A counter every change of the workflows projection moves forward, in the same transaction. The
-- worker reads it with each batch of event streams (one subquery, no extra round trip) and keeps
-- the projection rows it read at a generation: a webhook whose stream was read at a generation the
-- kept rows have reached is matched against them without asking PostgreSQL again. A save,
-- rollback, disable or canary change commits with its bump, so the webhook after it (ingested
-- after the commit, read after its ingest) sees the new generation and reads the projection
-- again: "a version saved or rolled back applies to the very next webhook" still holds.
CREATE TABLE workflow_generation (
  only_row   boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  generation bigint  NOT NULL
);
INSERT INTO workflow_generation (only_row, generation) VALUES (true, 1);

CREATE FUNCTION workflows_next_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE workflow_generation SET generation = generation + 1;
  RETURN NULL;
END $$;
-- Per statement: a statement that changes many rows moves it once. TRUNCATE too (tests, operators).
CREATE TRIGGER workflows_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON workflows
  FOR EACH STATEMENT EXECUTE FUNCTION workflows_next_generation();

-- Kept rows are trusted up to their generation: one set back by hand would make them trusted
-- past changes made after it.
CREATE FUNCTION workflow_generation_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.generation <= OLD.generation THEN
    RAISE EXCEPTION 'workflow_generation only moves forward (% -> %)', OLD.generation, NEW.generation USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER workflow_generation_forward BEFORE UPDATE ON workflow_generation FOR EACH ROW EXECUTE FUNCTION workflow_generation_forward();

GRANT SELECT, UPDATE ON workflow_generation TO hub_app;
REVOKE INSERT, DELETE, TRUNCATE ON workflow_generation FROM hub_app;
