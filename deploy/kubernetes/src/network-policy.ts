import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyEgressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule';
import type { INetworkPolicyIngressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule';
import type { DeploymentOptions } from './deployment-options.js';
import { labelsOf, selectorOf, type Component } from './labels.js';

/** What a process may reach; DNS is always allowed. */
export interface EgressNeeds {
  database?: boolean;
  redis?: boolean;
  /** HTTPS anywhere but the instance metadata address: SQS, STS and (for workers) provider APIs. */
  https?: boolean;
  /** The EKS Pod Identity agent (169.254.170.23:80), where AWS credentials come from. */
  awsPodIdentity?: boolean;
}

const INSTANCE_METADATA = '169.254.169.254/32';
const EKS_POD_IDENTITY_AGENT = '169.254.170.23/32';

function egressRules(options: DeploymentOptions, needs: EgressNeeds): INetworkPolicyEgressRule[] {
  const rules: INetworkPolicyEgressRule[] = [
    {
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    },
  ];
  // PostgreSQL and Redis are addressed by port: where they run (RDS, ElastiCache, in-cluster) is the operator's.
  if (needs.database) rules.push({ ports: [{ protocol: 'TCP', port: options.databasePort }] });
  if (needs.redis) rules.push({ ports: [{ protocol: 'TCP', port: options.redisPort }] });
  if (needs.https) rules.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [INSTANCE_METADATA] } }], ports: [{ protocol: 'TCP', port: 443 }] });
  if (needs.awsPodIdentity) rules.push({ to: [{ ipBlock: { cidr: EKS_POD_IDENTITY_AGENT } }], ports: [{ protocol: 'TCP', port: 80 }] });
  return rules;
}

/**
 * Both directions are listed in policyTypes, so whatever is not allowed here is refused:
 * `inboundPort` undefined means no inbound traffic at all (kubelet probes still reach the pod:
 * traffic from its own node is always allowed).
 */
export function networkPolicy(options: DeploymentOptions, name: string, component: Component, egress: EgressNeeds, inboundPort?: number, connector?: string): NetworkPolicy {
  const ingress: INetworkPolicyIngressRule[] = inboundPort === undefined ? [] : [{ ports: [{ protocol: 'TCP', port: inboundPort }] }];
  return new NetworkPolicy({
    metadata: { name, namespace: options.namespace, labels: labelsOf(name, component, connector) },
    spec: { podSelector: { matchLabels: selectorOf(name) }, policyTypes: ['Ingress', 'Egress'], ingress, egress: egressRules(options, egress) },
  });
}
