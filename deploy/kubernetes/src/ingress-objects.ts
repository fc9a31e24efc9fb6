import type { Connector } from '@hub/connector-sdk';
import type { Model } from '@kubernetes-models/base';
import type { DeploymentOptions } from './deployment-options.js';
import { networkPolicy } from './network-policy.js';
import { httpProbe, hubImage, type ProcessSpec } from './pod-template.js';
import { INGRESS_PORT, METRICS_PORT } from './ports.js';
import { secretEnv } from './process-env.js';
import { clusterService, processObjects } from './process-objects.js';

/**
 * `hub ingress` with HUB_RELAY=off (the relay is a Deployment of its own): it needs only
 * PostgreSQL, and every webhook connector's secret. /readyz checks the database, so a pod that
 * cannot store webhooks gets no traffic; /healthz only says the process answers.
 */
export function ingressObjects(options: DeploymentOptions, webhookConnectors: readonly Connector[]): Model<unknown>[] {
  const spec: ProcessSpec = {
    name: 'hub-ingress',
    component: 'ingress',
    image: hubImage(options),
    args: ['ingress'],
    ports: [{ name: 'http', containerPort: INGRESS_PORT }, { name: 'metrics', containerPort: METRICS_PORT }],
    env: [
      { name: 'HUB_RELAY', value: 'off' },
      { name: 'HUB_INGRESS_PORT', value: String(INGRESS_PORT) },
      { name: 'HUB_METRICS_PORT', value: String(METRICS_PORT) },
      secretEnv(options, 'DATABASE_URL'),
      // Per-account webhook secrets of multi-account connectors live encrypted in the database.
      secretEnv(options, 'HUB_MASTER_KEYS', { optional: true }),
      // Without its secret a connector answers 503 and accepts nothing unverified.
      ...webhookConnectors.map((c) => secretEnv(options, c.secretEnvName, { optional: true })),
    ],
    probes: { liveness: httpProbe('/healthz', 'http', 10, 3), readiness: httpProbe('/readyz', 'http', 5, 2) },
    terminationGracePeriodSeconds: 30,
    preStopSleepSeconds: 5,
  };
  return [...processObjects(options, spec, options.ingressReplicas), clusterService(options, spec), networkPolicy(options, spec.name, 'ingress', { database: true }, INGRESS_PORT)];
}
