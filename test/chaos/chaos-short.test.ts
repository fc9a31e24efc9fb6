import { describe, expect, it } from 'vitest';
import { connectors } from '../support/repo-connectors.js';
import { shortPlan } from './plans.js';
import { runChaos } from './run-chaos.js';

// The CI variant of `npm run chaos` (docs/reliability.md): one fault of each kind under a steady
// load, on a PostgreSQL, a Redis and an SQS emulator of its own. Correctness only: nothing
// acknowledged is lost, nothing is applied twice, no provider limit is exceeded, PostgreSQL down
// never answers 2xx. Latency targets are the full suite's (they need a quiet machine).
describe('chaos (short)', () => {
  it('loses and duplicates nothing through a worker and a relay killed, PostgreSQL down, the SQS emulator back empty and a provider down', async () => {
    const report = await runChaos(shortPlan(), connectors, () => undefined);
    const summary = report.lines.join('\n');
    expect(report.total.acknowledged, summary).toBeGreaterThan(200);
    expect(report.total.lost, summary).toBe(0);
    expect(report.duplicateSideEffects, summary).toBe(0);
    expect(Object.values(report.rateLimits).map((r) => r.violations), summary).toEqual([0, 0, 0]);
    expect(report.passed, summary).toBe(true);
  }, 240_000);
});
