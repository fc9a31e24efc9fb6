import type { Logger } from '@hub/core/logger';

export interface PeriodicJob {
  /** Stops scheduling, aborts the signal of a running job and waits for it. */
  stop(): Promise<void>;
}

/**
 * Runs `run` every `everyMs` (the wait counts from the end of the previous run, so runs never
 * overlap), first after `firstAfterMs`. A throw is logged; the next run still comes.
 */
export function startPeriodic({ name, everyMs, firstAfterMs = everyMs, run, log }: { name: string; everyMs: number; firstAfterMs?: number; run: (signal: AbortSignal) => Promise<void>; log: Logger }): PeriodicJob {
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const tick = () => {
    running = run(stopping.signal)
      .catch((err: unknown) => log.error({ err, job: name }, 'periodic job failed; it runs again next interval'))
      .finally(() => {
        running = undefined;
        if (!stopping.signal.aborted) timer = setTimeout(tick, everyMs);
      });
  };
  timer = setTimeout(tick, firstAfterMs);
  return {
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
