import type pg from 'pg';
import { EventNotifications } from '../event-store/event-notifications.js';
import type { Logger } from '../logger/index.js';

/** Alert event types one statement appended (alert.raised, alert.acknowledged, …) and their connectors. */
export interface AlertChange {
  types: string[];
  connectors: string[];
}

/**
 * Tells listeners when alerts change state. Every change of the lifecycle appends an alert.* event
 * in its transaction, announced once committed (ChangeAnnouncer, coalesced): this keeps the alert.*
 * announcements of the events channel (one LISTEN connection, held while anyone listens).
 * Occurrence counts move without an event, so they do not announce themselves.
 */
export class AlertChanges {
  private readonly events: EventNotifications;

  constructor(pool: pg.Pool, log: Logger) {
    this.events = new EventNotifications(pool, log);
  }

  /** Calls `listener` on every alert change until the returned function is called. */
  subscribe(listener: (change: AlertChange) => void): () => void {
    return this.events.subscribe(({ types, connectors }) => {
      const alertTypes = types.filter((t) => t.startsWith('alert.'));
      if (alertTypes.length > 0) listener({ types: alertTypes, connectors });
    });
  }

  /** Resolves once LISTEN is in place. */
  ready(): Promise<void> {
    return this.events.ready();
  }

  /** Releases the LISTEN connection, so the pool can end. */
  close(): Promise<void> {
    return this.events.close();
  }
}
