import type pg from 'pg';
import { Batcher } from '../batching/index.js';
import { inCanary } from './canary.js';
import { compileWorkflow, type CompiledWorkflow } from './compile-workflow.js';
import type { WorkflowDocument } from './workflow-graph.js';

/** A workflow to run on one event, with the version chosen for it. */
export interface RunnableWorkflow {
  id: string;
  name: string;
  version: number;
  /** This event runs the canary version. */
  canary: boolean;
  compiled: CompiledWorkflow;
  /** Problems compiling the stored definition (none for a definition saved through validateWorkflow). */
  problems: string[];
}

interface ProjectionRow {
  id: string;
  name: string;
  trigger_connector: string;
  trigger_event: string;
  active_version: number;
  canary_version: number | null;
  canary_percent: number | null;
}

// The generation comes with the rows, from the same snapshot; the LEFT JOIN gives it a row when
// no workflow matches (and rows, with a null generation, should its row ever be missing).
const TRIGGERED_SQL = `
SELECT (SELECT generation FROM workflow_generation) AS generation, w.id, w.name, w.trigger_connector, w.trigger_event, w.active_version, w.canary_version, w.canary_percent
FROM (VALUES (1)) AS one(n) LEFT JOIN (
  SELECT w.* FROM workflows w JOIN unnest($1::text[], $2::text[]) AS k(connector, event) ON w.trigger_connector = k.connector AND w.trigger_event = k.event
  WHERE w.status = 'active' AND w.active_version IS NOT NULL
) w ON true`;

/** Projection rows of one trigger, and the generation they were read at (null: none known). */
interface ProjectionRead {
  generation: number | null;
  rows: ProjectionRow[];
}

/** Rows kept for a trigger: only those read at a known generation. */
type KeptProjection = ProjectionRead & { generation: number };

type Compiled = { compiled: CompiledWorkflow; problems: string[] };

const key = (connector: string, event: string) => `${connector}\u0000${event}`;

/**
 * Reads, for each webhook, the enabled workflows its connector and event type trigger, from
 * PostgreSQL (a version saved or rolled back applies to the very next webhook). Concurrent
 * messages share one indexed query; versions are immutable, so their compiled form is cached.
 * The rows of a trigger are kept with the generation they were read at (migration 0024): an
 * event whose stream was read at that generation or an earlier one uses them without a query.
 */
export class WorkflowSource {
  private readonly triggered: Batcher<string, ProjectionRead>;
  private readonly compiled = new Map<string, Compiled>();
  private readonly kept = new Map<string, KeptProjection>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly cacheSize = 500,
  ) {
    this.triggered = new Batcher((keys) => this.readTriggered(keys), { maxBatch: 100, maxInFlight: 4 });
  }

  /**
   * The workflows to run on this event, by name. `pinned` (name -> version) are the versions an
   * earlier attempt of the same delivery started: they run again whatever is active now, as long
   * as their workflow is enabled. The others run their active version, or the canary version when
   * the event's stable hash falls in the canary's percent. `seenGeneration`: the workflows'
   * generation read after the event was stored (EventStore.readStreamsWithWorkflowGeneration);
   * without it the projection is always read.
   */
  async forEvent(eventId: string, connector: string, eventType: string, pinned: ReadonlyMap<string, number> = new Map(), seenGeneration?: number): Promise<RunnableWorkflow[]> {
    const rows = await this.triggeredBy(key(connector, eventType), seenGeneration);
    const chosen = new Map<string, { id: string; name: string; version: number; canary: boolean }>();
    for (const row of rows) {
      const pin = pinned.get(row.name);
      const canary = pin === undefined ? row.canary_version !== null && row.canary_percent !== null && inCanary(eventId, row.canary_percent) : pin === row.canary_version;
      chosen.set(row.name, { id: row.id, name: row.name, version: pin ?? (canary ? (row.canary_version as number) : row.active_version), canary });
    }
    const elsewhere = [...pinned.keys()].filter((name) => !chosen.has(name));
    if (elsewhere.length > 0) {
      // Pinned workflows whose active version now triggers on something else: still enabled, still run.
      const { rows: more } = await this.pool.query<{ id: string; name: string; canary_version: number | null }>(`SELECT id, name, canary_version FROM workflows WHERE name = ANY($1::text[]) AND status = 'active'`, [elsewhere]);
      for (const row of more) {
        const version = pinned.get(row.name) as number;
        chosen.set(row.name, { id: row.id, name: row.name, version, canary: version === row.canary_version });
      }
    }
    const list = [...chosen.values()].sort((a, b) => a.name.localeCompare(b.name));
    const compiled = await this.compile(list);
    // A version missing from the store cannot happen (versions are never deleted); skipped rather than trusted.
    return list.flatMap((w) => {
      const entry = compiled.get(`${w.id}:${w.version}`);
      return entry ? [{ ...w, ...entry }] : [];
    });
  }

  private async triggeredBy(k: string, seenGeneration: number | undefined): Promise<ProjectionRow[]> {
    const kept = seenGeneration === undefined ? undefined : this.kept.get(k);
    // Generations only grow: rows read at the event's generation or later include every change
    // committed before the event was stored.
    if (kept && seenGeneration !== undefined && kept.generation >= seenGeneration) return kept.rows;
    const { generation, rows } = await this.triggered.submit(k);
    // No generation known (its row missing): nothing is kept, every event reads.
    if (generation === null) return rows;
    const now = this.kept.get(k);
    // Two reads may finish out of order: the later generation stays.
    if (!now || now.generation <= generation) {
      if (!now && this.kept.size >= this.cacheSize) this.kept.delete(this.kept.keys().next().value as string);
      this.kept.set(k, { generation, rows });
    }
    return rows;
  }

  private async readTriggered(keys: string[]): Promise<ProjectionRead[]> {
    const unique = [...new Set(keys)].map((k) => k.split('\u0000') as [string, string]);
    const { rows } = await this.pool.query<Partial<ProjectionRow> & { generation: string | null }>(TRIGGERED_SQL, [unique.map((k) => k[0]), unique.map((k) => k[1])]);
    const found = rows[0]?.generation;
    const generation = found === null || found === undefined ? null : Number(found);
    const byKey = new Map<string, ProjectionRow[]>();
    for (const row of rows) {
      if (row.id === null || row.id === undefined) continue; // the generation's row when nothing matched
      const k = key(row.trigger_connector as string, row.trigger_event as string);
      byKey.set(k, [...(byKey.get(k) ?? []), row as ProjectionRow]);
    }
    return keys.map((k) => ({ generation, rows: byKey.get(k) ?? [] }));
  }

  private async compile(list: readonly { id: string; version: number }[]): Promise<Map<string, Compiled>> {
    const found = new Map<string, Compiled>();
    const missing: { id: string; version: number }[] = [];
    for (const w of list) {
      const entry = this.compiled.get(`${w.id}:${w.version}`);
      if (entry) found.set(`${w.id}:${w.version}`, entry);
      else missing.push(w);
    }
    if (missing.length === 0) return found;
    const { rows } = await this.pool.query<{ workflow_id: string; version: number; definition: WorkflowDocument }>(
      `SELECT v.workflow_id, v.version, v.definition FROM workflow_versions v
       JOIN unnest($1::uuid[], $2::int[]) AS k(id, version) ON v.workflow_id = k.id AND v.version = k.version`,
      [missing.map((w) => w.id), missing.map((w) => w.version)],
    );
    for (const row of rows) {
      const problems: string[] = [];
      const entry = { compiled: compileWorkflow(row.definition, problems), problems };
      if (this.compiled.size >= this.cacheSize) this.compiled.delete(this.compiled.keys().next().value as string);
      this.compiled.set(`${row.workflow_id}:${row.version}`, entry);
      found.set(`${row.workflow_id}:${row.version}`, entry);
    }
    return found;
  }
}
