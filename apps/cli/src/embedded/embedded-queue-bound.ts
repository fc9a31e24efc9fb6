import type { Env } from '@hub/core/config';

/** The relay's depth bound with the embedded SQS emulator: ~2 s of a worker's work on the 2-core machine. */
export const EMBEDDED_QUEUE_DEPTH = 2000;

/**
 * The environment of a `hub up` that runs the SQS emulator in its own process, whose queues then
 * live in that process's memory: unless the operator set HUB_RELAY_MAX_QUEUE_DEPTH (0 included),
 * the relay keeps a backlog in the outbox, in PostgreSQL, rather than in those queues.
 */
export function withEmbeddedQueueBound(env: Env): Env {
  return env.HUB_RELAY_MAX_QUEUE_DEPTH === undefined ? { ...env, HUB_RELAY_MAX_QUEUE_DEPTH: String(EMBEDDED_QUEUE_DEPTH) } : env;
}
