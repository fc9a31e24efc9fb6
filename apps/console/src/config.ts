import { z } from 'zod';
import { BaseEnv, HttpServerEnv, JsonataEnv, parseEnv, type Env } from '@hub/core/config';
import { OutboundAllowedHosts } from '@hub/core/ssrf';

export const ConsoleEnv = BaseEnv.extend(HttpServerEnv.shape).extend(JsonataEnv.shape).extend({
  HUB_CONSOLE_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HUB_CONSOLE_HOST: z.string().default('127.0.0.1'),
  /**
   * The bootstrap operator token (no database row): every /api request may send it as
   * `Authorization: Bearer <token>`. Named tokens (`hub tokens create`) are the everyday keys.
   */
  HUB_CONSOLE_TOKEN: z.string().min(32, 'at least 32 characters (openssl rand -base64 32)').optional(),
  /** `production`: the console refuses to start without a credential and never opens reads to loopback. */
  NODE_ENV: z.string().optional(),
  /** Hosts (or host:port) a workflow's forward step may name although they resolve to internal addresses (as the worker's setting). */
  HUB_OUTBOUND_ALLOWED_HOSTS: OutboundAllowedHosts,
});
export type ConsoleConfig = z.infer<typeof ConsoleEnv>;

export function loadConfig(env: Env): ConsoleConfig {
  return parseEnv(ConsoleEnv, env);
}

/** Who may use the API, from the configuration: production never opens reads without a credential. */
export function consoleAccess(config: Pick<ConsoleConfig, 'HUB_CONSOLE_TOKEN' | 'NODE_ENV'>): { bootstrapToken: string | undefined; openReadsWithoutCredential: boolean } {
  return { bootstrapToken: config.HUB_CONSOLE_TOKEN, openReadsWithoutCredential: config.NODE_ENV !== 'production' };
}
