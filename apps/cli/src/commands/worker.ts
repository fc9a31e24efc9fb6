import cluster from 'node:cluster';
import type { Env } from '@hub/core/config';
import { hubError } from '@hub/core/errors';
import { createLogger } from '@hub/core/logger';
import { clusterMetrics, HubMetrics, serveMetrics, shareMetricsWithPrimary } from '@hub/core/metrics';
import { loadHubConfig } from '@hub/core/routes';
import { loadConfig } from '@hub/worker/config';
import { onShutdown } from '../shutdown.js';
import { installedConnectors } from '../installed-connectors.js';
import { superviseProcesses, WORKER_NAMES } from '../process-cluster.js';

/**
 * `hub worker --connector <id>`: the production shape, one process (container) per connector.
 * With `--processes N` (N > 1) this process is the primary of N worker processes consuming the
 * same queues (competing consumers: a machine with idle cores scales a connector without a
 * second command and a second metrics port).
 */
export async function runWorker(env: Env, connectorIds: string[], processes = 1): Promise<void> {
  const { connectors, list } = await installedConnectors(env);
  const consumable = list().filter((c) => c.webhook).map((c) => c.id);
  const unknown = connectorIds.filter((id) => !consumable.includes(id));
  if (connectorIds.length === 0 || unknown.length > 0) {
    throw hubError('HUB_CLI_USAGE', `${unknown.length ? `unknown connector ${unknown.join(', ')}; ` : ''}use --connector <id> with one of: ${consumable.join(', ')}`);
  }
  const config = loadConfig(env);
  // Read before any fork: a hub.config.yaml problem is reported once, not by every process as it crashes.
  const hubConfig = await loadHubConfig(config.HUB_CONFIG_FILE, connectors);
  if (processes > 1 && cluster.isPrimary) return runWorkerPrimary(config, connectorIds, processes);
  const root = createLogger({ service: 'worker', level: config.LOG_LEVEL });
  // Several processes write to one stream: each line says which one.
  const log = cluster.isWorker ? root.child({ pid: process.pid }) : root;
  // Imported here, not above: the primary of --processes N only checks and supervises, and holds
  // none of the worker's own modules (database, Redis and SQS clients, the processor).
  const [{ openHubResources }, { startWorker, useSqsThread }] = await Promise.all([import('@hub/core/runtime'), import('@hub/worker')]);
  // One of N processes: `auto` gives it the SQS thread only with two cores to itself. Two processes
  // on two cores delivered as much without it, for ~60 MB less each (docs/benchmarks.md).
  const ownConfig = processes > 1 ? { ...config, HUB_SQS_THREAD: useSqsThread(config.HUB_SQS_THREAD, undefined, processes) ? ('on' as const) : ('off' as const) } : config;
  const resources = openHubResources(config);
  const metrics = new HubMetrics('worker');
  const worker = await startWorker(ownConfig, resources, connectors, connectorIds, hubConfig, log, metrics);
  if (cluster.isWorker) shareMetricsWithPrimary(metrics);
  const endpoint = config.HUB_METRICS_PORT > 0 && cluster.isPrimary ? await serveMetrics(metrics, config.HUB_METRICS_PORT, config.HUB_METRICS_HOST) : undefined;
  log.info({ connectors: connectorIds, routes: hubConfig.routes.length, metrics: endpoint?.url }, 'worker consuming');
  onShutdown(async () => {
    await worker.stop();
    await endpoint?.close();
    await resources.close();
  }, log);
}

/** Called once the connectors, the environment and hub.config.yaml passed (every problem before any fork): serves the summed /metrics and supervises the processes. */
async function runWorkerPrimary(config: ReturnType<typeof loadConfig>, connectorIds: string[], processes: number): Promise<void> {
  const log = createLogger({ service: 'worker', level: config.LOG_LEVEL }).child({ pid: process.pid, role: 'primary' });
  const endpoint = config.HUB_METRICS_PORT > 0 ? await serveMetrics(clusterMetrics(), config.HUB_METRICS_PORT, config.HUB_METRICS_HOST) : undefined;
  log.info({ processes, connectors: connectorIds, metrics: endpoint?.url }, 'worker starting its processes');
  const code = await superviseProcesses(WORKER_NAMES, processes, log);
  await endpoint?.close();
  log.info({ code }, code === 0 ? 'worker stopped' : 'worker stopped after a failure');
  process.exit(code);
}
