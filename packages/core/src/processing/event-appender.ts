import { Batcher } from '../batching/index.js';
import type { EventStore, NewEvent } from '../event-store/index.js';

/**
 * Appends events from many concurrent handlers with group commit (one INSERT per flush). Two
 * flushes in flight at most: more made smaller statements, and each costs the worker's thread.
 * The events of one appendAll are one item of the batch: they commit together or not at all.
 */
export class EventAppender {
  private readonly committer: Batcher<readonly NewEvent[], string[]>;

  constructor(store: EventStore, { maxBatch = 200, maxInFlight = 2 } = {}) {
    this.committer = new Batcher(async (groups) => {
      const ids = await store.append(groups.flat());
      let next = 0;
      return groups.map((group) => ids.slice(next, (next += group.length)));
    }, { maxBatch, maxInFlight });
  }

  /** In one statement, in this order; resolves with their ids once committed. */
  appendAll(events: readonly NewEvent[]): Promise<string[]> {
    return events.length === 0 ? Promise.resolve([]) : this.committer.submit(events);
  }
}
