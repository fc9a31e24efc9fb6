import { Batcher } from '../batching/index.js';
import type { EventStore, NewEvent } from '../event-store/index.js';

/**
 * Appends events from many concurrent handlers with group commit (one INSERT per flush). Two
 * flushes in flight at most: more made smaller statements, and each costs the worker's thread.
 */
export class EventAppender {
  private readonly committer: Batcher<NewEvent, string>;

  constructor(store: EventStore, { maxBatch = 500, maxInFlight = 2 } = {}) {
    this.committer = new Batcher((events) => store.append(events), { maxBatch, maxInFlight });
  }

  append(event: NewEvent): Promise<string> {
    return this.committer.submit(event);
  }

  appendAll(events: readonly NewEvent[]): Promise<string[]> {
    return Promise.all(events.map((e) => this.committer.submit(e)));
  }
}
