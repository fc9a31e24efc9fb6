import { BaseEnv, parseEnv, RetentionEnv, type Env } from '@hub/core/config';
import { createLogger } from '@hub/core/logger';
import { createRetentionPool, runRetention, type RetentionReport } from '@hub/core/retention';
import { openHubResources } from '@hub/core/runtime';

const RetentionCommandEnv = BaseEnv.extend(RetentionEnv.shape);

/** `hub retention run [--dry-run]`: one retention run now (the worker also runs it on a schedule). */
export async function runRetentionCommand(env: Env, options: { dryRun: boolean; signal?: AbortSignal }, print: (line: string) => void = console.log): Promise<RetentionReport> {
  const config = parseEnv(RetentionCommandEnv, env);
  const resources = openHubResources(config);
  const log = createLogger({ service: 'retention', level: config.LOG_LEVEL });
  const archiveDir = config.HUB_ARCHIVE_DIR;
  try {
    const retentionPool = archiveDir ? await createRetentionPool({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA }) : undefined;
    try {
      const report = await runRetention({
        pool: resources.pool,
        retentionPool,
        retentionDays: config.HUB_RETENTION_DAYS,
        archiveDir,
        dryRun: options.dryRun,
        ...(options.signal ? { signal: options.signal } : {}),
        log,
      });
      for (const line of describe(report, config.HUB_RETENTION_DAYS, archiveDir)) print(line);
      return report;
    } finally {
      await retentionPool?.end();
    }
  } finally {
    await resources.close();
  }
}

function describe(report: RetentionReport, days: number, archiveDir: string | undefined): string[] {
  const would = report.dryRun ? 'would be ' : '';
  const lines = [`retention${report.dryRun ? ' (dry run: nothing changed)' : ''}: window ${days} days, cutoff ${report.cutoff.toISOString()}`];
  if (!report.events) {
    lines.push('events: kept, all of them (set HUB_ARCHIVE_DIR to archive and delete webhooks finished before the cutoff)');
  } else {
    const { streams, events, files } = report.archived;
    lines.push(`events: ${events} event(s) of ${streams} webhook(s) ${would}archived to ${archiveDir}${report.dryRun ? '' : ` (${files.length} file(s))`} and ${would}deleted from the store`);
    const { unfinished, dead_letter: deadLetters, recent } = report.kept;
    lines.push(`kept although received before the cutoff: ${unfinished} unfinished, ${deadLetters} dead-lettered or quarantined (replay them, or they stay), ${recent} active since`);
  }
  lines.push(`rollups: ${report.rollups.minutes} minute row(s) and ${report.rollups.hours} hour row(s) ${would}pruned`);
  lines.push(`workflow runs: ${report.workflowRuns} row(s) not changed since the cutoff ${would}pruned`);
  lines.push(`health samples: ${report.healthSamples} row(s) older than 8 days ${would}pruned`);
  return lines;
}
