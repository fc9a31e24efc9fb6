import type { Redis } from 'ioredis';
import { v5 as uuidv5 } from 'uuid';
import { EventTypes, type EventStore } from '../event-store/index.js';
import type { Logger } from '../logger/index.js';

/** Failures that always alert (anomaly detection comes with the health model). */
export type AlertKind = 'permanent_failure' | 'data_format';

export interface AlertRaiserOptions {
  store: EventStore;
  redis: Redis;
  prefix: string;
  log: Logger;
  /** One alert per connector and kind in this period; later occurrences are only counted. */
  groupMs?: number;
}

const ALERT_NAMESPACE = '8d5f7c1e-2b4a-4e6f-9a1c-7b3d5e9f1a2c';

/**
 * Raises `alert.raised` for a permanent failure or a quarantined payload, grouped: the first
 * occurrence per connector and kind in `groupMs` raises (deduplicated across replicas through
 * Redis), the others are counted on the alert's key. Raising never fails the work that caused it.
 */
export class AlertRaiser {
  constructor(private readonly options: AlertRaiserOptions) {}

  async raise(connector: string, kind: AlertKind, evidence: Record<string, unknown>): Promise<void> {
    const { store, redis, prefix, log, groupMs = 5 * 60_000 } = this.options;
    const key = `${prefix}alert:${connector}:${kind}`;
    try {
      const first = await redis.set(key, '1', 'PX', groupMs, 'NX');
      if (first !== 'OK') {
        await redis.incr(`${key}:count`);
        return;
      }
      await redis.set(`${key}:count`, '1', 'PX', groupMs);
    } catch (err) {
      log.warn({ err, connector, kind }, 'alert grouping unavailable (Redis); raising anyway');
    }
    try {
      await store.append([
        {
          stream: uuidv5(`alert:${connector}:${kind}`, ALERT_NAMESPACE),
          connector,
          type: EventTypes.alertRaised,
          data: { kind, severity: kind === 'permanent_failure' ? 'error' : 'warning', evidence, groupedForMs: groupMs },
        },
      ]);
      log.error({ connector, kind, evidence }, 'alert raised');
    } catch (err) {
      log.error({ err, connector, kind }, 'alert could not be recorded');
    }
  }
}
