import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { withTransaction } from '../db/index.js';
import { hubError } from '../errors/index.js';
import { EventTypes, type EventStore } from '../event-store/index.js';
import { CanaryGuard, DEFAULT_CANARY_GUARD, type CanaryGuardInput } from './canary-guard.js';
import { shapeProblems } from './shape-problems.js';
import { parseWorkflowDocument, type WorkflowDocument } from './workflow-graph.js';
import { canaryOf, toSummary, WORKFLOW_COLUMNS, type WorkflowDetail, type WorkflowRow, type WorkflowSummary } from './workflow-summary.js';

/** The projection's fields an operation may change. */
interface State {
  status: 'active' | 'disabled';
  activeVersion: number | null;
  previousVersions: number[];
  /** startedAt null: the canary starts now (the transaction's time). */
  canary: { version: number; percent: number; startedAt: Date | null; guard: CanaryGuard } | null;
  trigger: { connector: string; event: string };
}

/** What an operation does: the new state and the events that say so (type, data). */
interface Change {
  state: State;
  /** Recorded under the workflow's trigger connector (a saved version: its own trigger's). */
  events: { type: string; data: Record<string, unknown>; connector?: string }[];
}

type Db = pg.PoolClient;

/** The longest message a version may carry (the column's check says the same). */
export const MAX_MESSAGE_LENGTH = 500;

const SAVE_SQL = `
INSERT INTO workflows AS w (id, name, trigger_connector, trigger_event, latest_version, updated_by)
VALUES ($1, $2, $3, $4, 1, $5)
ON CONFLICT (name) DO UPDATE SET
  latest_version = w.latest_version + 1,
  -- while no version is active, the summary shows the latest version's trigger
  trigger_connector = CASE WHEN w.active_version IS NULL THEN EXCLUDED.trigger_connector ELSE w.trigger_connector END,
  trigger_event = CASE WHEN w.active_version IS NULL THEN EXCLUDED.trigger_event ELSE w.trigger_event END,
  updated_at = now(), updated_by = EXCLUDED.updated_by
RETURNING ${WORKFLOW_COLUMNS}`;

const UPDATE_SQL = `
UPDATE workflows SET status = $2, active_version = $3, previous_versions = $4, canary_version = $5, canary_percent = $6,
  trigger_connector = $7, trigger_event = $8, updated_at = now(), updated_by = $9,
  canary_started_at = CASE WHEN $5::integer IS NULL THEN NULL ELSE coalesce($10::timestamptz, now()) END,
  canary_failure_rate_margin = $11, canary_min_runs = $12, canary_p95_factor = $13
WHERE id = $1 RETURNING ${WORKFLOW_COLUMNS}`;

/**
 * Workflows and their immutable versions in PostgreSQL. Every operation is one transaction that
 * changes the projection row (taken FOR UPDATE, so concurrent operations on one workflow run one
 * after the other) and appends its workflow.* event with the actor: the event store is the audit
 * trail, the row is what the worker reads.
 */
export class WorkflowStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly store: EventStore,
  ) {}

  /**
   * Saves a new version (numbered after the latest; concurrent saves of one name get distinct
   * numbers) and, unless `activate: false`, makes it the active one (a running canary stops).
   */
  async saveVersion(definition: WorkflowDocument, opts: { actor: string; activate?: boolean; message?: string | undefined }): Promise<{ workflowId: string; name: string; version: number }> {
    const parsed = parseWorkflowDocument(definition);
    if (!parsed.success) {
      const problems = shapeProblems(parsed.error.issues);
      throw hubError('HUB_WORKFLOW_INVALID', `workflow is invalid:\n  ${problems.join('\n  ')}`, { details: { problems } });
    }
    const def = parsed.data;
    const { connector, event } = def.trigger;
    const message = opts.message?.trim() || null;
    if (message !== null && message.length > MAX_MESSAGE_LENGTH) {
      throw hubError('HUB_WORKFLOW_INVALID', `the message of a version is at most ${MAX_MESSAGE_LENGTH} characters (got ${message.length})`, { details: { problems: [`message: at most ${MAX_MESSAGE_LENGTH} characters`] } });
    }
    return withTransaction(this.pool, async (db) => {
      // The upsert locks the row: a concurrent save of the same name waits here, then numbers after this one.
      const { rows } = await db.query<WorkflowRow>(SAVE_SQL, [uuidv7(), def.name, connector, event, opts.actor]);
      const row = rows[0] as WorkflowRow;
      const version = row.latest_version;
      await db.query('INSERT INTO workflow_versions (workflow_id, version, definition, created_by, message) VALUES ($1, $2, $3, $4, $5)', [row.id, version, def, opts.actor, message]);
      const events: Change['events'] = [{ type: EventTypes.workflowVersionSaved, connector, data: { name: def.name, version, definition: def, ...(message ? { message } : {}) } }];
      let state = stateOf(row);
      if (opts.activate ?? true) {
        const activated = activate(state, version, { connector, event });
        state = activated.state;
        events.push({ type: EventTypes.workflowActivated, data: { name: def.name, version, ...activated.data } });
      }
      await this.apply(db, row, { state, events }, opts.actor);
      return { workflowId: row.id, name: def.name, version };
    });
  }

  /** Every workflow, by name. */
  async list(): Promise<WorkflowSummary[]> {
    const { rows } = await this.pool.query<WorkflowRow>(`SELECT ${WORKFLOW_COLUMNS} FROM workflows ORDER BY name`);
    return rows.map(toSummary);
  }

  /** The workflow with its versions, newest first; undefined for an unknown name. */
  async get(name: string): Promise<WorkflowDetail | undefined> {
    const { rows } = await this.pool.query<WorkflowRow>(`SELECT ${WORKFLOW_COLUMNS} FROM workflows WHERE name = $1`, [name]);
    const row = rows[0];
    if (!row) return undefined;
    const versions = await this.pool.query<{ version: number; definition: WorkflowDocument; created_by: string; created_at: Date; message: string | null }>(
      'SELECT version, definition, created_by, created_at, message FROM workflow_versions WHERE workflow_id = $1 ORDER BY version DESC',
      [row.id],
    );
    return {
      ...toSummary(row),
      previousVersions: row.previous_versions,
      // jsonb keeps keys in its own order; parsing gives them back in the schema's (name, trigger, steps or nodes; id, type, …).
      versions: versions.rows.map((v) => ({ version: v.version, definition: inSchemaOrder(v.definition), createdBy: v.created_by, createdAt: v.created_at, message: v.message })),
    };
  }

  /** Nothing of it runs any more (not even retries of runs already started). Already disabled: nothing changes. */
  disable(name: string, actor: string): Promise<WorkflowSummary> {
    return this.change(name, actor, async (_db, state) =>
      state.status === 'disabled' ? undefined : { state: { ...state, status: 'disabled' }, events: [{ type: EventTypes.workflowDisabled, data: { name } }] },
    );
  }

  /** Runs again from the next webhook. Already active: nothing changes. */
  enable(name: string, actor: string): Promise<WorkflowSummary> {
    return this.change(name, actor, async (_db, state) =>
      state.status === 'active' ? undefined : { state: { ...state, status: 'active' }, events: [{ type: EventTypes.workflowEnabled, data: { name } }] },
    );
  }

  /**
   * Makes an earlier version active again; a running canary stops. Without `toVersion`: the
   * version active before the current one, and each further rollback goes one more back (the
   * versions activated before form a stack). With it: that version, and the stack is cut back to
   * below its last activation. Throws HUB_WORKFLOW_NO_EARLIER_VERSION at the bottom of the stack.
   */
  async rollback(name: string, actor: string, toVersion?: number): Promise<{ from: number; to: number }> {
    let result: { from: number; to: number } | undefined;
    await this.change(name, actor, async (db, state, row) => {
      const from = state.activeVersion;
      if (from === null) throw hubError('HUB_WORKFLOW_OPERATION_INVALID', `no version of ${name} is active, so there is nothing to roll back; "hub workflows apply" activates a version`);
      let to: number;
      let previousVersions: number[];
      if (toVersion === undefined) {
        const last = state.previousVersions.at(-1);
        if (last === undefined) {
          throw hubError('HUB_WORKFLOW_NO_EARLIER_VERSION', `${name}: no version was active before version ${from}; name one with --to (versions 1 to ${row.latest_version})`);
        }
        to = last;
        previousVersions = state.previousVersions.slice(0, -1);
      } else {
        if (toVersion === from) throw hubError('HUB_WORKFLOW_OPERATION_INVALID', `${name}: version ${toVersion} is already the active one`);
        to = toVersion;
        const at = state.previousVersions.lastIndexOf(toVersion);
        previousVersions = at >= 0 ? state.previousVersions.slice(0, at) : state.previousVersions;
      }
      const trigger = await this.triggerOf(db, row, to);
      result = { from, to };
      return {
        state: { ...state, activeVersion: to, previousVersions, canary: null, trigger },
        events: [{ type: EventTypes.workflowRolledBack, data: { name, from, to, ...(state.canary ? { canaryStopped: { version: state.canary.version, percent: state.canary.percent } } : {}) } }],
      };
    });
    return result as { from: number; to: number };
  }

  /**
   * `percent` % of the events (by a stable hash of the event id) run `version` instead of the
   * active one, watched by `guard` (defaults: DEFAULT_CANARY_GUARD). The same version again is the
   * slider: the percent changes, the canary keeps its start (the guard's window) and, unless one is
   * given, its guard.
   */
  setCanary(name: string, version: number, percent: number, actor: string, guard?: CanaryGuardInput): Promise<WorkflowSummary> {
    return this.change(name, actor, async (db, state, row) => {
      if (!Number.isInteger(percent) || percent < 1 || percent > 99) {
        throw hubError('HUB_WORKFLOW_OPERATION_INVALID', `a canary takes a whole percent from 1 to 99 (got ${percent}); to run it on every event, promote it`);
      }
      const parsedGuard = guard === undefined ? undefined : CanaryGuard.safeParse(guard);
      if (parsedGuard && !parsedGuard.success) throw hubError('HUB_WORKFLOW_OPERATION_INVALID', `${name}: invalid canary guard: ${parsedGuard.error.issues.map((i) => `${i.path.join('.') || 'guard'}: ${i.message}`).join('; ')}`);
      if (state.activeVersion === null) throw hubError('HUB_WORKFLOW_OPERATION_INVALID', `no version of ${name} is active: a canary is tried beside the active version`);
      if (version === state.activeVersion) throw hubError('HUB_WORKFLOW_OPERATION_INVALID', `${name}: version ${version} is the active one; a canary is another version`);
      const trigger = await this.triggerOf(db, row, version);
      if (trigger.connector !== state.trigger.connector || trigger.event !== state.trigger.event) {
        throw hubError(
          'HUB_WORKFLOW_OPERATION_INVALID',
          `${name}: version ${version} triggers on ${trigger.connector} ${trigger.event}, the active version on ${state.trigger.connector} ${state.trigger.event}; a canary shares the trigger (activate it instead)`,
        );
      }
      const same = state.canary?.version === version ? state.canary : null;
      const canary = { version, percent, startedAt: same?.startedAt ?? null, guard: parsedGuard?.data ?? same?.guard ?? DEFAULT_CANARY_GUARD };
      const replaced = state.canary ? { replaced: { version: state.canary.version, percent: state.canary.percent } } : {};
      return { state: { ...state, canary }, events: [{ type: EventTypes.workflowCanarySet, data: { name, version, percent, guard: canary.guard, ...replaced } }] };
    });
  }

  /** The canary version becomes the active one, on every event. */
  promoteCanary(name: string, actor: string): Promise<WorkflowSummary> {
    return this.change(name, actor, async (_db, state) => {
      if (!state.canary) throw hubError('HUB_WORKFLOW_OPERATION_INVALID', `${name} has no canary running; set one with "hub workflows canary ${name} <version> <percent>"`);
      const { version, percent } = state.canary;
      const activated = activate(state, version, state.trigger);
      return { state: activated.state, events: [{ type: EventTypes.workflowCanaryPromoted, data: { name, version, percent, ...activated.data } }] };
    });
  }

  /** Every event runs the active version again. */
  stopCanary(name: string, actor: string): Promise<WorkflowSummary> {
    return this.change(name, actor, async (_db, state) => {
      if (!state.canary) throw hubError('HUB_WORKFLOW_OPERATION_INVALID', `${name} has no canary running`);
      const { version, percent } = state.canary;
      return { state: { ...state, canary: null }, events: [{ type: EventTypes.workflowCanaryStopped, data: { name, version, percent } }] };
    });
  }

  /**
   * The canary guard stops a canary that regressed: workflow.canary_rolled_back with `details` (the
   * reason and the figures). Only the canary the guard judged: one an operator changed meanwhile
   * (another version, a new start) is left alone, and undefined is returned.
   */
  async rollBackCanary(name: string, judged: { version: number; startedAt: Date }, details: Record<string, unknown>, actor: string): Promise<WorkflowSummary | undefined> {
    let stopped = false;
    const summary = await this.change(name, actor, async (_db, state) => {
      const canary = state.canary;
      if (!canary || canary.version !== judged.version || canary.startedAt?.getTime() !== judged.startedAt.getTime()) return undefined;
      stopped = true;
      return {
        state: { ...state, canary: null },
        events: [{ type: EventTypes.workflowCanaryRolledBack, data: { name, version: canary.version, percent: canary.percent, activeVersion: state.activeVersion, ...details } }],
      };
    });
    return stopped ? summary : undefined;
  }

  /** Locks the workflow's row, lets `decide` say what changes (undefined: nothing), applies it. */
  private change(name: string, actor: string, decide: (db: Db, state: State, row: WorkflowRow) => Promise<Change | undefined>): Promise<WorkflowSummary> {
    return withTransaction(this.pool, async (db) => {
      const { rows } = await db.query<WorkflowRow>(`SELECT ${WORKFLOW_COLUMNS} FROM workflows WHERE name = $1 FOR UPDATE`, [name]);
      const row = rows[0];
      if (!row) throw hubError('HUB_WORKFLOW_NOT_FOUND', `no workflow named "${name}"; "hub workflows list" shows them`);
      const change = await decide(db, stateOf(row), row);
      return change ? this.apply(db, row, change, actor) : toSummary(row);
    });
  }

  private async apply(db: Db, row: WorkflowRow, { state, events }: Change, actor: string): Promise<WorkflowSummary> {
    const { rows } = await db.query<WorkflowRow>(UPDATE_SQL, [
      row.id,
      state.status,
      state.activeVersion,
      state.previousVersions,
      state.canary?.version ?? null,
      state.canary?.percent ?? null,
      state.trigger.connector,
      state.trigger.event,
      actor,
      state.canary?.startedAt ?? null,
      state.canary?.guard.failureRateMargin ?? null,
      state.canary?.guard.minRuns ?? null,
      state.canary?.guard.p95Factor ?? null,
    ]);
    const updated = rows[0] as WorkflowRow;
    await this.store.append(
      events.map((e) => ({ stream: row.id, connector: e.connector ?? state.trigger.connector, type: e.type, data: e.data, actor })),
      db,
    );
    return toSummary(updated);
  }

  private async triggerOf(db: Db, row: WorkflowRow, version: number): Promise<{ connector: string; event: string }> {
    const { rows } = await db.query<{ connector: string; event: string }>(
      `SELECT definition #>> '{trigger,connector}' AS connector, definition #>> '{trigger,event}' AS event FROM workflow_versions WHERE workflow_id = $1 AND version = $2`,
      [row.id, version],
    );
    if (!rows[0]) throw hubError('HUB_WORKFLOW_VERSION_NOT_FOUND', `${row.name} has no version ${version} (versions 1 to ${row.latest_version}; "hub workflows show ${row.name}" lists them)`);
    return rows[0];
  }
}

/** The stored definition with its keys in the schema's order (as it was saved, if a later schema no longer reads it). */
function inSchemaOrder(stored: WorkflowDocument): WorkflowDocument {
  const parsed = parseWorkflowDocument(stored);
  return parsed.success ? parsed.data : stored;
}

function stateOf(row: WorkflowRow): State {
  return {
    status: row.status,
    activeVersion: row.active_version,
    previousVersions: row.previous_versions,
    canary: canaryOf(row),
    trigger: { connector: row.trigger_connector, event: row.trigger_event },
  };
}

/** `version` becomes the active one; the one it replaces goes on the rollback stack; a canary stops. */
function activate(state: State, version: number, trigger: State['trigger']): { state: State; data: Record<string, unknown> } {
  const previous = state.activeVersion;
  return {
    state: { ...state, activeVersion: version, previousVersions: previous === null ? state.previousVersions : [...state.previousVersions, previous], canary: null, trigger },
    data: { previous, ...(state.canary && state.canary.version !== version ? { canaryStopped: { version: state.canary.version, percent: state.canary.percent } } : {}) },
  };
}
