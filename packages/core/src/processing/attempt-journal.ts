import type { NewEvent } from '../event-store/index.js';
import type { SearchEntry } from '../event-explorer/index.js';
import type { EventAppender } from './event-appender.js';

/**
 * The events of one attempt at a webhook. Most need not be durable at once, only before the
 * message is let go: `record` keeps them, in order, and they are written with the next event
 * that must be durable now (`append`: the request before an outbound call) or at the end
 * (`flush`: the outcome). So an attempt that makes one call writes two statements' worth of rows
 * (processing, normalized, requested; then succeeded, processed) instead of one per event, and
 * its outcome commits in the same statement as the events it sums up. The webhook's search row
 * rides on the first write.
 */
export class AttemptJournal {
  private buffered: NewEvent[] = [];
  private readonly writes: Promise<unknown>[] = [];
  private search: SearchEntry | undefined;

  constructor(private readonly appender: Pick<EventAppender, 'appendAll'>) {}

  /** Kept; written, in order, with the next append or flush. */
  record(event: NewEvent): void {
    this.buffered.push(event);
  }

  /** The webhook's search row: written with the next append or flush. */
  index(entry: SearchEntry): void {
    this.search = entry;
  }

  /** Written now with everything recorded before it, in one statement; resolves once durable. */
  async append(event: NewEvent): Promise<string> {
    const ids = await this.write([...this.take(), event]);
    return ids.at(-1) as string;
  }

  /** Another write the attempt must see durable before its message goes. */
  track(write: Promise<unknown>): void {
    write.catch(() => undefined);
    this.writes.push(write);
  }

  /** Writes what is kept and waits for every write of the attempt; throws the first that failed. */
  async flush(): Promise<void> {
    if (this.buffered.length > 0) void this.write(this.take());
    await Promise.all(this.writes);
  }

  private take(): NewEvent[] {
    return this.buffered.splice(0);
  }

  private write(events: NewEvent[]): Promise<string[]> {
    const search = this.search;
    this.search = undefined;
    const written = this.appender.appendAll(events, { search });
    // Awaited by flush before the outcome; until then a failed write (the pool timing out) must
    // not count as an unhandled rejection, which would end the whole process.
    this.track(written);
    return written;
  }
}
