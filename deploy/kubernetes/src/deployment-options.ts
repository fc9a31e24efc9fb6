import { BaseEnv, parseEnv, type Env } from '@hub/core/config';
import { z } from 'zod';

/** What the manifests are generated for; every field has a default, so the committed example needs no input. */
export interface DeploymentOptions {
  /** Namespace every object goes in. */
  namespace: string;
  /** Images are `<imageRegistry>/hub:<tag>` and `<imageRegistry>/hub-worker-<connector>:<tag>` (docker/Dockerfile targets). */
  imageRegistry: string;
  imageTag: string;
  /** AWS account and region of the SQS queues (KEDA reads their length; the hub sends and receives). */
  awsAccountId: string;
  awsRegion: string;
  /** HUB_QUEUE_PREFIX: the same value goes to the processes and into the queue URLs KEDA watches. */
  queuePrefix: string;
  /** The Secret (created by the operator, never generated) the processes read their secrets from. */
  secretName: string;
  ingressReplicas: number;
  relayReplicas: number;
  consoleReplicas: number;
  /** Worker replicas KEDA keeps per connector; at least 1: a worker also sweeps stalls and drains its DLQ. */
  workerMinReplicas: number;
  workerMaxReplicas: number;
  /** Ports the processes reach PostgreSQL and Redis on (NetworkPolicy egress). */
  databasePort: number;
  redisPort: number;
}

const port = z.coerce.number().int().min(1).max(65_535);
const replicas = z.coerce.number().int().min(1).max(100);

/**
 * The synth's environment. AWS_REGION and HUB_QUEUE_PREFIX are parsed by the hub's own BaseEnv,
 * so the manifests accept exactly what the processes do.
 */
export const SynthEnv = BaseEnv.pick({ AWS_REGION: true, HUB_QUEUE_PREFIX: true }).extend({
  HUB_K8S_NAMESPACE: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a DNS label').default('integration-hub'),
  HUB_K8S_IMAGE_REGISTRY: z.string().min(1).default('registry.example.com/integration-hub'),
  HUB_K8S_IMAGE_TAG: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'an image tag').default('0.1.0'),
  // AWS's documented example account: the committed manifests are an example until synthesised with yours.
  AWS_ACCOUNT_ID: z.string().regex(/^\d{12}$/, '12 digits').default('123456789012'),
  HUB_K8S_SECRET_NAME: z.string().min(1).default('hub-secrets'),
  HUB_K8S_INGRESS_REPLICAS: replicas.default(2),
  HUB_K8S_RELAY_REPLICAS: replicas.default(2),
  HUB_K8S_CONSOLE_REPLICAS: replicas.default(1),
  HUB_K8S_WORKER_MIN_REPLICAS: replicas.default(1),
  HUB_K8S_WORKER_MAX_REPLICAS: replicas.default(10),
  HUB_K8S_DATABASE_PORT: port.default(5432),
  HUB_K8S_REDIS_PORT: port.default(6379),
});

/** Options from the environment; an empty environment gives the defaults (the committed example). */
export function deploymentOptionsFromEnv(env: Env): DeploymentOptions {
  const e = parseEnv(SynthEnv, env);
  return {
    namespace: e.HUB_K8S_NAMESPACE,
    imageRegistry: e.HUB_K8S_IMAGE_REGISTRY,
    imageTag: e.HUB_K8S_IMAGE_TAG,
    awsAccountId: e.AWS_ACCOUNT_ID,
    awsRegion: e.AWS_REGION,
    queuePrefix: e.HUB_QUEUE_PREFIX,
    secretName: e.HUB_K8S_SECRET_NAME,
    ingressReplicas: e.HUB_K8S_INGRESS_REPLICAS,
    relayReplicas: e.HUB_K8S_RELAY_REPLICAS,
    consoleReplicas: e.HUB_K8S_CONSOLE_REPLICAS,
    workerMinReplicas: e.HUB_K8S_WORKER_MIN_REPLICAS,
    workerMaxReplicas: Math.max(e.HUB_K8S_WORKER_MAX_REPLICAS, e.HUB_K8S_WORKER_MIN_REPLICAS),
    databasePort: e.HUB_K8S_DATABASE_PORT,
    redisPort: e.HUB_K8S_REDIS_PORT,
  };
}
