import { z } from 'zod';
import { BaseEnv, parseEnv, type Env } from '@hub/core/config';

export const WorkerEnv = BaseEnv.extend({
  /** Handlers running at once per connector queue. */
  HUB_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(20),
  /** Hosts outbound calls may reach although they resolve to internal addresses (comma-separated names or IPs). */
  HUB_OUTBOUND_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((v) => new Set(v.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))),
  HUB_OUTBOUND_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  HUB_RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  HUB_RETRY_BASE_DELAY_MS: z.coerce.number().int().min(0).default(1_000),
  HUB_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(0).default(300_000),
  /** Port of the worker's /metrics (Prometheus); 0 turns it off. */
  HUB_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  HUB_METRICS_HOST: z.string().default('127.0.0.1'),
  /** Long-poll wait; lower it in tests so a stopping worker drains fast. */
  HUB_RECEIVE_WAIT_S: z.coerce.number().int().min(0).max(20).default(20),
});
export type WorkerConfig = z.infer<typeof WorkerEnv>;

export function loadConfig(env: Env): WorkerConfig {
  return parseEnv(WorkerEnv, env);
}
