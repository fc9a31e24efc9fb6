import type { Connector } from '@hub/connector-sdk';
import type pg from 'pg';
import { hubError } from '../errors/index.js';
import { EventStore, EventTypes, type WebhookReceivedData } from '../event-store/index.js';
import type { SampleEvent } from './dry-run-event.js';
import { validateWorkflow } from './validate-workflow.js';
import type { WorkflowDocument } from './workflow-graph.js';
import { WorkflowStore } from './workflow-store.js';
import type { WorkflowDetail } from './workflow-summary.js';

export const VERSION_REPLAY_DEFAULT_LIMIT = 100;
export const VERSION_REPLAY_MAX_LIMIT = 500;

/** Which stored webhooks to run through which version of a workflow. */
export interface VersionReplayWindow {
  pool: pg.Pool;
  /** The installed connectors: the version is validated against them, as a dry run's is. */
  catalog: Readonly<Record<string, Connector>>;
  name: string;
  version: number;
  /** Webhooks received from `from` (inclusive) to `to` (exclusive, default now), oldest first. */
  from: Date;
  to?: Date | undefined;
  /** At most this many (default 100, at most 500): the oldest of the window. */
  limit?: number | undefined;
}

const WINDOW_SQL = `SELECT id, connector, account, provider_event_id, data, created_at FROM events
WHERE connector = $1 AND type = '${EventTypes.webhookReceived}' AND data->>'eventType' = $2 AND created_at >= $3 AND created_at < $4
ORDER BY id LIMIT $5`;

/**
 * The workflow, the version's definition (validated against the catalog) and the stored webhooks
 * of that version's trigger in the window. Throws HUB_WORKFLOW_NOT_FOUND, HUB_WORKFLOW_VERSION_NOT_FOUND,
 * HUB_WORKFLOW_INVALID (the stored version does not validate here) or HUB_BAD_REQUEST (the window).
 */
export async function readVersionReplayWindow(options: VersionReplayWindow): Promise<{ workflow: WorkflowDetail; definition: WorkflowDocument; events: SampleEvent[] }> {
  const { pool, name, version } = options;
  const to = options.to ?? new Date();
  if (!(options.from < to)) throw hubError('HUB_BAD_REQUEST', '"from" must be before "to"');
  const limit = options.limit ?? VERSION_REPLAY_DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > VERSION_REPLAY_MAX_LIMIT) throw hubError('HUB_BAD_REQUEST', `a replay against a version takes 1 to ${VERSION_REPLAY_MAX_LIMIT} events (got ${limit})`);
  const workflow = await new WorkflowStore(pool, new EventStore(pool)).get(name);
  if (!workflow) throw hubError('HUB_WORKFLOW_NOT_FOUND', `no workflow named "${name}"; "hub workflows list" shows them`);
  const stored = workflow.versions.find((v) => v.version === version);
  if (!stored) throw hubError('HUB_WORKFLOW_VERSION_NOT_FOUND', `${name} has no version ${version} (versions 1 to ${workflow.latestVersion})`);
  const definition = validateWorkflow(stored.definition, options.catalog);
  const { rows } = await pool.query<{ id: string; connector: string; account: string | null; provider_event_id: string | null; data: WebhookReceivedData; created_at: Date }>(WINDOW_SQL, [
    definition.trigger.connector,
    definition.trigger.event,
    options.from,
    to,
    limit,
  ]);
  const events = rows.map((r) => ({ eventId: r.id, providerEventId: r.provider_event_id, account: r.account, receivedAt: r.created_at, data: r.data }));
  return { workflow, definition, events };
}
