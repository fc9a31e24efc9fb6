import { z } from 'zod';
import { BaseEnv, HttpServerEnv, MetricsEnv, parseEnv, readWebhookSecrets, RelayEnv, type Env } from '@hub/core/config';
import type { Connector } from '@hub/connector-sdk';
import { isAddressOrRange } from './refusals/source-key.js';

const commaList = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);
const AddressList = z
  .string()
  .transform(commaList)
  .refine((list) => list.every(isAddressOrRange), 'comma-separated IP addresses or CIDR ranges, e.g. 10.0.0.0/8,192.0.2.7');

export const IngressEnv = BaseEnv.extend(HttpServerEnv.shape).extend(RelayEnv.shape).extend(MetricsEnv.shape).extend({
  HUB_INGRESS_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** 0.0.0.0 in a container; loopback by default so a development hub is not exposed. */
  HUB_INGRESS_HOST: z.string().default('127.0.0.1'),
  /** Larger bodies are refused with 413 before they are buffered. */
  HUB_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  /** Group-commit flushes (transactions) running at once; each carries every webhook that arrived meanwhile. */
  HUB_INGEST_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(64).default(4),
  /** Run the outbox relay in this process (on by default; turn off to run it elsewhere). */
  HUB_RELAY: z.enum(['on', 'off']).default('on'),
  /** Reads per-account webhook secrets from the credential store (the workers' value). */
  HUB_MASTER_KEYS: z.string().optional(),
  /** How long per-account webhook secrets (and the list of accounts that have one) are reused. */
  HUB_ACCOUNT_SECRETS_CACHE_MS: z.coerce.number().int().min(0).max(30_000).default(30_000),
  /**
   * Refused requests (bad signature, unknown connector, oversized, malformed) one source address
   * may send per window before its requests are answered 429, unread. Verified deliveries never
   * count. 0 turns the limit off.
   */
  HUB_INGRESS_REFUSAL_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(60),
  HUB_INGRESS_REFUSAL_WINDOW_S: z.coerce.number().int().min(1).max(3_600).default(60),
  /** Sources the refusal limit never applies to (a health checker, your own scanner); a limited source's signed requests are verified anyway. */
  HUB_INGRESS_RATE_LIMIT_EXEMPT: AddressList.default([]),
  /**
   * Behind a load balancer: the proxies whose X-Forwarded-For is believed (addresses or CIDR
   * ranges), or how many hops. Off by default: the client is the socket's peer, and a header a
   * client can write never decides which address is counted.
   */
  HUB_INGRESS_TRUST_PROXY: z
    .string()
    .default('off')
    .transform((value, ctx) => {
      if (value === 'off') return false as const;
      if (/^\d{1,2}$/.test(value) && Number(value) > 0) return Number(value);
      const list = commaList(value);
      if (list.length > 0 && list.every(isAddressOrRange)) return list;
      ctx.addIssue({ code: 'custom', message: 'off, a hop count (1-99), or the proxies as comma-separated addresses / CIDR ranges (never "true": anyone could then pick their address)' });
      return z.NEVER;
    }),
});

export type IngressConfig = z.infer<typeof IngressEnv> & {
  /** Accepted secrets per connector id (several during a rotation). */
  webhookSecrets: Map<string, string[]>;
};

export function loadConfig(env: Env, connectors: Readonly<Record<string, Connector>>): IngressConfig {
  return Object.assign({}, parseEnv(IngressEnv, env), { webhookSecrets: readWebhookSecrets(env, Object.values(connectors)) });
}
