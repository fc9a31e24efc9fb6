import type pg from 'pg';
import { canaryRollbackAlertKind, type AlertLifecycle } from '../alerts/index.js';
import { withAdvisoryLock } from '../db/index.js';
import type { EventStore } from '../event-store/index.js';
import type { Logger } from '../logger/index.js';
import { judgeCanary, WorkflowRuns, WorkflowStore, type CanaryGuard, type VersionRunStats } from '../workflows/index.js';
import { canaryOf, WORKFLOW_COLUMNS, type WorkflowRow } from '../workflows/workflow-summary.js';

/** Who the guard's rollbacks are recorded as. */
export const CANARY_GUARD_ACTOR = 'system:canary-guard';

export interface CanaryGuardCheckOptions {
  pool: pg.Pool;
  store: EventStore;
  /** Where the rollback alert is raised (the worker's lifecycle, with its Slack and webhook targets). */
  alerts: Pick<AlertLifecycle, 'open' | 'resolve'>;
  log: Logger;
}

/** A canary the guard rolled back, with the figures it judged on. */
export interface CanaryRollback {
  workflow: string;
  version: number;
  activeVersion: number;
  reason: 'failure_rate' | 'latency_p95';
  message: string;
  candidate: VersionRunStats;
  stable: VersionRunStats;
  guard: CanaryGuard;
}

type CanaryRow = WorkflowRow & { active_version: number };

/**
 * The canary guard: every running canary of an enabled workflow is judged on the runs of both
 * versions since it started (judgeCanary). One that regressed is stopped (workflow.canary_rolled_back,
 * actor system:canary-guard) and an alert of kind workflow_canary_rolled_back:<workflow> is raised
 * under its trigger connector, with the figures. One check at a time across the fleet (an
 * advisory lock): replicas that find it taken skip this round.
 */
export class CanaryGuardCheck {
  private readonly runs: WorkflowRuns;
  private readonly workflows: WorkflowStore;

  constructor(private readonly options: CanaryGuardCheckOptions) {
    this.runs = new WorkflowRuns(options.pool);
    this.workflows = new WorkflowStore(options.pool, options.store);
  }

  /** The rollbacks of this round; undefined when another process was checking. */
  async checkOnce(): Promise<CanaryRollback[] | undefined> {
    const run = await withAdvisoryLock(this.options.pool, 'canary-guard', () => this.judgeAll());
    return run.ran ? run.result : undefined;
  }

  private async judgeAll(): Promise<CanaryRollback[]> {
    const { rows } = await this.options.pool.query<CanaryRow>(
      `SELECT ${WORKFLOW_COLUMNS} FROM workflows WHERE canary_version IS NOT NULL AND active_version IS NOT NULL AND status = 'active' ORDER BY name`,
    );
    const rollbacks: CanaryRollback[] = [];
    for (const row of rows) {
      try {
        const rollback = await this.judge(row);
        if (rollback) rollbacks.push(rollback);
      } catch (err) {
        this.options.log.warn({ err, workflow: row.name }, 'canary guard could not judge a canary; it is judged again next interval');
      }
    }
    return rollbacks;
  }

  private async judge(row: CanaryRow): Promise<CanaryRollback | undefined> {
    const canary = canaryOf(row);
    if (!canary) return undefined;
    const [candidate, stable] = await Promise.all([this.runs.stats(row.id, canary.version, canary.startedAt), this.runs.stats(row.id, row.active_version, canary.startedAt)]);
    const verdict = judgeCanary(canary.guard, candidate, stable);
    if (!verdict.rollBack) return undefined;
    const rollback: CanaryRollback = { workflow: row.name, version: canary.version, activeVersion: row.active_version, reason: verdict.reason, message: verdict.message, candidate, stable, guard: canary.guard };
    const figures = { reason: verdict.reason, message: verdict.message, candidate, stable, guard: canary.guard };
    const stopped = await this.workflows.rollBackCanary(row.name, canary, figures, CANARY_GUARD_ACTOR);
    // An operator changed the canary while it was judged: theirs stands.
    if (!stopped) return undefined;
    this.options.log.warn({ workflow: row.name, ...figures }, 'canary rolled back by its guard');
    await this.alert(row, rollback, canary.percent);
    return rollback;
  }

  /** Every rollback reaches Slack: an alert of an earlier rollback still open is resolved first (an open alert only counts occurrences). */
  private async alert(row: CanaryRow, rollback: CanaryRollback, percent: number): Promise<void> {
    const kind = canaryRollbackAlertKind(row.name);
    try {
      await this.options.alerts.resolve(row.trigger_connector, kind, { reason: 'the workflow had another canary rolled back; see the newer alert' });
      await this.options.alerts.open(row.trigger_connector, kind, {
        evidence: {
          workflow: row.name,
          version: rollback.version,
          percent,
          activeVersion: rollback.activeVersion,
          reason: rollback.reason,
          message: `workflow ${row.name}: canary v${rollback.version} (${percent} %) rolled back to v${rollback.activeVersion}: ${rollback.message}`,
          candidate: rollback.candidate,
          stable: rollback.stable,
          guard: rollback.guard,
        },
      });
    } catch (err) {
      // The rollback is done and recorded; the alert is its notice.
      this.options.log.error({ err, workflow: row.name }, 'canary rollback alert could not be raised');
    }
  }
}
