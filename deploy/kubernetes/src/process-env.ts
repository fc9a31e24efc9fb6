import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { DeploymentOptions } from './deployment-options.js';
import { labelsOf } from './labels.js';

export const CONFIG_MAP_NAME = 'hub-config';
/** Routes (hub.config.yaml) are the operator's: `kubectl create configmap hub-routes --from-file=hub.config.yaml`. */
export const ROUTES_CONFIG_MAP_NAME = 'hub-routes';
export const ROUTES_DIR = '/etc/hub';

/** Settings every process shares; nothing secret ever goes here (the tests check the names). */
export function hubConfigMap(options: DeploymentOptions): ConfigMap {
  return new ConfigMap({
    metadata: { name: CONFIG_MAP_NAME, namespace: options.namespace, labels: labelsOf(CONFIG_MAP_NAME) },
    data: {
      NODE_ENV: 'production',
      AWS_REGION: options.awsRegion,
      HUB_QUEUE_PREFIX: options.queuePrefix,
      HUB_CONFIG_FILE: `${ROUTES_DIR}/hub.config.yaml`,
      // Inside a pod the processes listen on the pod's address; NetworkPolicies decide who reaches them.
      HUB_INGRESS_HOST: '0.0.0.0',
      HUB_CONSOLE_HOST: '0.0.0.0',
      HUB_METRICS_HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
    },
  });
}

/**
 * One variable from the operator's Secret. `optional` ones may be absent (a connector without
 * its webhook secret answers 503 until it is set); a required one keeps the pod from starting.
 */
export function secretEnv(options: DeploymentOptions, name: string, { optional = false, key = name }: { optional?: boolean; key?: string } = {}): IEnvVar {
  return { name, valueFrom: { secretKeyRef: { name: options.secretName, key, optional } } };
}
