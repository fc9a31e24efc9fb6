import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverConnectors, hubNodeModules } from '@hub/catalog';
import { synthHubStack } from './support/synth-stack.js';
import { actionsOf, arnOf, containerRunning, containers, ofType, queueId, resourceList, resourcesOf, statementsOfRole, workerContainers, type Resources } from './support/template-queries.js';

// Values an operator may well have in the shell that runs `cdk synth`: none may reach the template.
const shellSecrets = {
  STRIPE_WEBHOOK_SECRET: 'whsec_test-stripe-signing-secret-0123456789',
  GITHUB_WEBHOOK_SECRET: 'github-test-secret-abcdefghijklmnop',
  HUB_CONSOLE_TOKEN: 'console-token-for-the-test-0123456789abcdef',
  HUB_MASTER_KEYS: 'k1:c2VjcmV0LW1hc3Rlci1rZXktZm9yLXRoZS10ZXN0IQ==',
  DATABASE_URL: 'postgres://hub:db-password-in-the-shell@db.example:5432/hub',
  REDIS_URL: 'redis://:redis-password-in-the-shell@cache.example:6379',
};

let template: Template;
let json: Record<string, unknown>;
let resources: Resources;
let webhookConnectors: string[];

beforeAll(async () => {
  ({ template, json } = await synthHubStack({}, shellSecrets));
  resources = resourcesOf(json);
  const catalog = await discoverConnectors({ searchPaths: [hubNodeModules() as string] });
  webhookConnectors = catalog.list().filter((c) => c.webhook).map((c) => c.id);
});

describe('the hub stack for the installed catalog', () => {
  it('has a queue and a DLQ named as the hub names them for every connector that receives webhooks, with the redrive policy', () => {
    expect(webhookConnectors).toEqual(expect.arrayContaining(['stripe', 'github', 'shopify']));
    expect(ofType(resources, 'AWS::SQS::Queue')).toHaveLength(2 * webhookConnectors.length);
    for (const id of webhookConnectors) {
      const dlq = queueId(resources, `hub-${id}-dlq`);
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `hub-${id}`,
        VisibilityTimeout: 30,
        MessageRetentionPeriod: 4 * 24 * 3600,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] }, maxReceiveCount: 10 },
        SqsManagedSseEnabled: true,
      });
      template.hasResourceProperties('AWS::SQS::Queue', { QueueName: `hub-${id}-dlq`, MessageRetentionPeriod: 14 * 24 * 3600 });
    }
  });

  it('runs one worker service per connector, each told its connector and the queue settings its queue has', () => {
    const workers = workerContainers(resources);
    expect(workers.map((w) => w.environment.HUB_WORKER_CONNECTOR).sort()).toEqual([...webhookConnectors].sort());
    for (const worker of workers) {
      expect(worker.environment).toMatchObject({ HUB_QUEUE_PREFIX: 'hub-', HUB_VISIBILITY_TIMEOUT_S: '30', HUB_MAX_RECEIVE_COUNT: '10', NODE_ENV: 'production', HUB_SQS_THREAD: 'off' });
      expect(worker.environment).not.toHaveProperty('SQS_ENDPOINT');
    }
    const services = ofType(resources, 'AWS::ECS::Service').map(([, s]) => s.Properties?.TaskDefinition.Ref);
    for (const worker of workers) expect(services).toContain(worker.taskDefinitionId);
  });

  it("allows no worker any queue but its own, and no process an SQS action on a wildcard resource", () => {
    const sqsStatements = ofType(resources, 'AWS::IAM::Policy').flatMap(([, p]) => p.Properties?.PolicyDocument.Statement).filter((s) => actionsOf(s).some((a: string) => a.startsWith('sqs:')));
    expect(sqsStatements.length).toBeGreaterThan(0);
    for (const statement of sqsStatements) {
      expect(actionsOf(statement).every((a: string) => !a.includes('*'))).toBe(true);
      for (const resource of resourceList(statement)) expect(arnOf(resource), JSON.stringify(statement)).toMatch(/^Queues/);
    }
    for (const worker of workerContainers(resources)) {
      const id = worker.environment.HUB_WORKER_CONNECTOR as string;
      const own = queueId(resources, `hub-${id}`);
      const ownDlq = queueId(resources, `hub-${id}-dlq`);
      const statements = statementsOfRole(resources, worker.taskRoleId);
      const reached = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:'))).flatMap((s) => resourceList(s).map(arnOf));
      expect(new Set(reached)).toEqual(new Set([own, ownDlq]));
      // Receive and delete on both; send on its own queue (retries are messages sent again), never on the DLQ.
      const on = (queue: string) => statements.filter((s) => resourceList(s).some((r) => arnOf(r) === queue)).flatMap(actionsOf);
      expect(on(own)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:SendMessage']));
      expect(on(ownDlq)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
      expect(on(ownDlq)).not.toContain('sqs:SendMessage');
    }
  });

  it('lets the relay send to every connector queue, the console only read depths, and the ingress no queue at all', () => {
    const actionsOfRole = (command: string) => statementsOfRole(resources, containerRunning(resources, command)?.taskRoleId as string).flatMap(actionsOf);
    expect(actionsOfRole('ingress').filter((a) => a.startsWith('sqs:'))).toEqual([]);
    expect(actionsOfRole('console').filter((a) => a.startsWith('sqs:')).sort()).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl']);
    const relay = statementsOfRole(resources, containerRunning(resources, 'relay')?.taskRoleId as string);
    const sendsTo = relay.filter((s) => actionsOf(s).includes('sqs:SendMessage')).flatMap((s) => resourceList(s).map(arnOf));
    expect(new Set(sendsTo)).toEqual(new Set(webhookConnectors.map((id) => queueId(resources, `hub-${id}`))));
    expect(containerRunning(resources, 'ingress')?.environment.HUB_RELAY).toBe('off');
  });

  it("scales each worker service on its own queue's backlog per running task", () => {
    const targets = ofType(resources, 'AWS::ApplicationAutoScaling::ScalableTarget');
    const policies = ofType(resources, 'AWS::ApplicationAutoScaling::ScalingPolicy');
    for (const worker of workerContainers(resources)) {
      const id = worker.environment.HUB_WORKER_CONNECTOR as string;
      const [serviceId] = ofType(resources, 'AWS::ECS::Service').find(([, s]) => s.Properties?.TaskDefinition.Ref === worker.taskDefinitionId) ?? [];
      const [targetId, target] = targets.find(([, t]) => JSON.stringify(t.Properties?.ResourceId).includes(`"${serviceId}"`)) ?? [];
      expect(target?.Properties).toMatchObject({ MinCapacity: 1, MaxCapacity: 10, ScalableDimension: 'ecs:service:DesiredCount', ServiceNamespace: 'ecs' });
      const policy = policies.find(([, p]) => p.Properties?.ScalingTargetId?.Ref === targetId)?.[1];
      const config = policy?.Properties?.TargetTrackingScalingPolicyConfiguration;
      expect(config.TargetValue).toBe(100);
      const metrics = config.CustomizedMetricSpecification.Metrics as { Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string; Dimensions: { Name: string; Value: unknown }[] } } }[];
      const visible = metrics.find((m) => m.MetricStat?.Metric.MetricName === 'ApproximateNumberOfMessagesVisible');
      expect(visible?.MetricStat?.Metric.Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId(resources, `hub-${id}`), 'QueueName'] } }]);
      const tasks = metrics.find((m) => m.MetricStat?.Metric.MetricName === 'RunningTaskCount');
      expect(JSON.stringify(tasks?.MetricStat?.Metric.Dimensions)).toContain(serviceId);
      expect(metrics.find((m) => m.Expression)?.Expression).toBe(`${visible?.Id} / ${tasks?.Id}`);
    }
    expect(policies.filter(([, p]) => p.Properties?.TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification)).toHaveLength(webhookConnectors.length);
  });

  it("raises an alarm on each DLQ's depth and each queue's oldest message, to the alarm topic", () => {
    for (const id of webhookConnectors) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId(resources, `hub-${id}-dlq`), 'QueueName'] } }],
        Threshold: 1,
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }],
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId(resources, `hub-${id}`), 'QueueName'] } }],
        Threshold: 1800,
      });
    }
  });

  it('puts no secret in plain text: secrets are ECS secrets from Secrets Manager, generated there, and nothing from the shell leaks in', () => {
    const text = JSON.stringify(json);
    for (const value of Object.values(shellSecrets)) expect(text).not.toContain(value);
    for (const password of ['db-password-in-the-shell', 'redis-password-in-the-shell', 'whsec_']) expect(text).not.toContain(password);
    for (const container of containers(resources)) {
      const named = Object.keys(container.environment).filter((name) => /SECRET|TOKEN|KEY|PASSWORD/.test(name));
      expect(named, container.taskDefinitionId).toEqual([]);
    }
    const ingress = containerRunning(resources, 'ingress');
    expect(Object.keys(ingress?.secrets ?? {})).toEqual(expect.arrayContaining([...webhookConnectors.map((id) => `${id.toUpperCase()}_WEBHOOK_SECRET`), 'PGPASSWORD']));
    expect(Object.keys(containerRunning(resources, 'console')?.secrets ?? {})).toEqual(expect.arrayContaining(['HUB_CONSOLE_TOKEN', 'PGPASSWORD']));
    // A worker reads the database password, never a webhook secret or the console token.
    for (const worker of workerContainers(resources)) expect(Object.keys(worker.secrets)).toEqual(['PGPASSWORD']);
    for (const [, secret] of ofType(resources, 'AWS::SecretsManager::Secret')) {
      expect(secret.Properties).not.toHaveProperty('SecretString');
      expect(secret.Properties).toHaveProperty('GenerateSecretString');
    }
  });

  it('puts the ingress behind the load balancer with its health route, and keeps the console listener off the internet', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 8080, HealthCheckPath: '/healthz' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 3000, HealthCheckPath: '/healthz' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' });
    const loadBalancerGroup = ofType(resources, 'AWS::EC2::SecurityGroup').find(([id]) => id.startsWith('WebLoadBalancer'))?.[1];
    const open = (loadBalancerGroup?.Properties?.SecurityGroupIngress ?? []).filter((rule: { CidrIp?: string }) => rule.CidrIp === '0.0.0.0/0');
    expect(open.map((rule: { FromPort: number }) => rule.FromPort)).toEqual([80]);
    expect(containerRunning(resources, 'ingress')?.environment).toMatchObject({ HUB_INGRESS_TRUST_PROXY: '1', HUB_HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000' });
  });

  it('creates PostgreSQL 16 and Redis in isolated subnets, with TLS', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', { Engine: 'postgres', EngineVersion: Match.stringLikeRegexp('^16'), StorageEncrypted: true, DeletionProtection: true });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: { createrole_self_grant: 'set, inherit' } });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { TransitEncryptionEnabled: true, AtRestEncryptionEnabled: true });
    expect(JSON.stringify(containerRunning(resources, 'migrate')?.environment.DATABASE_URL)).toContain('sslmode=no-verify');
  });
});
