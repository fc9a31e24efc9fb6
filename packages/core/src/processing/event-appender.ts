import { Batcher } from '../batching/index.js';
import type { EventStore, NewEvent, SideWrite } from '../event-store/index.js';
import { searchRowsWrite, type SearchEntry } from '../event-explorer/index.js';

/** What commits with a group of events, in the same statement. */
export interface RidingWrites {
  /** The webhook's search row (the explorer). */
  search?: SearchEntry | undefined;
}

interface Group extends RidingWrites {
  events: readonly NewEvent[];
}

/**
 * Appends events from many concurrent handlers with group commit (one INSERT per flush). One
 * flush in flight: what handlers ask for meanwhile shares the next statement. Each statement has
 * a cost whatever its size (its commit's WAL flush, the rollup trigger's two upserts, the round
 * trip); with two in flight the statements were smaller and more. One in flight was faster in 5 of
 * 7 interleaved bench pairs, with ~20 % less PostgreSQL CPU (docs/benchmarks.md, fifth increment).
 * The events of one appendAll are one item of the batch: they commit together or not at all,
 * with the search rows that ride on them (one statement and one commit for all, not one each).
 */
export class EventAppender {
  private readonly committer: Batcher<Group, string[]>;

  constructor(store: EventStore, { maxBatch = 200, maxInFlight = 1 } = {}) {
    this.committer = new Batcher(async (groups) => {
      const ids = await store.append(groups.flatMap((g) => g.events), undefined, ridingWrites(groups));
      let next = 0;
      return groups.map((group) => ids.slice(next, (next += group.events.length)));
    }, { maxBatch, maxInFlight });
  }

  /** In one statement, in this order, with `riding`; resolves with their ids once committed. */
  appendAll(events: readonly NewEvent[], riding: RidingWrites = {}): Promise<string[]> {
    return events.length === 0 ? Promise.resolve([]) : this.committer.submit({ events, ...riding });
  }
}

function ridingWrites(groups: readonly Group[]): SideWrite[] {
  const search = groups.flatMap((g) => (g.search ? [g.search] : []));
  return search.length > 0 ? [searchRowsWrite(search)] : [];
}
