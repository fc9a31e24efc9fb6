import type { Connector } from '@hub/connector-sdk';
import type pg from 'pg';
import { hubError } from '../errors/index.js';
import { EventStore } from '../event-store/index.js';
import { compileWorkflow } from './compile-workflow.js';
import { dryRunEvent, type DryRunEvent } from './dry-run-event.js';
import { readSampleEvents } from './dry-run-samples.js';
import { validateWorkflow } from './validate-workflow.js';
import type { WorkflowDocument } from './workflow-graph.js';
import { WorkflowStore } from './workflow-store.js';

export interface DryRunOptions {
  pool: pg.Pool;
  /** The installed connectors: the definition is validated against them, as the worker's would be. */
  catalog: Readonly<Record<string, Connector>>;
  /** A definition not saved yet (validated here), or a stored workflow's version (default: the active one, else the latest). */
  workflow: { definition: unknown } | { name: string; version?: number | undefined };
  /** The last N webhooks of the trigger's connector and event type, newest first (default 20, at most 200). */
  last?: number | undefined;
  /** These webhooks instead, in this order; each must be of the trigger's connector and event type. */
  eventIds?: readonly string[] | undefined;
}

export interface DryRunResult {
  name: string;
  /** The stored version run; null for a definition not saved. */
  version: number | null;
  trigger: { connector: string; event: string };
  events: DryRunEvent[];
  totals: { would_run: number; filtered: number; error: number };
}

/**
 * Shows what a workflow version would do with stored webhooks, without calling out or writing
 * anything: each event through the worker's compiled steps (dryRunEvent). Throws
 * HUB_WORKFLOW_NOT_FOUND / HUB_WORKFLOW_VERSION_NOT_FOUND for a stored version that does not exist,
 * HUB_WORKFLOW_INVALID when the definition does not validate against `catalog`, and
 * HUB_EVENT_NOT_FOUND / HUB_WORKFLOW_DRY_RUN_INVALID for events it cannot use.
 */
export async function dryRunWorkflow(options: DryRunOptions): Promise<DryRunResult> {
  const { pool, catalog } = options;
  const chosen = 'definition' in options.workflow ? { definition: options.workflow.definition, version: null } : await storedVersion(pool, options.workflow.name, options.workflow.version);
  const definition = validateWorkflow(chosen.definition, catalog);
  const compiled = compileWorkflow(definition, []);
  const samples = await readSampleEvents(pool, definition.trigger, options);
  const events: DryRunEvent[] = [];
  for (const sample of samples) events.push(await dryRunEvent(compiled, catalog, sample));
  const totals = { would_run: 0, filtered: 0, error: 0 };
  for (const event of events) totals[event.outcome] += 1;
  return { name: definition.name, version: chosen.version, trigger: { connector: definition.trigger.connector, event: definition.trigger.event }, events, totals };
}

async function storedVersion(pool: pg.Pool, name: string, version: number | undefined): Promise<{ definition: WorkflowDocument; version: number }> {
  const detail = await new WorkflowStore(pool, new EventStore(pool)).get(name);
  if (!detail) throw hubError('HUB_WORKFLOW_NOT_FOUND', `no workflow named "${name}"; "hub workflows list" shows them`);
  const wanted = version ?? detail.activeVersion ?? detail.latestVersion;
  const found = detail.versions.find((v) => v.version === wanted);
  if (!found) throw hubError('HUB_WORKFLOW_VERSION_NOT_FOUND', `${name} has no version ${wanted} (versions 1 to ${detail.latestVersion}; "hub workflows show ${name}" lists them)`);
  return { definition: found.definition, version: found.version };
}
