import cluster from 'node:cluster';
import type { Env } from '@hub/core/config';
import { createLogger } from '@hub/core/logger';
import { clusterMetrics, HubMetrics, serveMetrics, shareMetricsWithPrimary } from '@hub/core/metrics';
import { loadConfig } from '@hub/ingress/config';
import { INGRESS_NAMES, superviseProcesses } from '../process-cluster.js';
import { onShutdown } from '../shutdown.js';
import { installedConnectors } from '../installed-connectors.js';

/**
 * `hub ingress`: the webhook receiver and the outbox relay, without workers. With
 * `--processes N` (N > 1) this process is the primary of N ingress processes on one port.
 */
export async function runIngress(env: Env, processes = 1): Promise<void> {
  if (processes > 1 && cluster.isPrimary) return runIngressPrimary(env, processes);
  const { connectors } = await installedConnectors(env);
  const config = loadConfig(env, connectors);
  const root = createLogger({ service: 'ingress', level: config.LOG_LEVEL });
  // Several processes write to one stream: each line says which one.
  const log = cluster.isWorker ? root.child({ pid: process.pid }) : root;
  // Imported here, not above: the primary of --processes N only checks and supervises, and holds
  // none of the ingress's own modules (the HTTP server, the database and SQS clients, the relay).
  const [{ openHubResources }, { startIngress }] = await Promise.all([import('@hub/core/runtime'), import('@hub/ingress')]);
  const resources = openHubResources(config);
  const metrics = new HubMetrics('ingress');
  const ingress = await startIngress(config, resources, connectors, log, metrics);
  if (cluster.isWorker) shareMetricsWithPrimary(metrics);
  const endpoint = config.HUB_METRICS_PORT > 0 && cluster.isPrimary ? await serveMetrics(metrics, config.HUB_METRICS_PORT, config.HUB_METRICS_HOST) : undefined;
  log.info({ url: ingress.url, metrics: endpoint?.url }, 'ingress listening');
  onShutdown(async () => {
    await ingress.stop();
    await endpoint?.close();
    await resources.close();
  }, log);
}

/** The primary checks the configuration once (every problem before any fork), serves the summed /metrics and supervises the workers. */
async function runIngressPrimary(env: Env, processes: number): Promise<void> {
  const { connectors } = await installedConnectors(env);
  const config = loadConfig(env, connectors);
  const log = createLogger({ service: 'ingress', level: config.LOG_LEVEL }).child({ pid: process.pid, role: 'primary' });
  const endpoint = config.HUB_METRICS_PORT > 0 ? await serveMetrics(clusterMetrics(), config.HUB_METRICS_PORT, config.HUB_METRICS_HOST) : undefined;
  log.info({ processes, metrics: endpoint?.url }, 'ingress starting its processes');
  const code = await superviseProcesses(INGRESS_NAMES, processes, log);
  await endpoint?.close();
  log.info({ code }, code === 0 ? 'ingress stopped' : 'ingress stopped after a failure');
  process.exit(code);
}
