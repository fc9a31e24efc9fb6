import { inject } from 'vitest';
import type { HubMetrics } from '@hub/core/metrics';
import type { Connector } from '@hub/connector-sdk';
import type { Logger } from '@hub/core/logger';
import { connectors as repoConnectors } from './repo-connectors.js';
import { buildApp as buildConsole } from '@hub/console';
import { WebhookIngestor } from '@hub/core/event-store';
import { OutboxRelay } from '@hub/core/outbox';
import { compileHubConfig, type ConnectorOverridesInput, type RouteConfig } from '@hub/core/routes';
import { openHubResources, type HubResources } from '@hub/core/runtime';
import { buildApp as buildIngress } from '@hub/ingress';
import { loadConfig as loadWorkerConfig, startWorker, type RunningWorker } from '@hub/worker';
import { testLogger as silentLogger } from './silent-logger.js';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from './test-database.js';

export interface TestHub {
  db: TestDatabase;
  env: Record<string, string>;
  resources: HubResources;
  ingress: ReturnType<typeof buildIngress>;
  console: ReturnType<typeof buildConsole>;
  relay: OutboxRelay;
  worker: RunningWorker | undefined;
  stop(): Promise<void>;
}

export interface TestHubOptions {
  label: string;
  routes?: RouteConfig[];
  /** hub.config.yaml's per-connector overrides (rate limits). */
  connectorOverrides?: ConnectorOverridesInput;
  secrets?: Record<string, string>;
  /** Extra environment for the worker (retry policy, visibility, ...). */
  env?: Record<string, string>;
  /** Start an in-process worker for these connectors (default: stripe). Empty: no worker. */
  workerConnectors?: string[];
  /** The console API's bootstrap operator token (HUB_CONSOLE_TOKEN); without one the console reads on loopback only, as in development. */
  consoleToken?: string;
  /** Start the outbox relay now (default true); otherwise call hub.relay.start() later. */
  relay?: boolean;
  /** Connectors defined in the test, installed next to the repository's (they may be in workerConnectors). */
  extraConnectors?: Record<string, Connector>;
  /** Where the hub logs (default: silent unless HUB_TEST_LOG). */
  log?: Logger;
  /** One registry for ingress and worker, as `hub up` has. */
  metrics?: HubMetrics;
}

/** The whole hub in this process, on its own schema and queue names. */
export async function startTestHub(options: TestHubOptions): Promise<TestHub> {
  const db = await createTestDatabase(options.label);
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    DATABASE_SCHEMA: db.schema,
    SQS_ENDPOINT: inject('sqsEndpoint'),
    HUB_QUEUE_PREFIX: testQueuePrefix(options.label),
    HUB_VISIBILITY_TIMEOUT_S: '5',
    HUB_RECEIVE_WAIT_S: '1',
    HUB_RETRY_BASE_DELAY_MS: '200',
    HUB_RETRY_MAX_DELAY_MS: '1000',
    LOG_LEVEL: 'silent',
    // The downstream simulators listen on loopback, which the SSRF guard otherwise refuses.
    HUB_OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
    // Several worker processes run side by side in tests: no fixed metrics port.
    HUB_METRICS_PORT: '0',
    ...options.env,
  };
  const config = loadWorkerConfig(env);
  const connectors: Record<string, Connector> = { ...repoConnectors, ...options.extraConnectors };
  const testLogger = options.log ?? silentLogger;
  const resources = openHubResources(config);
  const hubConfig = compileHubConfig({ routes: options.routes ?? [], connectors: options.connectorOverrides ?? {} }, connectors);
  const relay = new OutboxRelay({ pool: resources.pool, queues: resources.queues, log: testLogger, pollIntervalMs: 100 });
  const ingress = buildIngress({
    connectors,
    webhookSecrets: new Map(Object.entries(options.secrets ?? {}).map(([id, secret]) => [id, [secret]])),
    ingestor: new WebhookIngestor(resources.pool, { onQueued: () => relay.wake() }),
    pool: resources.pool,
    bodyLimit: 1024 * 1024,
    log: testLogger,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  const consoleApp = buildConsole({ store: resources.store, queues: resources.queues, connectors, log: testLogger, access: { bootstrapToken: options.consoleToken, openReadsWithoutCredential: true } });
  if (options.relay !== false) await relay.start();
  const workerConnectors = options.workerConnectors ?? ['stripe'];
  const worker = workerConnectors.length > 0 ? await startWorker(config, resources, connectors, workerConnectors, hubConfig, testLogger, options.metrics) : undefined;
  return {
    db,
    env,
    resources,
    ingress,
    console: consoleApp,
    relay,
    worker,
    async stop() {
      await ingress.close();
      await consoleApp.close();
      await worker?.stop();
      await relay.stop();
      await resources.close();
      await db.drop();
    },
  };
}
