import { z } from 'zod';
import { hubError } from '../errors/index.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** Settings every hub process shares. Apps extend this in their own config.ts. */
export const BaseEnv = z.object({
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/hub'),
  /** PostgreSQL schema holding the hub's tables (tests use one schema per file). */
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL identifier').default('hub'),
  /** Role the application runs as (SET ROLE): it may not UPDATE or DELETE events. `none` to skip. */
  DATABASE_APP_ROLE: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a role name, or none').default('hub_app'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Unset: `hub up` starts an SQS emulator on loopback. */
  SQS_ENDPOINT: z.string().url().optional(),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** Queue names are `<prefix><connector>` and `<prefix><connector>-dlq`. */
  HUB_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{0,40}$/).default('hub-'),
  /** Message visibility while a handler runs; extended at half-time, so a slow handler keeps its message. */
  HUB_VISIBILITY_TIMEOUT_S: z.coerce.number().int().min(1).max(43_200).default(30),
  /** Receives before SQS itself moves a message to the DLQ (a handler that keeps crashing). */
  HUB_MAX_RECEIVE_COUNT: z.coerce.number().int().min(1).max(1000).default(10),
  /** Routes file: which event triggers which action. */
  HUB_CONFIG_FILE: z.string().default('hub.config.yaml'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type BaseConfig = z.infer<typeof BaseEnv>;

/** Parses the environment once; every problem is reported together. */
export function parseEnv<S extends z.ZodType>(schema: S, env: Env): z.infer<S> {
  // `VAR=` (set but empty, common in compose files) means "not set": the default applies.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw hubError('HUB_CONFIG_INVALID', `invalid configuration:\n${problems.join('\n')}`, { details: { problems } });
}

export { MIN_WEBHOOK_KEY_BYTES, readWebhookSecrets, splitSecrets, weakWebhookSecretProblem, type WebhookSecretOwner } from './webhook-secrets.js';
export { fastifyServerLimits, HttpServerEnv, httpServerLimits, type HttpServerConfig, type HttpServerLimits } from './http-server-env.js';
export { MIN_RETENTION_DAYS, RetentionEnv, type RetentionConfig } from './retention-env.js';
export { RelayEnv, type RelayConfig } from './relay-env.js';
export { MetricsEnv } from './metrics-env.js';
export { JsonataEnv, jsonataLimits, type JsonataConfig } from './jsonata-env.js';
export { ALL_IN_ONE_HEAP_GROWING_PERCENT, applyHeapPolicy, HeapEnv } from './heap-env.js';
