import { z } from 'zod';

/** The outbox relay's settings, shared by the ingress (HUB_RELAY=on), `hub up` and `hub relay` (docs/reliability.md). */
export const RelayEnv = z.object({
  /**
   * How long a relay holds the outbox rows it claimed. A relay that dies mid-send leaves its rows to
   * another relay after this; its own SQS sends are cut off at half of it, so a live relay finishes
   * (or gives up) well inside its claim and no second relay sends the same rows meanwhile.
   */
  HUB_RELAY_LEASE_MS: z.coerce
    .number()
    .int()
    .min(2_000, 'at least 2000: a send to SQS must fit in half the lease')
    .max(600_000, 'at most 600000: a crashed relay holds its rows this long')
    .default(10_000),
  /**
   * Visible messages a connector's queue may hold before the relay stops sending it more: the
   * rest wait in the outbox, in PostgreSQL, until the worker has taken some. 0: no bound
   * (SQS holds any backlog). `hub up` sets 2000 when it runs the SQS emulator in its own process,
   * whose queues live in that process's memory.
   */
  HUB_RELAY_MAX_QUEUE_DEPTH: z.coerce.number().int().min(0).max(1_000_000, 'at most 1000000 (0: no bound)').default(0),
});
export type RelayConfig = z.infer<typeof RelayEnv>;
