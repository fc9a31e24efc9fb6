import type pg from 'pg';
import { isHubError } from '@hub/connector-sdk';
import type { Logger } from '../logger/index.js';
import type { ActionRunResult } from './run-action.js';

/** Which run a row is: one per event, workflow and version. */
export interface WorkflowRunKey {
  eventId: string;
  workflowId: string;
  version: number;
}

/** How an attempt of a run ended; `running`: it stopped without an outcome (throttled: it comes back). */
export interface WorkflowRunEnd {
  status: 'running' | 'completed' | 'filtered' | 'failed';
  /** Node ids that ran, in the order they finished. */
  path: readonly string[];
  durationMs: number;
  error?: { code: string; message: string } | undefined;
}

// A start after a failed or finished attempt counts one more attempt; one after an attempt left
// running (throttled, or its worker died) does not, as the event's own attempts do not.
const START_SQL = `
INSERT INTO workflow_runs AS r (event_id, workflow_id, version, canary, status)
VALUES ($1, $2, $3, $4, 'running')
ON CONFLICT (event_id, workflow_id, version) DO UPDATE SET
  status = 'running', updated_at = now(), finished_at = NULL, duration_ms = NULL,
  attempts = r.attempts + CASE WHEN r.status = 'running' THEN 0 ELSE 1 END`;

// A run that completes or is filtered forgets the error of an earlier attempt; a throttled
// attempt (still running) keeps it: it says why the run is being retried.
const END_SQL = `
UPDATE workflow_runs SET status = $4, path = $5, updated_at = now(),
  finished_at = CASE WHEN $4 IN ('completed', 'filtered') THEN now() END,
  duration_ms = CASE WHEN $4 IN ('completed', 'filtered') THEN $6::integer END,
  error_code = CASE WHEN $4 = 'running' THEN error_code ELSE $7 END,
  error_message = CASE WHEN $4 = 'running' THEN error_message ELSE $8 END
WHERE event_id = $1 AND workflow_id = $2 AND version = $3`;

/** An error message can quote a provider's whole answer: the row keeps its start. */
const MAX_ERROR_MESSAGE = 1_000;

/**
 * Keeps workflow_runs in step with the worker's runs: one statement when a run starts, one when
 * its attempt ends. The event store stays the record; these rows only feed the console's counts
 * and the canary guard, so a failed write is logged and never fails the event. Each method
 * resolves (never rejects) once its statement is done.
 */
export class WorkflowRunRecorder {
  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Logger,
  ) {}

  started(key: WorkflowRunKey, canary: boolean): Promise<void> {
    return this.write('start', key, START_SQL, [key.eventId, key.workflowId, key.version, canary]);
  }

  ended(key: WorkflowRunKey, end: WorkflowRunEnd): Promise<void> {
    const message = end.error ? end.error.message.slice(0, MAX_ERROR_MESSAGE) : null;
    return this.write('end', key, END_SQL, [key.eventId, key.workflowId, key.version, end.status, [...end.path], Math.round(end.durationMs), end.error?.code ?? null, message]);
  }

  private async write(what: string, key: WorkflowRunKey, sql: string, params: unknown[]): Promise<void> {
    try {
      await this.pool.query(sql, params);
    } catch (err) {
      this.log.warn({ err, eventId: key.eventId, workflowId: key.workflowId, version: key.version }, `workflow run ${what} not recorded (the event goes on; its workflow.* events are the record)`);
    }
  }
}

/** What one workflow run's attempt did: its calls, whether it stopped the event, how it ended, the nodes that ran. */
export interface WorkflowRunOutcome {
  results: ActionRunResult[];
  failed: boolean;
  /** Set when the run ended (completed, or filtered by the trigger filter or a branch that led nowhere). */
  ended?: 'completed' | 'filtered';
  path: string[];
}

/**
 * Runs one workflow's attempt with its workflow_runs row: started as the attempt starts (not
 * waited for: it goes alongside workflow.started), ended after it — failed with the code of the
 * failure that stopped it, or still running when a rate limit or an open circuit held it back.
 * The writes are pushed on `written` for the caller to wait for before the event's outcome.
 */
export async function recordRun(
  recorder: Pick<WorkflowRunRecorder, 'started' | 'ended'> | undefined,
  key: WorkflowRunKey,
  canary: boolean,
  written: Promise<void>[],
  run: () => Promise<WorkflowRunOutcome>,
): Promise<WorkflowRunOutcome> {
  if (!recorder) return run();
  const startedAt = performance.now();
  const started = recorder.started(key, canary);
  written.push(started);
  const end = (outcome: Omit<WorkflowRunEnd, 'durationMs'>) => written.push(started.then(() => recorder.ended(key, { durationMs: performance.now() - startedAt, ...outcome })));
  let outcome: WorkflowRunOutcome;
  try {
    outcome = await run();
  } catch (err) {
    end({ status: 'failed', path: [], error: { code: isHubError(err) ? err.code : 'HUB_INTERNAL', message: (err as Error).message } });
    throw err;
  }
  if (outcome.ended) {
    end({ status: outcome.ended, path: outcome.path });
    return outcome;
  }
  const failure = outcome.results.find((r) => r.outcome !== 'succeeded' && r.outcome !== 'skipped');
  const error = failure ? { code: failure.error?.code ?? failure.outcome, message: failure.error?.message ?? failure.outcome } : undefined;
  end({ status: failure?.outcome === 'throttled' ? 'running' : 'failed', path: outcome.path, error });
  return outcome;
}
