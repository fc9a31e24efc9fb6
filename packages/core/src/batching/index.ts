export interface BatcherOptions {
  /** Most items handled by one flush (for writes: one transaction). */
  maxBatch: number;
  /** Flushes running at once (keep at or below the pool size). */
  maxInFlight: number;
}

/** Returned by a flush in place of one item's result: that caller's promise rejects with `error`, the others resolve. */
export class ItemFailure {
  constructor(readonly error: unknown) {}
}

interface Pending<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Concurrent callers each submit one item; items that arrive while a flush is running are
 * handled together by the next flush. For writes this is group commit: many rows share one
 * transaction and one fsync, and each caller's promise settles only after its flush has
 * committed (or failed), so nothing is acknowledged before it is durable. For reads it turns
 * many small queries into one.
 */
export class Batcher<I, R> {
  private pending: Pending<I, R>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly flush: (items: I[]) => Promise<(R | ItemFailure)[]>,
    private readonly options: BatcherOptions,
  ) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate lets every request parsed in this turn of the event loop join the batch.
        setImmediate(() => {
          this.scheduled = false;
          this.drain();
        });
      }
    });
  }

  /** Resolves when nothing is pending or in flight (for graceful shutdown). */
  async idle(): Promise<void> {
    if (this.pending.length === 0 && this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private drain(): void {
    while (this.inFlight < this.options.maxInFlight && this.pending.length > 0) {
      const batch = this.pending.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      this.flush(batch.map((p) => p.item))
        .then(
          (results) =>
            batch.forEach((p, i) => {
              const result = results[i];
              if (result instanceof ItemFailure) p.reject(result.error);
              else p.resolve(result as R);
            }),
          (err: unknown) => batch.forEach((p) => p.reject(err)),
        )
        .finally(() => {
          this.inFlight -= 1;
          this.drain();
          if (this.pending.length === 0 && this.inFlight === 0) this.idleWaiters.splice(0).forEach((w) => w());
        });
    }
  }
}
