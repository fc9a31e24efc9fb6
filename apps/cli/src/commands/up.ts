import { z } from 'zod';
import { parseEnv, type Env } from '@hub/core/config';
import { createLogger } from '@hub/core/logger';
import { HubMetrics, serveMetrics } from '@hub/core/metrics';
import { loadHubConfig } from '@hub/core/routes';
import { openHubResources } from '@hub/core/runtime';
import { loadConfig as loadConsoleConfig, startConsole } from '@hub/console';
import { loadConfig as loadIngressConfig, startIngress } from '@hub/ingress';
import { loadConfig as loadWorkerConfig, startWorker } from '@hub/worker';
import { startDemoSink } from '../demo-sink.js';
import { embedLocalServices, type LocalServices } from '../embedded/local-services.js';
import { withEmbeddedQueueBound } from '../embedded/embedded-queue-bound.js';
import { startEmbeddedSqs, type EmbeddedSqs } from '../embedded/embedded-sqs.js';
import { withDevMasterKey, withDevSecrets, DEV_SECRETS_FILE } from '../dev-secrets.js';
import { onShutdown } from '../shutdown.js';
import { runMigrate } from './migrate.js';
import { installedConnectors } from '../installed-connectors.js';
import { SLACK_REQUIRED, slackConfigured, startSlack } from '../start-slack.js';

export const UpEnv = z.object({
  /** Port of the embedded SQS emulator, started when SQS_ENDPOINT is unset. */
  HUB_SQS_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(4566),
  NODE_ENV: z.string().optional(),
  /** Development: a loopback endpoint on this port receives what the sample route sends. 0 turns it off. */
  HUB_DEMO_SINK_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
});

/**
 * `hub up`: the whole hub in one process for development and small installs. PostgreSQL and
 * Redis not configured and not found at their default addresses are embedded (local-services).
 */
export async function runUp(baseEnv: Env, print: (line: string) => void = console.log): Promise<void> {
  const upConfig = parseEnv(UpEnv, baseEnv);
  const local = await embedLocalServices(baseEnv, print);
  try {
    await startAll(upConfig, local, print);
  } catch (err) {
    // Nothing of ours may outlive a failed start: the embedded server would hold its port and data directory.
    await local.stop();
    throw err;
  }
}

async function startAll(upConfig: z.infer<typeof UpEnv>, local: LocalServices, print: (line: string) => void): Promise<void> {
  const catalog = await installedConnectors(local.env);
  const { connectors } = catalog;
  let env: Env = local.env;
  let emulator: EmbeddedSqs | undefined;
  if (!env.SQS_ENDPOINT) {
    emulator = await startEmbeddedSqs(upConfig.HUB_SQS_EMULATOR_PORT);
    env = withEmbeddedQueueBound({ ...env, SQS_ENDPOINT: emulator.endpoint });
    const bound = Number(env.HUB_RELAY_MAX_QUEUE_DEPTH) > 0 ? `; up to ${env.HUB_RELAY_MAX_QUEUE_DEPTH} messages a queue, a backlog waits in the outbox` : '';
    print(`SQS emulator (fauxqs) on ${env.SQS_ENDPOINT} (set SQS_ENDPOINT to use SQS)${bound}`);
  }
  let sink: Awaited<ReturnType<typeof startDemoSink>> | undefined;
  if (upConfig.NODE_ENV !== 'production') {
    const dev = await withDevSecrets(env, catalog.list());
    env = dev.env;
    if (dev.generated.length > 0) print(`development webhook secrets written to ${DEV_SECRETS_FILE}: ${dev.generated.join(', ')}`);
    const master = await withDevMasterKey(env);
    env = master.env;
    if (master.generated) print(`development credential master key written to ${DEV_SECRETS_FILE} (HUB_MASTER_KEYS)`);
    if (upConfig.HUB_DEMO_SINK_PORT > 0) {
      sink = await startDemoSink(upConfig.HUB_DEMO_SINK_PORT, print);
      // Development only: routes may deliver to the demo sink, and to no other local port (the
      // console, the SQS emulator and Redis stay out of a workflow's reach).
      env = { ...env, HUB_OUTBOUND_ALLOWED_HOSTS: [env.HUB_OUTBOUND_ALLOWED_HOSTS, new URL(sink.url).host].filter(Boolean).join(',') };
    }
  }
  await runMigrate(env, print);

  const ingressConfig = loadIngressConfig(env, connectors);
  // One thread unless asked: a second one for SQS added ~65 MB (over the all-in-one memory
  // target) and delivered no more on a machine whose cores the flood already fills (docs/benchmarks.md).
  const workerConfig = loadWorkerConfig({ HUB_SQS_THREAD: 'off', ...env });
  const consoleConfig = loadConsoleConfig(env);
  const log = createLogger({ service: 'hub', level: ingressConfig.LOG_LEVEL });
  const hubConfig = await loadHubConfig(workerConfig.HUB_CONFIG_FILE, connectors);
  const resources = openHubResources(ingressConfig);
  const consumed = catalog.list().filter((c) => c.webhook).map((c) => c.id);

  // The console first: in production without a credential it refuses to start, and nothing else should be running then.
  const consoleApp = await startConsole(consoleConfig, resources, connectors, log.child({ part: 'console' }));
  // One registry for the whole process, on its own port (never the public ingress port).
  const metrics = new HubMetrics('hub');
  const ingress = await startIngress(ingressConfig, resources, connectors, log.child({ part: 'ingress' }), metrics);
  const worker = await startWorker(workerConfig, resources, connectors, consumed, hubConfig, log.child({ part: 'worker' }), metrics);
  const metricsEndpoint = workerConfig.HUB_METRICS_PORT > 0 ? await serveMetrics(metrics, workerConfig.HUB_METRICS_PORT, workerConfig.HUB_METRICS_HOST) : undefined;
  // The Slack app joins when it can answer: a workspace's signing secret, bot token and team id.
  const slack = slackConfigured(env) ? await startSlack(env, catalog, resources, log.child({ part: 'slack' })) : undefined;

  for (const line of local.lines) print(line);
  print(`ingress   ${ingress.url}/webhooks/<connector>`);
  print(`console   ${consoleApp.url}/`);
  print(
    consoleApp.access === 'tokens'
      ? 'api       every /api request needs a token (hub tokens create <name> --role viewer|operator)'
      : 'api       development: reads open to this machine only until a token exists; writes need one: hub tokens create <name> --role operator',
  );
  print(`metrics   ${metricsEndpoint?.url ?? 'off (HUB_METRICS_PORT=0)'}`);
  // Each connector's own handler budget (and, several connectors here, its own small database pool).
  print(`workers   ${worker.limits.map((l) => `${l.connector} ×${l.limit}`).join(', ')} (${hubConfig.routes.length} routes from ${workerConfig.HUB_CONFIG_FILE})`);
  if (slack) print(`slack     ${slack.app.mode === 'socket' ? 'Socket Mode' : `${slack.app.url}/slack/events`}`);
  else print(`slack     off (set ${SLACK_REQUIRED.join(', ')} to start the Slack app; docs/slack.md)`);
  if (sink) print(`demo sink ${sink.url} (stands in for your system; HUB_DEMO_SINK_PORT=0 turns it off)`);
  print(`try it    npm run hub -- send-test stripe payment_intent.succeeded`);

  onShutdown(async () => {
    await ingress.stop();
    await worker.stop();
    await consoleApp.stop();
    await metricsEndpoint?.close();
    await slack?.stop();
    await resources.close();
    await emulator?.stop();
    await sink?.stop();
    await local.stop();
  }, log);
}
