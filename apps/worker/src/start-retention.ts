import { isHubError } from '@hub/core/errors';
import type { Logger } from '@hub/core/logger';
import type { HubMetrics } from '@hub/core/metrics';
import { createRetentionPool, runRetention } from '@hub/core/retention';
import type { HubResources } from '@hub/core/runtime';
import type { WorkerConfig } from './config.js';
import { startPeriodic, type PeriodicJob } from './start-periodic.js';

// A worker that just started leaves the first run a while (a fleet restarting at once does not pile up).
const FIRST_RUN_AFTER_MS = 60_000;

/**
 * Retention on a schedule: every HUB_RETENTION_INTERVAL_S each worker tries, and the one that
 * takes the advisory lock runs it (the others find it busy and wait for the next interval).
 * Undefined when the interval is 0.
 */
export function startRetention(
  config: Pick<WorkerConfig, 'HUB_RETENTION_INTERVAL_S' | 'HUB_RETENTION_DAYS' | 'HUB_ARCHIVE_DIR' | 'DATABASE_URL' | 'DATABASE_SCHEMA'>,
  resources: Pick<HubResources, 'pool'>,
  log: Logger,
  metrics?: HubMetrics,
): PeriodicJob | undefined {
  const everyMs = config.HUB_RETENTION_INTERVAL_S * 1000;
  if (everyMs === 0) return undefined;
  return startPeriodic({
    name: 'retention',
    everyMs,
    firstAfterMs: Math.min(FIRST_RUN_AFTER_MS, everyMs),
    log,
    async run(signal) {
      const retentionPool = config.HUB_ARCHIVE_DIR ? await createRetentionPool({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA }) : undefined;
      try {
        const report = await runRetention({ pool: resources.pool, retentionPool, retentionDays: config.HUB_RETENTION_DAYS, archiveDir: config.HUB_ARCHIVE_DIR, signal, log, ...(metrics ? { metrics } : {}) });
        log.info({ cutoff: report.cutoff, archived: report.archived.events, streams: report.archived.streams, files: report.archived.files.length, kept: report.kept, rollups: report.rollups, workflowRuns: report.workflowRuns, healthSamples: report.healthSamples }, 'retention run done');
      } catch (err) {
        if (isHubError(err) && err.code === 'HUB_RETENTION_BUSY') return log.debug('retention runs in another process');
        throw err;
      } finally {
        await retentionPool?.end();
      }
    },
  });
}
