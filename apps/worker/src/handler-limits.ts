import type { HubConfig } from '@hub/core/routes';
import type { WorkerConfig } from './config.js';

/**
 * Handlers at once of a connector that declares no limit, when HUB_WORKER_CONCURRENCY is unset.
 * A message spends ~50 ms in its handler under load (batched reads and writes, the call): 20 slots
 * held a connector to ~400 events/s, and `hub up` under a flood to 366 delivered/s (100: 1,050/s;
 * docs/benchmarks.md). Providers stay protected by their declared rate limits (14 of the 15
 * connectors declare one); a target that must see fewer calls at once declares `concurrency`.
 */
export const DEFAULT_HANDLER_LIMIT = 100;

export interface HandlerLimit {
  connector: string;
  /** Webhooks of the connector this process handles at once. */
  limit: number;
  /** Where it is set: hub.config.yaml, the connector's declaration, or the worker's default. */
  from: 'hub.config.yaml' | 'declared' | 'HUB_WORKER_CONCURRENCY' | 'default';
  /** The configured or declared limit, when HUB_WORKER_CONCURRENCY capped it lower. */
  cappedFrom?: number;
}

/**
 * Each connector's own handler budget in this process: hub.config.yaml's `concurrency`, else the
 * declared one, else HUB_WORKER_CONCURRENCY (100 when unset). A HUB_WORKER_CONCURRENCY that is set
 * also caps the others, so a small machine can hold every connector down without editing the file.
 * Budgets are per connector, never one shared pool of slots: a slow connector saturating its own
 * leaves every other connector its slots.
 */
export function handlerLimits(config: Pick<WorkerConfig, 'HUB_WORKER_CONCURRENCY'>, hubConfig: Pick<HubConfig, 'concurrencyFor'>, connectorIds: readonly string[]): HandlerLimit[] {
  const ceiling = config.HUB_WORKER_CONCURRENCY;
  return connectorIds.map((connector) => {
    const set = hubConfig.concurrencyFor(connector);
    if (!set) return { connector, limit: ceiling ?? DEFAULT_HANDLER_LIMIT, from: ceiling === undefined ? 'default' : 'HUB_WORKER_CONCURRENCY' };
    if (ceiling !== undefined && ceiling < set.limit) return { connector, limit: ceiling, from: 'HUB_WORKER_CONCURRENCY', cappedFrom: set.limit };
    return { connector, limit: set.limit, from: set.from };
  });
}
