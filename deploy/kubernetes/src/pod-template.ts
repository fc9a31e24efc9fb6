import type { IContainerPort } from 'kubernetes-models/v1/ContainerPort';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { DeploymentOptions } from './deployment-options.js';
import { labelsOf, type Component } from './labels.js';
import { CONFIG_MAP_NAME, ROUTES_CONFIG_MAP_NAME, ROUTES_DIR } from './process-env.js';
import { RESOURCES } from './resources.js';

/** The images' own user (docker/Dockerfile: USER 1000:1000, numeric so runAsNonRoot can verify it). */
const IMAGE_UID = 1000;

export interface ProcessSpec {
  name: string;
  component: Component;
  connector?: string;
  image: string;
  /** Arguments to the image's entrypoint (`hub` for the hub image, `hub worker --connector <id>` for a worker image). */
  args?: string[];
  ports: IContainerPort[];
  env: IEnvVar[];
  /** Absent for a run-to-completion Job. */
  probes?: { liveness: IProbe; readiness: IProbe };
  terminationGracePeriodSeconds: number;
  /** Seconds to keep serving after the pod is marked terminating, while Services drop its endpoint. */
  preStopSleepSeconds?: number;
  /** Mount hub.config.yaml (the routes) from the operator's ConfigMap. */
  routes?: boolean;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
}

/** An HTTP probe on a named container port. */
export function httpProbe(path: string, port: string, periodSeconds: number, failureThreshold: number): IProbe {
  return { httpGet: { path, port }, periodSeconds, failureThreshold, timeoutSeconds: 2 };
}

/**
 * A pod that runs one hub process: not root, no privilege escalation, no capabilities, a
 * read-only root file system (the processes write nothing outside an archive volume; /tmp is
 * an emptyDir for libraries that want one), no Kubernetes API token, the default seccomp profile.
 */
export function podTemplate(options: DeploymentOptions, spec: ProcessSpec): IPodTemplateSpec {
  const volumes: IVolume[] = [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }];
  const mounts: IVolumeMount[] = [{ name: 'tmp', mountPath: '/tmp' }];
  if (spec.routes) {
    // optional: without the ConfigMap the worker runs with no routes (workflows still run).
    volumes.push({ name: 'routes', configMap: { name: ROUTES_CONFIG_MAP_NAME, optional: true } });
    mounts.push({ name: 'routes', mountPath: ROUTES_DIR, readOnly: true });
  }
  return {
    metadata: { labels: labelsOf(spec.name, spec.component, spec.connector) },
    spec: {
      serviceAccountName: spec.name,
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds,
      ...(spec.restartPolicy ? { restartPolicy: spec.restartPolicy } : {}),
      securityContext: { runAsNonRoot: true, runAsUser: IMAGE_UID, runAsGroup: IMAGE_UID, fsGroup: IMAGE_UID, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: spec.component,
          image: spec.image,
          imagePullPolicy: 'IfNotPresent',
          ...(spec.args ? { args: spec.args } : {}),
          ports: spec.ports,
          envFrom: [{ configMapRef: { name: CONFIG_MAP_NAME } }],
          env: spec.env,
          resources: RESOURCES[spec.component],
          securityContext: {
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          },
          ...(spec.probes ? { livenessProbe: spec.probes.liveness, readinessProbe: spec.probes.readiness } : {}),
          ...(spec.preStopSleepSeconds ? { lifecycle: { preStop: { sleep: { seconds: spec.preStopSleepSeconds } } } } : {}),
          volumeMounts: mounts,
        },
      ],
      volumes,
    },
  };
}

export function hubImage(options: DeploymentOptions): string {
  return `${options.imageRegistry}/hub:${options.imageTag}`;
}

export function workerImage(options: DeploymentOptions, connector: string): string {
  return `${options.imageRegistry}/hub-worker-${connector}:${options.imageTag}`;
}
