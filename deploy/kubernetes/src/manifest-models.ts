import type { Model, ModelData } from '@kubernetes-models/base';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

type ModelClass = new (data: ModelData<unknown>) => Model<unknown>;

/**
 * The model (typed class with its JSON schema validator) of each `apiVersion/kind` the
 * manifests hold: Kubernetes' from kubernetes-models, KEDA's from @kubernetes-models/keda
 * (generated from KEDA's CRDs).
 */
export const MANIFEST_MODELS: Readonly<Record<string, ModelClass>> = Object.fromEntries(
  [Namespace, ConfigMap, Service, ServiceAccount, Deployment, Job, PodDisruptionBudget, NetworkPolicy, ScaledObject, TriggerAuthentication].map((c) => [`${c.apiVersion}/${c.kind}`, c as unknown as ModelClass]),
);
