import type pg from 'pg';
import { forEachConnectorLocked } from '../db/index.js';
import type { Logger } from '../logger/index.js';
import type { ConnectorQueues } from '../queue/index.js';
import { readCircuits, worstCircuitState } from './circuit-health.js';
import { writeHealthSamples, type HealthSample } from './health-samples.js';
import { readPending, readQueueDepths } from './queue-health.js';
import { readRateLimitHeadroom, type RateLimitSource } from './rate-limit-headroom.js';

export interface HealthSamplerOptions {
  pool: pg.Pool;
  /** The connectors this process consumes (their queues are its own). */
  connectors: readonly string[];
  /** Length of a sampling slot: one sample per connector and slot. */
  intervalMs: number;
  queues?: ConnectorQueues;
  rateLimits?: RateLimitSource;
  log: Logger;
}

/**
 * Samples what no event records — queue depth, the oldest pending webhook, rate-limit headroom,
 * circuit state — into health_samples for the console's charts. Every worker runs it; an advisory
 * lock per connector makes one replica sample a connector at a time, and a slot already sampled
 * is not written twice.
 */
export class HealthSampler {
  constructor(private readonly options: HealthSamplerOptions) {}

  /** Samples every connector once; answers how many rows were written. */
  async sampleOnce(now = new Date()): Promise<number> {
    const { pool, connectors, intervalMs, log } = this.options;
    const sampledAt = new Date(Math.floor(now.getTime() / intervalMs) * intervalMs);
    const written = await forEachConnectorLocked(pool, 'health-samples', connectors, log, async (connector) => [await writeHealthSamples(pool, [await this.sample(connector, sampledAt, now)])]);
    return written.reduce((a, b) => a + b, 0);
  }

  private async sample(connector: string, sampledAt: Date, now: Date): Promise<HealthSample> {
    const { pool, queues, rateLimits } = this.options;
    const [pending, circuits, depth, limits] = await Promise.all([
      readPending(pool, [connector], now),
      readCircuits(pool, [connector], now),
      queues ? readQueueDepths(queues, connector) : Promise.resolve({ depth: null, inFlight: null, delayed: null }),
      rateLimits ? readRateLimitHeadroom(rateLimits, connector) : Promise.resolve(null),
    ]);
    const waiting = pending.get(connector);
    return {
      connector,
      sampledAt,
      queueVisible: depth.depth,
      queueInFlight: depth.inFlight,
      queueDelayed: depth.delayed,
      pending: waiting?.pending ?? 0,
      oldestAgeMs: waiting?.oldestAgeMs ?? null,
      headroom: limits?.headroom ?? null,
      headroomLimit: limits?.policy?.points ?? null,
      circuit: worstCircuitState(circuits.get(connector) ?? []),
    };
  }
}
