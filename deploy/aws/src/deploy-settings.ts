import { z } from 'zod';
import { BaseEnv, parseEnv } from '@hub/core/config';
import { hubError } from '@hub/core/errors';

const commaList = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);
const Cidr = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'an IPv4 CIDR range such as 203.0.113.0/24');
/** Context from `-c name=value` arrives as text; from cdk.json it may be a number or a boolean. */
const Int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const Flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const SecretArn = z.string().regex(/^arn:aws[\w-]*:secretsmanager:[\w-]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/, "a secret's complete ARN, with the 6-character suffix Secrets Manager adds");

/** Every context value the app reads (docs/deploy.md, "AWS (CDK)"), validated at once. */
export const DeployContext = z
  .object({
    /** Connector ids to deploy (comma-separated); unset: every installed connector. */
    connectors: z.string().transform(commaList).optional(),
    /** Tag of the hub and worker images. */
    imageTag: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/).default('latest'),
    /** Registry holding `hub` and `hub-worker-<id>` (e.g. ghcr.io/acme); unset: the ECR repositories of the IntegrationHubImages stack. */
    imageRegistry: z.string().regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/).optional(),
    /** An existing PostgreSQL instead of RDS: a secret whose value is the whole DATABASE_URL. */
    databaseSecretArn: SecretArn.optional(),
    /** An existing Redis instead of ElastiCache, without credentials (those belong in redisSecretArn). */
    redisUrl: z
      .url()
      .refine((url) => /^rediss?:/.test(url), 'a redis:// or rediss:// URL')
      .refine((url) => !new URL(url).password && !new URL(url).username, 'holds credentials: put the whole URL in a secret and pass redisSecretArn')
      .optional(),
    /** An existing Redis whose URL (with its password) is this secret's value. */
    redisSecretArn: SecretArn.optional(),
    /** HUB_MASTER_KEYS (`k1:<base64 of 32 bytes>`) from this secret; unset: no credential store (connectors that declare auth fail, saying so). */
    masterKeysSecretArn: SecretArn.optional(),
    /** ACM certificate: HTTPS on 443 (webhooks) and 8443 (console); unset: plain HTTP on 80 and 8080. */
    certificateArn: z.string().regex(/^arn:aws[\w-]*:acm:[\w-]+:\d{12}:certificate\/[\w-]+$/).optional(),
    /** Who may reach the console listener; unset: the VPC only (a VPN or bastion). */
    consoleAllowedCidrs: z.string().transform(commaList).pipe(z.array(Cidr)).optional(),
    queuePrefix: z.string().optional(),
    visibilityTimeoutSeconds: z.coerce.string().optional(),
    maxReceiveCount: z.coerce.string().optional(),
    /** Worker tasks per connector: at least one, so the backlog-per-task expression never divides by zero. */
    workerMinTasks: Int(1, 100).default(1),
    workerMaxTasks: Int(1, 500).default(10),
    /** Visible messages per running worker task the scaling policy keeps to. */
    backlogPerTask: Int(1, 100_000).default(100),
    /** Age of a queue's oldest message that raises its alarm. */
    oldestMessageAlarmSeconds: Int(60, 1_209_600).default(1_800),
    /** Subscribed to the alarm topic when set. */
    alarmEmail: z.email().optional(),
    databaseInstanceType: z.string().regex(/^[a-z0-9]+\.[a-z0-9]+$/).default('t4g.small'),
    multiAz: Flag.default(false),
    /** false on the first deploy: every service at 0 tasks until `hub migrate` has run (the MigrateCommand output). */
    startServices: Flag.default(true),
  })
  .refine((c) => c.workerMinTasks <= c.workerMaxTasks, { message: 'workerMinTasks exceeds workerMaxTasks', path: ['workerMinTasks'] })
  .refine((c) => !(c.redisUrl && c.redisSecretArn), { message: 'give redisUrl or redisSecretArn, not both', path: ['redisUrl'] });

export type DeployContext = z.infer<typeof DeployContext>;

export interface QueueSettings {
  /** HUB_QUEUE_PREFIX: queues are `<prefix><id>` and `<prefix><id>-dlq`. */
  prefix: string;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
}

export interface DeploySettings extends Omit<DeployContext, 'queuePrefix' | 'visibilityTimeoutSeconds' | 'maxReceiveCount'> {
  queues: QueueSettings;
}

/** Context keys the app reads; CDK's own keys (feature flags) are left alone. */
export const CONTEXT_KEYS = Object.keys(DeployContext.shape) as (keyof DeployContext)[];

/**
 * Validates the context. Queue settings go through the hub's own environment schema, so a
 * deployment accepts exactly the prefix, visibility and receive counts the processes accept.
 */
export function deploySettings(context: Readonly<Record<string, unknown>>): DeploySettings {
  const present = Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = DeployContext.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(context)'}: ${issue.message}`);
    throw hubError('HUB_DEPLOY_CONTEXT_INVALID', `invalid context:\n${problems.join('\n')}`, { details: { problems } });
  }
  const { queuePrefix, visibilityTimeoutSeconds, maxReceiveCount, ...rest } = parsed.data;
  const env = parseQueueEnv({ HUB_QUEUE_PREFIX: queuePrefix, HUB_VISIBILITY_TIMEOUT_S: visibilityTimeoutSeconds, HUB_MAX_RECEIVE_COUNT: maxReceiveCount });
  return { ...rest, queues: { prefix: env.HUB_QUEUE_PREFIX, visibilityTimeoutSeconds: env.HUB_VISIBILITY_TIMEOUT_S, maxReceiveCount: env.HUB_MAX_RECEIVE_COUNT } };
}

function parseQueueEnv(env: Record<string, string | undefined>) {
  try {
    return parseEnv(BaseEnv.pick({ HUB_QUEUE_PREFIX: true, HUB_VISIBILITY_TIMEOUT_S: true, HUB_MAX_RECEIVE_COUNT: true }), env);
  } catch (err) {
    throw hubError('HUB_DEPLOY_CONTEXT_INVALID', `invalid queue context (queuePrefix, visibilityTimeoutSeconds, maxReceiveCount): ${(err as Error).message}`, { cause: err });
  }
}
