import { z } from 'zod';
import { BaseEnv, JsonataEnv, parseEnv, RetentionEnv, type Env } from '@hub/core/config';
import { OutboundAllowedHosts } from '@hub/core/ssrf';
import { hubError } from '@hub/core/errors';

export const WorkerEnv = BaseEnv.extend({
  /**
   * Handlers at once per connector queue for connectors whose limit is neither declared nor in
   * hub.config.yaml (unset: 20). When set, also a cap on every connector's limit in this process.
   */
  HUB_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).optional(),
  /**
   * A process consuming several connectors (`hub up`) gives each its own database pool of this
   * many connections: a connector whose handlers hang in the database holds only these.
   */
  DATABASE_CONNECTOR_POOL_MAX: z.coerce.number().int().min(1).max(100).default(4),
  /** Hosts outbound calls may reach although they resolve to internal addresses: `host` (any port), `host:port`, `[ipv6]:port`, comma-separated. */
  HUB_OUTBOUND_ALLOWED_HOSTS: OutboundAllowedHosts,
  HUB_OUTBOUND_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  HUB_RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  HUB_RETRY_BASE_DELAY_MS: z.coerce.number().int().min(0).default(1_000),
  HUB_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(0).default(300_000),
  /** Port of the worker's /metrics (Prometheus); 0 turns it off. */
  HUB_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  HUB_METRICS_HOST: z.string().default('127.0.0.1'),
  /**
   * `on`: the queue consumers' SQS calls (receives, deletes, resends) run on a thread of their own,
   * beside the one that runs the handlers; `auto`: when the process has two cores or more to
   * itself (those it may use, divided among `hub worker --processes N`; docs/deploy.md, "The SQS
   * thread"). `hub up` defaults to `off`.
   */
  HUB_SQS_THREAD: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Long-poll wait; lower it in tests so a stopping worker drains fast. */
  HUB_RECEIVE_WAIT_S: z.coerce.number().int().min(0).max(20).default(20),
  /** Master keys of the credential store (`<id>:<base64 32 bytes>`, current first); unset: connectors that declare auth fail, saying so. */
  HUB_MASTER_KEYS: z.string().optional(),
  /** Which of a connector's `baseUrls` applies. */
  HUB_ENVIRONMENT: z.string().min(1).default('production'),
  /** Alerts to Slack: a bot token (chat:write) and the channel; both or neither. */
  HUB_ALERT_SLACK_TOKEN: z.string().optional(),
  HUB_ALERT_SLACK_CHANNEL: z.string().optional(),
  HUB_ALERT_SLACK_API_URL: z.url().default('https://slack.com/api'),
  /** Alerts to an outbound webhook, signed with HMAC-SHA256 of the secret; both or neither. */
  HUB_ALERT_WEBHOOK_URL: z.url().optional(),
  HUB_ALERT_WEBHOOK_SECRET: z.string().min(16).optional(),
  /** Base URL of the console, for the "Open in console" link of a Slack alert. */
  HUB_CONSOLE_URL: z.url().default('http://127.0.0.1:3000'),
  /** How often the alert rules are re-checked (circuit open, DLQ growing, recovery); 0 turns it off. */
  HUB_ALERT_EVALUATE_INTERVAL_MS: z.coerce.number().int().min(0).default(15_000),
  /** A failure alert resolves after this long without an occurrence and a success since. */
  HUB_ALERT_QUIET_MS: z.coerce.number().int().min(0).default(300_000),
  /** How often queued alert notifications are sent. */
  HUB_ALERT_DELIVERY_INTERVAL_MS: z.coerce.number().int().min(50).default(2_000),
  /** Anomaly detection (error rate, p95 latency, throughput per connector): every worker runs it, a Redis lease makes one replica detect. */
  HUB_ANOMALY_DETECTION: z.enum(['on', 'off']).default('on'),
  /** Length of one anomaly sample; the detector's thresholds were measured at 10 s (docs/anomaly-detection.md). */
  HUB_ANOMALY_INTERVAL_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  /**
   * An unfinished event whose next step is overdue by this long, with no lease live and no message
   * left in its queue, has stalled and is re-enqueued. Longer than a visibility timeout (a dead
   * worker's message comes back after it); the default waits out any healthy pause.
   */
  HUB_STALL_AFTER_S: z.coerce.number().int().min(2).max(86_400).default(300),
  /** How often each worker looks for stalled events of its connectors (one sweeper per connector at a time); 0 turns it off. */
  HUB_SWEEP_INTERVAL_S: z.coerce.number().int().min(0).max(3_600).default(30),
  HUB_ROLLUP_FOLD_INTERVAL_MS: z.coerce.number().int().min(0).max(600_000).default(1_000),
  /**
   * How often each worker empties the SQS DLQs of its connectors into the event store (messages SQS
   * redrove after maxReceiveCount receives: recorded as dead letters, reason redrive); 0 turns it off.
   */
  HUB_REDRIVE_DRAIN_INTERVAL_S: z.coerce.number().int().min(0).max(3_600).default(10),
  /** How often a worker runs retention (one run at a time across the fleet): rollups pruned, and with HUB_ARCHIVE_DIR old webhooks archived and deleted; 0 turns it off. */
  HUB_RETENTION_INTERVAL_S: z.coerce.number().int().min(0).max(7 * 86_400).default(3_600),
  /** How often running workflow canaries are judged by their guard (one check at a time across the fleet); 0 turns automatic rollback off. */
  HUB_CANARY_CHECK_INTERVAL_S: z.coerce.number().int().min(0).max(3_600).default(10),
  /** How often the queue depth, oldest pending age, rate-limit headroom and circuit state of each consumed connector are sampled for the console's charts (one replica per connector at a time); 0 turns it off. */
  HUB_HEALTH_SAMPLE_INTERVAL_S: z.coerce.number().int().min(0).max(3_600).default(15),
})
  .extend(RetentionEnv.shape)
  .extend(JsonataEnv.shape);
export type WorkerConfig = z.infer<typeof WorkerEnv> & {
  /** `<ID>_BASE_URL` variables: a connector's base URL overridden (tests point it at a simulator). */
  baseUrlOverrides: Readonly<Record<string, string>>;
};

export function loadConfig(env: Env): WorkerConfig {
  const baseUrlOverrides = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[0].endsWith('_BASE_URL') && Boolean(e[1])));
  const parsed = parseEnv(WorkerEnv, env);
  const halves = (a: string, b: string) => (Boolean(parsed[a as keyof typeof parsed]) !== Boolean(parsed[b as keyof typeof parsed]) ? [`  ${a} and ${b}: set both or neither`] : []);
  const problems = [...halves('HUB_ALERT_SLACK_TOKEN', 'HUB_ALERT_SLACK_CHANNEL'), ...halves('HUB_ALERT_WEBHOOK_URL', 'HUB_ALERT_WEBHOOK_SECRET')];
  if (parsed.HUB_STALL_AFTER_S <= parsed.HUB_VISIBILITY_TIMEOUT_S + parsed.HUB_RECEIVE_WAIT_S) {
    problems.push(`  HUB_STALL_AFTER_S: must exceed HUB_VISIBILITY_TIMEOUT_S + HUB_RECEIVE_WAIT_S (${parsed.HUB_VISIBILITY_TIMEOUT_S + parsed.HUB_RECEIVE_WAIT_S} s): a dead worker's message comes back only after its visibility timeout`);
  }
  if (problems.length > 0) throw hubError('HUB_CONFIG_INVALID', `invalid configuration:\n${problems.join('\n')}`, { details: { problems } });
  return Object.assign({}, parsed, { baseUrlOverrides });
}
