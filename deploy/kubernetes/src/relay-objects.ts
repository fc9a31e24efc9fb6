import type { Model } from '@kubernetes-models/base';
import type { DeploymentOptions } from './deployment-options.js';
import { networkPolicy } from './network-policy.js';
import { httpProbe, hubImage } from './pod-template.js';
import { METRICS_PORT } from './ports.js';
import { secretEnv } from './process-env.js';
import { processObjects } from './process-objects.js';

/**
 * `hub relay`: moves outbox rows to the connectors' SQS queues (and creates missing queues).
 * Several run at once safely (rows are claimed under a lease), so a second replica is for
 * availability. It has no inbound traffic; its probes read /metrics, which answers while the
 * event loop turns.
 */
export function relayObjects(options: DeploymentOptions): Model<unknown>[] {
  const spec = {
    name: 'hub-relay',
    component: 'relay' as const,
    image: hubImage(options),
    args: ['relay'],
    ports: [{ name: 'metrics', containerPort: METRICS_PORT }],
    env: [{ name: 'HUB_METRICS_PORT', value: String(METRICS_PORT) }, secretEnv(options, 'DATABASE_URL')],
    probes: { liveness: httpProbe('/metrics', 'metrics', 10, 3), readiness: httpProbe('/metrics', 'metrics', 10, 2) },
    terminationGracePeriodSeconds: 30,
  };
  return [...processObjects(options, spec, options.relayReplicas), networkPolicy(options, spec.name, 'relay', { database: true, https: true, awsPodIdentity: true })];
}
