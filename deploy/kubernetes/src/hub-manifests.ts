import type { Connector } from '@hub/connector-sdk';
import type { Model } from '@kubernetes-models/base';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { consoleObjects } from './console-objects.js';
import type { DeploymentOptions } from './deployment-options.js';
import { ingressObjects } from './ingress-objects.js';
import { kedaAuthentication } from './keda-authentication.js';
import { migrateObjects } from './migrate-objects.js';
import { hubConfigMap } from './process-env.js';
import { relayObjects } from './relay-objects.js';
import { workerObjects } from './worker-objects.js';

/**
 * Every object of a hub deployment for these connectors (a catalog's, sorted by id), each
 * validated against its Kubernetes (or KEDA) schema: an invalid manifest is never written.
 * Connectors that receive webhooks get a worker; the others (`http`, …) are only called by them.
 */
export function hubManifests(connectors: readonly Connector[], options: DeploymentOptions): Model<unknown>[] {
  const webhookConnectors = connectors.filter((c) => c.webhook);
  const objects: Model<unknown>[] = [
    // The "restricted" Pod Security Standard is enforced: a pod that is not hardened is refused.
    new Namespace({ metadata: { name: options.namespace, labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' } } }),
    hubConfigMap(options),
    kedaAuthentication(options),
    ...migrateObjects(options),
    ...ingressObjects(options, webhookConnectors),
    ...relayObjects(options),
    ...consoleObjects(options),
    ...webhookConnectors.flatMap((c) => workerObjects(options, c)),
  ];
  for (const object of objects) object.validate();
  return objects;
}
