import type { Redis } from 'ioredis';
import type { EventStore } from '../event-store/index.js';
import type { Logger } from '../logger/index.js';
import type { SchemaDiff } from '../drift/shape-diff.js';
import { schemaDriftAlertKind, type RuleAlertKind } from './alert-kind.js';
import { AlertLifecycle } from './alert-lifecycle.js';

export interface AlertRaiserOptions {
  store: EventStore;
  log: Logger;
  /** The lifecycle to record through (the worker's, with its notification targets); default: one on the store's pool, recording only. */
  lifecycle?: AlertLifecycle;
  /** No longer used: grouping moved from Redis keys to the alerts table (one open alert per connector and kind). */
  redis?: Redis;
  /** No longer used (see `redis`). */
  prefix?: string;
}

/**
 * What the webhook processor and the OAuth2 token manager call on a failure that always alerts.
 * The first occurrence opens the connector's alert of that kind (`alert.raised`); later ones
 * update it (count, last evidence, sample event ids). Raising never fails the work that caused it.
 */
export class AlertRaiser {
  private readonly lifecycle: AlertLifecycle;

  constructor(private readonly options: AlertRaiserOptions) {
    this.lifecycle = options.lifecycle ?? new AlertLifecycle({ pool: options.store.pool, store: options.store, log: options.log });
  }

  async raise(connector: string, kind: RuleAlertKind, evidence: Record<string, unknown>): Promise<void> {
    try {
      const sampleEventId = typeof evidence.eventId === 'string' ? evidence.eventId : undefined;
      await this.lifecycle.open(connector, kind, { evidence, ...(sampleEventId ? { sampleEventId } : {}) });
    } catch (err) {
      this.options.log.error({ err, connector, kind }, 'alert could not be recorded');
    }
  }

  /**
   * A schema drift: one alert per connector and event type (`schema_drift:<eventType>`) with the
   * field-level diff and the webhook that showed it; a further drift while it is open counts on it
   * (its evidence becomes the latest diff, its event kept among the samples).
   */
  async raiseDrift(connector: string, eventType: string, eventId: string, diff: SchemaDiff): Promise<void> {
    const kind = schemaDriftAlertKind(eventType);
    try {
      const evidence = { eventType, eventId, added: diff.added, removed: diff.removed, retyped: diff.retyped };
      await this.lifecycle.open(connector, kind, { evidence, sampleEventId: eventId });
    } catch (err) {
      this.options.log.error({ err, connector, kind }, 'alert could not be recorded');
    }
  }
}
