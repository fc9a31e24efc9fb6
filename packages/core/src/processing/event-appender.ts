import { Batcher } from '../batching/index.js';
import type { EventStore, NewEvent } from '../event-store/index.js';

/** Appends events from many concurrent handlers with group commit (one INSERT per flush). */
export class EventAppender {
  private readonly committer: Batcher<NewEvent, string>;

  constructor(store: EventStore, { maxBatch = 500, maxInFlight = 4 } = {}) {
    this.committer = new Batcher((events) => store.append(events), { maxBatch, maxInFlight });
  }

  append(event: NewEvent): Promise<string> {
    return this.committer.submit(event);
  }

  appendAll(events: readonly NewEvent[]): Promise<string[]> {
    return Promise.all(events.map((e) => this.committer.submit(e)));
  }
}
