import { z } from 'zod';

/** Where a process serves its /metrics (Prometheus): never on a public port. */
export const MetricsEnv = z.object({
  /** Port of this process's /metrics, apart from any public port; 0 turns it off. */
  HUB_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Bind address of /metrics: loopback unless a scraper on another host needs it (then firewall it). */
  HUB_METRICS_HOST: z.string().default('127.0.0.1'),
});
