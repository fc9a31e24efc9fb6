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
});
export type RelayConfig = z.infer<typeof RelayEnv>;
