import type { Model } from '@kubernetes-models/base';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { DeploymentOptions } from './deployment-options.js';
import { labelsOf } from './labels.js';
import { networkPolicy } from './network-policy.js';
import { hubImage, podTemplate } from './pod-template.js';
import { secretEnv } from './process-env.js';

/**
 * `hub migrate` once per release: a Job named after the image tag (a Job's pod template cannot
 * change, so each release gets a new one). It logs in as the schema owner (MIGRATE_DATABASE_URL),
 * which the long-running processes never see. Running it again is harmless (advisory lock,
 * applied migrations are skipped).
 */
export function migrateObjects(options: DeploymentOptions): Model<unknown>[] {
  const name = 'hub-migrate';
  const jobName = `${name}-${options.imageTag.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`.slice(0, 63).replace(/-+$/, '');
  const template = podTemplate(options, {
    name,
    component: 'migrate',
    image: hubImage(options),
    args: ['migrate'],
    ports: [],
    env: [secretEnv(options, 'DATABASE_URL', { key: 'MIGRATE_DATABASE_URL' })],
    terminationGracePeriodSeconds: 30,
    restartPolicy: 'Never',
  });
  return [
    new ServiceAccount({ metadata: { name, namespace: options.namespace, labels: labelsOf(name, 'migrate') }, automountServiceAccountToken: false }),
    new Job({ metadata: { name: jobName, namespace: options.namespace, labels: labelsOf(name, 'migrate') }, spec: { backoffLimit: 3, template } }),
    networkPolicy(options, name, 'migrate', { database: true }),
  ];
}
