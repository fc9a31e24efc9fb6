import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverConnectors, hubNodeModules } from '@hub/catalog';
import { queueNames } from '@hub/core/queue';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { deploymentOptionsFromEnv } from './deployment-options.js';
import { MANIFEST_MODELS } from './manifest-models.js';
import { synthesize } from './synth.js';

const COMMITTED = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'hub.k8s.yaml');
// The default catalog: the connectors installed with the hub, whatever this shell's HUB_CONNECTORS says.
const DEFAULT_CATALOG = { searchPaths: [hubNodeModules() ?? ''], enabled: undefined };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML, read field by field
type Doc = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; spec?: any; data?: Record<string, string> };
type Container = { name: string; env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[]; resources?: { limits?: Record<string, string> }; securityContext?: Record<string, unknown>; livenessProbe?: unknown; readinessProbe?: unknown };

let yaml: string;
let docs: Doc[];
let webhookConnectors: string[];
const ofKind = (kind: string) => docs.filter((d) => d.kind === kind);
const podSpecs = () =>
  [...ofKind('Deployment'), ...ofKind('Job')].map((d) => ({
    name: d.metadata.name,
    labels: d.spec.template.metadata.labels as Record<string, string>,
    pod: d.spec.template.spec as { securityContext?: Record<string, unknown>; containers: Container[] },
  }));

beforeAll(async () => {
  yaml = await synthesize(deploymentOptionsFromEnv({}), DEFAULT_CATALOG);
  docs = parseAllDocuments(yaml).map((d) => d.toJSON() as Doc).filter(Boolean);
  webhookConnectors = (await discoverConnectors(DEFAULT_CATALOG)).list().filter((c) => c.webhook).map((c) => c.id);
});

describe('Kubernetes manifests of the default catalog', () => {
  it('are the committed deploy/kubernetes/dist/hub.k8s.yaml (run `npm run k8s:synth` after changing the generator or the catalog)', async () => {
    expect(yaml).toBe(await readFile(COMMITTED, 'utf8'));
  });

  it('validate, object by object, against the Kubernetes and KEDA JSON schemas', () => {
    expect(docs.length).toBeGreaterThan(20);
    for (const doc of docs) {
      const Model = MANIFEST_MODELS[`${doc.apiVersion}/${doc.kind}`];
      expect(Model, `${doc.apiVersion}/${doc.kind} has a schema`).toBeDefined();
      expect(() => new Model!(doc).validate(), `${doc.kind}/${doc.metadata.name}`).not.toThrow();
    }
  });

  it('the schemas refuse what Kubernetes and KEDA would refuse: a container without an image name, a ScaledObject without its target', () => {
    const deployment = structuredClone(ofKind('Deployment')[0]!);
    delete deployment.spec.template.spec.containers[0].name;
    expect(() => new MANIFEST_MODELS['apps/v1/Deployment']!(deployment).validate()).toThrow();
    const scaled = structuredClone(ofKind('ScaledObject')[0]!);
    delete scaled.spec.scaleTargetRef;
    expect(() => new MANIFEST_MODELS['keda.sh/v1alpha1/ScaledObject']!(scaled).validate()).toThrow();
  });

  it('has one worker Deployment and one ScaledObject on its own SQS queue per connector that receives webhooks', () => {
    expect(webhookConnectors).toEqual(expect.arrayContaining(['github', 'shopify', 'stripe']));
    const workers = ofKind('Deployment').filter((d) => d.metadata.labels?.['app.kubernetes.io/component'] === 'worker');
    expect(workers.map((d) => d.metadata.labels?.['hub.integration/connector']).sort()).toEqual([...webhookConnectors].sort());
    const scaled = ofKind('ScaledObject');
    expect(scaled).toHaveLength(webhookConnectors.length);
    for (const id of webhookConnectors) {
      const so = scaled.find((s) => s.metadata.labels?.['hub.integration/connector'] === id)!;
      expect(so.spec.scaleTargetRef.name).toBe(`hub-worker-${id}`);
      const [trigger] = so.spec.triggers;
      expect(trigger.type).toBe('aws-sqs-queue');
      expect(trigger.metadata.queueURL).toBe(`https://sqs.us-east-1.amazonaws.com/123456789012/${queueNames('hub-', id).main}`);
      expect(trigger.authenticationRef.name).toBe(ofKind('TriggerAuthentication')[0]!.metadata.name);
      // KEDA owns the replica count.
      expect(workers.find((d) => d.metadata.name === `hub-worker-${id}`)!.spec.replicas).toBeUndefined();
    }
    expect(ofKind('Deployment').map((d) => d.metadata.name)).toEqual(expect.arrayContaining(['hub-ingress', 'hub-relay', 'hub-console']));
  });

  it('lets nothing in to a worker (no ingress rule), the ingress and console only on their port', () => {
    const policies = ofKind('NetworkPolicy');
    const policyOf = (name: string) => policies.find((p) => p.metadata.name === name)!;
    for (const id of webhookConnectors) {
      const p = policyOf(`hub-worker-${id}`);
      expect(p.spec.podSelector.matchLabels['app.kubernetes.io/name']).toBe(`hub-worker-${id}`);
      expect(p.spec.policyTypes).toContain('Ingress');
      expect(p.spec.ingress).toEqual([]);
    }
    expect(policyOf('hub-relay').spec.ingress).toEqual([]);
    expect(policyOf('hub-ingress').spec.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 8080 }] }]);
    expect(policyOf('hub-console').spec.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 3000 }] }]);
    // Every pod the manifests run is selected by a policy that lists both directions.
    const selects = (p: Doc, labels: Record<string, string>) => Object.entries(p.spec.podSelector.matchLabels as Record<string, string>).every(([k, v]) => labels[k] === v);
    for (const { name, labels } of podSpecs()) expect(policies.some((p) => selects(p, labels) && p.spec.policyTypes.length === 2), name).toBe(true);
  });

  it('runs no container as root, none may escalate, every root file system is read-only', () => {
    for (const { name, pod } of podSpecs()) {
      expect(pod.securityContext, name).toMatchObject({ runAsNonRoot: true });
      expect(pod.securityContext?.runAsUser, name).not.toBe(0);
      for (const c of pod.containers) {
        expect(c.securityContext, `${name}/${c.name}`).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      }
    }
  });

  it('gives every container CPU and memory limits, and every long-running one liveness and readiness probes', () => {
    for (const { name, pod } of podSpecs()) {
      for (const c of pod.containers) expect(Object.keys(c.resources?.limits ?? {}).sort(), `${name}/${c.name}`).toEqual(['cpu', 'memory']);
    }
    for (const d of ofKind('Deployment')) {
      const [c] = d.spec.template.spec.containers as Container[];
      expect(c?.livenessProbe, d.metadata.name).toBeDefined();
      expect(c?.readinessProbe, d.metadata.name).toBeDefined();
    }
    const ingress = ofKind('Deployment').find((d) => d.metadata.name === 'hub-ingress')!.spec.template.spec.containers[0];
    expect(ingress.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
  });

  it('holds no secret value: secret-looking variables come from the Secret, the ConfigMap has none, no Secret object is generated', () => {
    const looksSecret = /SECRET|TOKEN|PASSWORD|KEYS?$|DATABASE_URL|REDIS_URL/;
    expect(ofKind('Secret')).toEqual([]);
    for (const key of Object.keys(ofKind('ConfigMap')[0]!.data ?? {})) expect(key).not.toMatch(looksSecret);
    const secretNames = new Set<string>();
    for (const { name, pod } of podSpecs()) {
      for (const v of pod.containers.flatMap((c) => c.env ?? [])) {
        if (looksSecret.test(v.name)) {
          expect(v.value, `${name} ${v.name}`).toBeUndefined();
          expect(v.valueFrom?.secretKeyRef?.name, `${name} ${v.name}`).toBe('hub-secrets');
          secretNames.add(v.name);
        }
      }
    }
    expect([...secretNames]).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'STRIPE_WEBHOOK_SECRET', 'HUB_CONSOLE_TOKEN']));
  });

  it('puts HUB_QUEUE_PREFIX in both the processes’ ConfigMap and the queue URLs KEDA watches, and refuses a prefix the hub would refuse', async () => {
    const custom = await synthesize(deploymentOptionsFromEnv({ HUB_QUEUE_PREFIX: 'prod-', AWS_ACCOUNT_ID: '210987654321', AWS_REGION: 'eu-west-1' }), DEFAULT_CATALOG);
    expect(custom).toContain('HUB_QUEUE_PREFIX: prod-');
    expect(custom).toContain('queueURL: https://sqs.eu-west-1.amazonaws.com/210987654321/prod-stripe');
    expect(() => deploymentOptionsFromEnv({ HUB_QUEUE_PREFIX: 'no spaces' })).toThrow(expect.objectContaining({ code: 'HUB_CONFIG_INVALID' }));
  });
});
