import { z } from 'zod';
import { BaseEnv, parseEnv, type Env } from '@hub/core/config';
import { OutboundAllowedHosts } from '@hub/core/ssrf';

export const ConsoleEnv = BaseEnv.extend({
  HUB_CONSOLE_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HUB_CONSOLE_HOST: z.string().default('127.0.0.1'),
  /** When set, every /api request needs `Authorization: Bearer <token>`. */
  HUB_CONSOLE_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  /** Hosts (or host:port) a workflow's forward step may name although they resolve to internal addresses (as the worker's setting). */
  HUB_OUTBOUND_ALLOWED_HOSTS: OutboundAllowedHosts,
});
export type ConsoleConfig = z.infer<typeof ConsoleEnv>;

export function loadConfig(env: Env): ConsoleConfig {
  return parseEnv(ConsoleEnv, env);
}
