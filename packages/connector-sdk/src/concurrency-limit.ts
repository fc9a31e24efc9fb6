import { z } from 'zod';

const HOW = 'a whole number of handlers from 1 to 500, e.g. `concurrency: 5`';

/**
 * How many of a connector's webhooks one worker process handles at once. A handler makes its
 * outbound calls one after another, so this is also the most calls its webhooks have in flight
 * from that process. Declared by the connector, overridden in hub.config.yaml
 * (`connectors.<id>.concurrency`); connectors that declare none get HUB_WORKER_CONCURRENCY (100).
 */
export const ConcurrencyLimit = z
  .number({ error: HOW })
  .int({ error: HOW })
  .min(1, { error: 'at least 1 (to stop handling a connector, leave it out of HUB_CONNECTORS)' })
  .max(500, { error: 'at most 500 handlers per process; for more, run more worker processes of the connector' })
  .describe("handlers of this connector's webhooks one worker process runs at once (1-500)");
export type ConcurrencyLimit = z.infer<typeof ConcurrencyLimit>;

/** Why a connector without a webhook cannot have a concurrency limit, and what to do. */
export function concurrencyWithoutWebhook(id: string): string {
  return `concurrency limits the handlers of ${id}'s webhooks, and ${id} has no webhook: remove concurrency (calls to ${id} are paced by rateLimit)`;
}
