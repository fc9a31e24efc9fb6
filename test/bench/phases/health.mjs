// Health queries at 1,000,000 events, and what keeping the rollups costs the ingest statement.
// Further query phases over the same kind of data (e.g. charts) belong here.
import { ensureDatabase } from '@hub/core/db';
import { healthPhase } from '../health.mjs';
import { rollupCostPhase } from '../rollup-cost.mjs';
import { DATABASE_URL, print, runId } from '../lib/context.mjs';
import { median, target } from '../lib/report.mjs';

export async function healthPhases() {
  await ensureDatabase(DATABASE_URL);
  const { all } = await healthPhase({ databaseUrl: DATABASE_URL, schema: `${runId}_health`, print });
  const ms = median(all);
  target('health queries', `median ${ms.toFixed(1)} ms (all 12 connectors at 1,000,000 events)`, ms < 100);
  await rollupCostPhase({ databaseUrl: DATABASE_URL, schema: `${runId}_rollups`, print });
}
