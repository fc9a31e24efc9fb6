import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { DeploymentOptions } from './deployment-options.js';
import { labelsOf, selectorOf } from './labels.js';
import { podTemplate, type ProcessSpec } from './pod-template.js';

/**
 * A long-running process: its ServiceAccount (no API token mounted; an IAM role is attached
 * to it by EKS Pod Identity or IRSA), its Deployment and a PodDisruptionBudget. `replicas`
 * undefined leaves the count to an autoscaler (KEDA), so `kubectl apply` does not fight it.
 */
export function processObjects(options: DeploymentOptions, spec: ProcessSpec, replicas: number | undefined): [ServiceAccount, Deployment, PodDisruptionBudget] {
  const metadata = { name: spec.name, namespace: options.namespace, labels: labelsOf(spec.name, spec.component, spec.connector) };
  return [
    new ServiceAccount({ metadata, automountServiceAccountToken: false }),
    new Deployment({
      metadata,
      spec: {
        ...(replicas === undefined ? {} : { replicas }),
        selector: { matchLabels: selectorOf(spec.name) },
        // A new pod is ready before an old one goes: the process count never drops during a rollout.
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        template: podTemplate(options, spec),
      },
    }),
    // One pod at a time may be evicted by a node drain.
    new PodDisruptionBudget({ metadata, spec: { maxUnavailable: 1, selector: { matchLabels: selectorOf(spec.name) } } }),
  ];
}

/** A ClusterIP Service on port 80 to the process's named `http` port; exposing it (LB, Ingress) is the operator's choice. */
export function clusterService(options: DeploymentOptions, spec: ProcessSpec): Service {
  return new Service({
    metadata: { name: spec.name, namespace: options.namespace, labels: labelsOf(spec.name, spec.component) },
    spec: { type: 'ClusterIP', selector: selectorOf(spec.name), ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
  });
}
