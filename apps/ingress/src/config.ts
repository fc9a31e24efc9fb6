import { z } from 'zod';
import { BaseEnv, parseEnv, readWebhookSecrets, type Env } from '@hub/core/config';
import type { Connector } from '@hub/connector-sdk';

export const IngressEnv = BaseEnv.extend({
  HUB_INGRESS_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** 0.0.0.0 in a container; loopback by default so a development hub is not exposed. */
  HUB_INGRESS_HOST: z.string().default('127.0.0.1'),
  /** Larger bodies are refused with 413 before they are buffered. */
  HUB_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  /** Group-commit flushes (transactions) running at once; each carries every webhook that arrived meanwhile. */
  HUB_INGEST_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(64).default(4),
  /** Port of this process's /metrics (Prometheus), apart from the public webhook port; 0 turns it off. */
  HUB_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Bind address of /metrics: loopback unless a scraper on another host needs it (then firewall it). */
  HUB_METRICS_HOST: z.string().default('127.0.0.1'),
  /** Run the outbox relay in this process (on by default; turn off to run it elsewhere). */
  HUB_RELAY: z.enum(['on', 'off']).default('on'),
});

export type IngressConfig = z.infer<typeof IngressEnv> & {
  /** Accepted secrets per connector id (several during a rotation). */
  webhookSecrets: Map<string, string[]>;
};

export function loadConfig(env: Env, connectors: Readonly<Record<string, Connector>>): IngressConfig {
  return { ...parseEnv(IngressEnv, env), webhookSecrets: readWebhookSecrets(env, Object.values(connectors)) };
}
