import { TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication';
import type { DeploymentOptions } from './deployment-options.js';
import { labelsOf } from './labels.js';

export const KEDA_AUTHENTICATION_NAME = 'hub-keda-aws';

/**
 * How KEDA reads the queues' lengths: with the KEDA operator's own AWS identity (pod identity,
 * no access key anywhere). That role needs sqs:GetQueueAttributes on the hub's queues only.
 */
export function kedaAuthentication(options: DeploymentOptions): TriggerAuthentication {
  return new TriggerAuthentication({
    metadata: { name: KEDA_AUTHENTICATION_NAME, namespace: options.namespace, labels: labelsOf(KEDA_AUTHENTICATION_NAME) },
    spec: { podIdentity: { provider: 'aws' } },
  });
}
