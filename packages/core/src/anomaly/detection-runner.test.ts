import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { testRedisUrl, useTestRedis } from '../../../../test/support/test-redis.js';
import { waitFor } from '../../../../test/support/wait-for.js';
import { connectRedis } from '../rate-limit/index.js';
import type { AnomalyTransition } from './anomaly-transition.js';
import { DetectionRunner } from './detection-runner.js';
import type { ConnectorSample, MetricSource } from './metric-source.js';
import { BUSY_CONNECTOR, SyntheticTraffic } from './synthetic-traffic.js';

const shared = useTestRedis('anomaly-runner');
const INTERVAL_MS = 100;

/** A MetricSource over seeded synthetic traffic, one interval per read bucket; counts its reads. */
class SyntheticSource implements MetricSource {
  reads = 0;
  private readonly traffic = new SyntheticTraffic(BUSY_CONNECTOR, 1);

  async read(fromMs: number, toMs: number, intervalMs: number): Promise<ConnectorSample[]> {
    this.reads += 1;
    const samples: ConnectorSample[] = [];
    for (let t = fromMs; t < toMs; t += intervalMs) samples.push({ connector: 'stripe', sample: this.traffic.sample(t, t + intervalMs) });
    return samples;
  }
}

const started: { runner: DetectionRunner; redis: Redis }[] = [];

async function startRunner(key: string): Promise<{ runner: DetectionRunner; redis: Redis; source: SyntheticSource; transitions: AnomalyTransition[] }> {
  const redis = await connectRedis(testRedisUrl(), testLogger);
  const source = new SyntheticSource();
  const transitions: AnomalyTransition[] = [];
  const runner = new DetectionRunner({
    redis,
    leaseKey: `${shared.prefix}${key}`,
    source,
    connectors: ['stripe'],
    onTransition: (t) => void transitions.push(t),
    log: testLogger,
    detector: { intervalMs: INTERVAL_MS },
    leaseTtlMs: 1_500, // well above a stall of the shared test machine, so leadership does not flip mid-test
    settleMs: 0,
    warmUpMs: 2_000,
  });
  runner.start();
  started.push({ runner, redis });
  return { runner, redis, source, transitions };
}

afterEach(async () => {
  for (const { runner, redis } of started.splice(0)) {
    await runner.stop().catch(() => undefined);
    redis.disconnect();
  }
});

describe('DetectionRunner leader election (real Redis)', () => {
  it('runs detection in one replica only, and the other takes over when the leader stops', async () => {
    const a = await startRunner('clean');
    const b = await startRunner('clean');
    await waitFor('a leader', () => a.runner.isLeader || b.runner.isLeader);
    const [leader, follower] = a.runner.isLeader ? [a, b] : [b, a];
    await waitFor('the leader to judge intervals', () => leader.runner.intervalsJudged > 30);
    expect(follower.runner.isLeader).toBe(false);
    expect(follower.source.reads).toBe(0);
    expect(follower.runner.intervalsJudged).toBe(0);

    await leader.runner.stop();
    await waitFor('the follower to take over', () => follower.runner.isLeader && follower.runner.intervalsJudged > 30);
    expect(leader.runner.isLeader).toBe(false);
  });

  it('replaces a leader that cannot renew its lease (lost Redis, crash) once the lease expires', async () => {
    const a = await startRunner('crash');
    await waitFor('a to lead', () => a.runner.isLeader);
    const b = await startRunner('crash');
    a.redis.disconnect(); // a can no longer renew; it stands down, b waits out the TTL
    await waitFor('b to take over', () => b.runner.isLeader && b.runner.intervalsJudged > 10);
    expect(a.runner.isLeader).toBe(false);
  });
});
