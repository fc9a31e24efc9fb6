import type { Model } from '@kubernetes-models/base';
import type { DeploymentOptions } from './deployment-options.js';
import { networkPolicy } from './network-policy.js';
import { httpProbe, hubImage } from './pod-template.js';
import { CONSOLE_PORT } from './ports.js';
import { secretEnv } from './process-env.js';
import { clusterService, processObjects } from './process-objects.js';

/**
 * `hub console`: the API and web UI. It reads PostgreSQL and the queues' depths (SQS); it never
 * faces the internet itself (put an authenticating proxy or a private load balancer in front).
 */
export function consoleObjects(options: DeploymentOptions): Model<unknown>[] {
  const spec = {
    name: 'hub-console',
    component: 'console' as const,
    image: hubImage(options),
    args: ['console'],
    ports: [{ name: 'http', containerPort: CONSOLE_PORT }],
    env: [
      { name: 'HUB_CONSOLE_PORT', value: String(CONSOLE_PORT) },
      secretEnv(options, 'DATABASE_URL'),
      // The bootstrap operator token; named tokens (hub tokens create) live hashed in the database.
      secretEnv(options, 'HUB_CONSOLE_TOKEN', { optional: true }),
    ],
    probes: { liveness: httpProbe('/healthz', 'http', 10, 3), readiness: httpProbe('/healthz', 'http', 5, 2) },
    terminationGracePeriodSeconds: 30,
    preStopSleepSeconds: 5,
  };
  return [...processObjects(options, spec, options.consoleReplicas), clusterService(options, spec), networkPolicy(options, spec.name, 'console', { database: true, https: true, awsPodIdentity: true }, CONSOLE_PORT)];
}
