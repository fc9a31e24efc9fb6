import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { withAdvisoryLock } from '../db/index.js';
import { claimLeases, releaseLeases } from '../event-lease/index.js';
import { LifecycleEventTypes } from '../event-store/index.js';
import { hubError } from '../errors/index.js';
import { foldRollups, pruneHealthSamples, pruneRollups } from '../health/index.js';
import type { Logger } from '../logger/index.js';
import type { HubMetrics } from '../metrics/index.js';
import { deleteArchived, retireDigests } from './delete-archived.js';
import { EventArchive, type ArchivedEventRow } from './event-archive.js';
import { pruneWorkflowRuns } from './prune-workflow-runs.js';
import { classifyStreams, keptReason, readStreams, streamsReceivedBefore, type KeptReason } from './old-streams.js';

export interface RetentionOptions {
  /** The application pool (hub_app): takes the lock, prunes the rollups. */
  pool: pg.Pool;
  /** A pool running as hub_retention (createRetentionPool); needed only when `archiveDir` is set. */
  retentionPool?: pg.Pool;
  retentionDays: number;
  /** Where archives go; unset: no event is archived or deleted, the rollups are still pruned. */
  archiveDir?: string | undefined;
  /** Count what would go; change nothing. */
  dryRun?: boolean;
  /** Streams looked at per batch (one archive file per day per batch). Default 200. */
  batchSize?: number;
  /** Stops between batches (a worker stopping, Ctrl-C). */
  signal?: AbortSignal;
  now?: Date;
  metrics?: HubMetrics;
  log: Logger;
}

export interface RetentionReport {
  runId: string;
  dryRun: boolean;
  cutoff: Date;
  /** Whether events were looked at (an archive directory is configured). */
  events: boolean;
  /** Webhook streams (and their events) archived and deleted; in a dry run, those that would be. */
  archived: { streams: number; events: number; files: string[] };
  /** Webhook streams received before the cutoff that stay, by why. */
  kept: Record<KeptReason, number>;
  /** Rollup rows deleted (or, in a dry run, that would be). */
  rollups: { minutes: number; hours: number };
  /** workflow_runs rows last changed before the cutoff, deleted (or, in a dry run, that would be). */
  workflowRuns: number;
  /** health_samples rows older than 8 days (the console's 7 d charts), deleted (or, in a dry run, that would be). */
  healthSamples: number;
}

// A stream being archived is leased like one being processed; a run that dies frees it after this.
const ARCHIVE_LEASE_MS = 10 * 60_000;
const FIRST_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * One retention run, at most one at a time across processes (an advisory lock; a second run
 * fails with HUB_RETENTION_BUSY): prunes the rollups, the health samples and the workflow runs older than the window, then, with an archive directory, archives
 * and deletes the processed webhook streams whose every event is older than the window, batch by
 * batch. Each batch: lease the streams, read them, keep their body digests, write the archive
 * and read it back, delete exactly what the archive holds, release. What is not archived is
 * never deleted; unfinished streams, dead letters and anything touched since the cutoff stay.
 */
export async function runRetention(options: RetentionOptions): Promise<RetentionReport> {
  const run = await withAdvisoryLock(options.pool, 'retention', () => retain(options));
  if (!run.ran) throw hubError('HUB_RETENTION_BUSY', 'another retention run is in progress (a worker or `hub retention run`); nothing was done');
  return run.result;
}

async function retain(options: RetentionOptions): Promise<RetentionReport> {
  const { pool, retentionDays, archiveDir, dryRun = false, now = new Date() } = options;
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  // What the writers added since the last fold first: pruned with the rest if old, and a stream
  // counts as unfinished by its pending_webhooks row.
  await foldRollups(pool);
  const report: RetentionReport = {
    runId: uuidv7(),
    dryRun,
    cutoff,
    events: archiveDir !== undefined,
    archived: { streams: 0, events: 0, files: [] },
    kept: { unfinished: 0, dead_letter: 0, recent: 0 },
    rollups: await pruneRollups(pool, { now, dryRun }),
    workflowRuns: await pruneWorkflowRuns(pool, { cutoff, dryRun }),
    healthSamples: await pruneHealthSamples(pool, { now, dryRun }),
  };
  if (archiveDir === undefined) return report;
  if (!options.retentionPool) throw hubError('HUB_RETENTION_ROLE_DENIED', 'archiving needs a pool running as hub_retention');
  const archive = new EventArchive(archiveDir);
  let cursor = FIRST_UUID;
  for (let batch = 0; !options.signal?.aborted; batch += 1) {
    const streams = await streamsReceivedBefore(options.retentionPool, cutoff, cursor, options.batchSize ?? 200);
    if (streams.length === 0) break;
    cursor = streams.at(-1) as string;
    const { archive: toArchive, kept } = await classifyStreams(options.retentionPool, streams, cutoff);
    for (const reason of kept.values()) report.kept[reason] += 1;
    if (toArchive.size === 0) continue;
    if (dryRun) {
      report.archived.streams += toArchive.size;
      report.archived.events += [...toArchive.values()].reduce((a, b) => a + b, 0);
      continue;
    }
    await archiveBatch(options, archive, report, [...toArchive.keys()], `${report.runId}-${batch}`);
  }
  return report;
}

async function archiveBatch(options: RetentionOptions, archive: EventArchive, report: RetentionReport, streams: string[], name: string): Promise<void> {
  const db = options.retentionPool as pg.Pool;
  const holder = `retention:${report.runId}`;
  const claimed = [...(await claimLeases(db, streams.map((eventId) => ({ eventId, holder })), ARCHIVE_LEASE_MS))];
  try {
    // Read under the lease, and judged again: a stream may have moved since it was classified.
    const rows = await readStreams(db, claimed);
    const byStream = new Map<string, ArchivedEventRow[]>();
    for (const row of rows) byStream.set(row.stream, [...(byStream.get(row.stream) ?? []), row]);
    const settled = new Set(
      claimed.filter((stream) => {
        const events = byStream.get(stream) ?? [];
        const lastStep = events.findLast((e) => LifecycleEventTypes.includes(e.type))?.type ?? null;
        const lastAt = new Date(Math.max(...events.map((e) => Date.parse(e.created_at))));
        const reason = events.length === 0 ? 'unfinished' : keptReason(lastStep, false, lastAt, report.cutoff);
        if (reason) report.kept[reason] += 1;
        return reason === undefined;
      }),
    );
    if (settled.size === 0) return;
    const batchRows = rows.filter((r) => settled.has(r.stream));
    await retireDigests(db, batchRows.map((r) => r.id));
    const written = await archive.write(name, batchRows);
    const archivedIds = batchRows.map((r) => r.id).filter((id) => written.ids.has(id));
    if (archivedIds.length !== batchRows.length) throw hubError('HUB_RETENTION_ARCHIVE_FAILED', `the archive of batch ${name} holds ${archivedIds.length} of ${batchRows.length} events; nothing of it was deleted`);
    const deleted = await deleteArchived(db, report.runId, [...settled], archivedIds);
    report.archived.files.push(...written.files);
    if (!deleted) {
      options.log.info({ streams: settled.size, batch: name }, 'a stream gained an event while being archived; the batch stays in the store (its archive file holds a copy)');
      report.kept.recent += settled.size;
      return;
    }
    report.archived.streams += settled.size;
    report.archived.events += archivedIds.length;
    for (const [connector, n] of deleted) options.metrics?.retentionArchived.inc({ connector }, n);
  } finally {
    await releaseLeases(db, claimed.map((eventId) => ({ eventId, holder })));
  }
}
