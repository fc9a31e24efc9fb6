import { describe, expect, it } from 'vitest';
import { synthHubStack } from './support/synth-stack.js';
import { containerRunning, containers, ofType, queueId, resourcesOf, workerContainers } from './support/template-queries.js';

const arn = (service: string, resource: string) => `arn:aws:${service}:eu-west-1:123456789012:${resource}`;
const existing = {
  connectors: 'stripe,github,http',
  databaseSecretArn: arn('secretsmanager', 'secret:hub/database-url-AbC123'),
  redisSecretArn: arn('secretsmanager', 'secret:hub/redis-url-DeF456'),
  masterKeysSecretArn: arn('secretsmanager', 'secret:hub/master-keys-GhI789'),
  certificateArn: arn('acm', 'certificate/0d3c1a2b-1111-2222-3333-444455556666'),
  consoleAllowedCidrs: '203.0.113.0/24',
  maxReceiveCount: '3',
  visibilityTimeoutSeconds: '120',
};

describe('context values', () => {
  it('narrows the deployment to the connectors named, uses existing PostgreSQL and Redis, master keys and HTTPS', async () => {
    const { template, json } = await synthHubStack(existing);
    const resources = resourcesOf(json);
    // http receives no webhooks: no queue, no worker; the hub image still runs it (routes call it).
    expect(workerContainers(resources).map((w) => w.environment.HUB_WORKER_CONNECTOR).sort()).toEqual(['github', 'stripe']);
    expect(ofType(resources, 'AWS::SQS::Queue').map(([, q]) => q.Properties?.QueueName).sort()).toEqual(['hub-github', 'hub-github-dlq', 'hub-stripe', 'hub-stripe-dlq']);
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'hub-stripe',
      VisibilityTimeout: 120,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [queueId(resources, 'hub-stripe-dlq'), 'Arn'] }, maxReceiveCount: 3 },
    });
    expect(containerRunning(resources, 'ingress')?.environment).toMatchObject({ HUB_CONNECTORS: 'stripe,github,http', HUB_MAX_RECEIVE_COUNT: '3', HUB_VISIBILITY_TIMEOUT_S: '120' });

    expect(ofType(resources, 'AWS::RDS::DBInstance')).toEqual([]);
    expect(ofType(resources, 'AWS::ElastiCache::ReplicationGroup')).toEqual([]);
    for (const container of containers(resources)) {
      expect(container.secrets.DATABASE_URL).toBe(existing.databaseSecretArn);
      expect(container.environment).not.toHaveProperty('DATABASE_URL');
    }
    for (const worker of workerContainers(resources)) {
      expect(worker.secrets).toEqual({ DATABASE_URL: existing.databaseSecretArn, REDIS_URL: existing.redisSecretArn, HUB_MASTER_KEYS: existing.masterKeysSecretArn });
    }
    expect(containerRunning(resources, 'ingress')?.secrets.HUB_MASTER_KEYS).toBe(existing.masterKeysSecretArn);
    expect(containerRunning(resources, 'console')?.secrets).not.toHaveProperty('HUB_MASTER_KEYS');

    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS', Certificates: [{ CertificateArn: existing.certificateArn }] });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 8443, Protocol: 'HTTPS' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, DefaultActions: [{ Type: 'redirect' }] });
    const loadBalancerGroup = ofType(resources, 'AWS::EC2::SecurityGroup').find(([id]) => id.startsWith('WebLoadBalancer'))?.[1];
    const rules = (loadBalancerGroup?.Properties?.SecurityGroupIngress ?? []).map((r: { CidrIp: string; FromPort: number }) => `${r.CidrIp}:${r.FromPort}`);
    expect(rules.sort()).toEqual(['0.0.0.0/0:443', '0.0.0.0/0:80', '203.0.113.0/24:8443']);
  });

  it('starts no task on a first deploy with startServices=false, so `hub migrate` can run first', async () => {
    const { json } = await synthHubStack({ startServices: 'false', connectors: 'stripe' });
    const resources = resourcesOf(json);
    expect(ofType(resources, 'AWS::ECS::Service').map(([, s]) => s.Properties?.DesiredCount)).toEqual([0, 0, 0, 0]);
    expect(ofType(resources, 'AWS::ApplicationAutoScaling::ScalableTarget')).toEqual([]);
    expect(json.Outputs).toHaveProperty('MigrateCommand');
  });

  it('refuses context it cannot deploy, naming every problem', async () => {
    await expect(synthHubStack({ redisUrl: 'redis://:hunter2hunter2@cache.example:6379', workerMinTasks: '5', workerMaxTasks: '2' })).rejects.toMatchObject({
      code: 'HUB_DEPLOY_CONTEXT_INVALID',
      message: expect.stringMatching(/redisUrl: holds credentials[\s\S]*workerMinTasks exceeds workerMaxTasks/),
    });
    await expect(synthHubStack({ queuePrefix: 'bad prefix!' })).rejects.toMatchObject({ code: 'HUB_DEPLOY_CONTEXT_INVALID', message: expect.stringContaining('HUB_QUEUE_PREFIX') });
    await expect(synthHubStack({ databaseSecretArn: 'hub/database-url' })).rejects.toMatchObject({ code: 'HUB_DEPLOY_CONTEXT_INVALID', message: expect.stringContaining('complete ARN') });
    await expect(synthHubStack({ connectors: 'stripe,paypal' })).rejects.toMatchObject({ code: 'HUB_CONNECTOR_UNKNOWN', message: expect.stringContaining('paypal') });
  });
});
