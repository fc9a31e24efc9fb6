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
  /** Master keys of the credential store (`<id>:<base64 32 bytes>`, current first); unset: connectors that declare auth fail, saying so. */
  HUB_MASTER_KEYS: z.string().optional(),
  /** Which of a connector's `baseUrls` applies. */
  HUB_ENVIRONMENT: z.string().min(1).default('production'),
});
export type WorkerConfig = z.infer<typeof WorkerEnv> & {
  /** `<ID>_BASE_URL` variables: a connector's base URL overridden (tests point it at a simulator). */
  baseUrlOverrides: Readonly<Record<string, string>>;
};

export function loadConfig(env: Env): WorkerConfig {
  const baseUrlOverrides = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[0].endsWith('_BASE_URL') && Boolean(e[1])));
  return { ...parseEnv(WorkerEnv, env), baseUrlOverrides };
}
