import type { Connector } from '@hub/connector-sdk';
import { queueNames } from '@hub/core/queue';
import { DEFAULT_HANDLER_LIMIT } from '@hub/worker';
import type { Model } from '@kubernetes-models/base';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import type { DeploymentOptions } from './deployment-options.js';
import { KEDA_AUTHENTICATION_NAME } from './keda-authentication.js';
import { labelsOf } from './labels.js';
import { networkPolicy } from './network-policy.js';
import { httpProbe, workerImage, type ProcessSpec } from './pod-template.js';
import { METRICS_PORT } from './ports.js';
import { secretEnv } from './process-env.js';
import { processObjects } from './process-objects.js';

/** The URL of a connector's queue, named as the hub names it (`queueNames`: `<prefix><connector>`). */
export function queueUrl(options: DeploymentOptions, connector: string): string {
  return `https://sqs.${options.awsRegion}.amazonaws.com/${options.awsAccountId}/${queueNames(options.queuePrefix, connector).main}`;
}

/**
 * `hub worker --connector <id>` from that connector's image, scaled by KEDA on its queue. The
 * target per replica is the connector's handler budget (its declared `concurrency`, else the
 * worker's default): one replica is meant to hold that many messages in flight.
 */
export function workerObjects(options: DeploymentOptions, connector: Connector): Model<unknown>[] {
  const name = `hub-worker-${connector.id}`;
  const spec: ProcessSpec = {
    name,
    component: 'worker',
    connector: connector.id,
    image: workerImage(options, connector.id),
    // No args: the image's entrypoint is `hub worker --connector $HUB_WORKER_CONNECTOR` already.
    ports: [{ name: 'metrics', containerPort: METRICS_PORT }],
    env: [
      { name: 'HUB_METRICS_PORT', value: String(METRICS_PORT) },
      secretEnv(options, 'DATABASE_URL'),
      secretEnv(options, 'REDIS_URL'),
      // Decrypts the connector's stored credentials (hub credentials set).
      secretEnv(options, 'HUB_MASTER_KEYS', { optional: true }),
      secretEnv(options, 'HUB_ALERT_SLACK_TOKEN', { optional: true }),
      secretEnv(options, 'HUB_ALERT_WEBHOOK_SECRET', { optional: true }),
    ],
    probes: { liveness: httpProbe('/metrics', 'metrics', 10, 3), readiness: httpProbe('/metrics', 'metrics', 10, 2) },
    // SIGTERM stops polling and lets running handlers finish (each outbound call is bounded by HUB_OUTBOUND_TIMEOUT_MS).
    terminationGracePeriodSeconds: 60,
    routes: true,
  };
  const scaledObject = new ScaledObject({
    metadata: { name, namespace: options.namespace, labels: labelsOf(name, 'worker', connector.id) },
    spec: {
      scaleTargetRef: { name },
      minReplicaCount: options.workerMinReplicas,
      maxReplicaCount: options.workerMaxReplicas,
      pollingInterval: 15,
      cooldownPeriod: 300,
      triggers: [
        {
          type: 'aws-sqs-queue',
          authenticationRef: { name: KEDA_AUTHENTICATION_NAME },
          metadata: {
            queueURL: queueUrl(options, connector.id),
            queueLength: String(connector.concurrency ?? DEFAULT_HANDLER_LIMIT),
            awsRegion: options.awsRegion,
            // Messages being handled count too: a busy worker is not scaled down under its own feet.
            scaleOnInFlight: 'true',
          },
        },
      ],
    },
  });
  return [
    ...processObjects(options, spec, undefined),
    networkPolicy(options, name, 'worker', { database: true, redis: true, https: true, awsPodIdentity: true }, undefined, connector.id),
    scaledObject,
  ];
}
