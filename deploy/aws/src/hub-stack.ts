import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { ConnectorQueue } from './connector-queue.js';
import type { DeploySettings } from './deploy-settings.js';
import type { DeployedCatalog } from './deployed-connectors.js';
import { HubCache } from './hub-cache.js';
import { HubDatabase } from './hub-database.js';
import { HubImageSource } from './hub-images.js';
import { HubNetwork } from './hub-network.js';
import { HubSecrets } from './hub-secrets.js';
import { HubWebServices } from './hub-web-services.js';
import { MigrateTask } from './migrate-task.js';
import { allowQueueDepths } from './queue-access.js';
import { RelayService } from './relay-service.js';
import { WorkerService } from './worker-service.js';

export interface HubStackProps extends StackProps {
  settings: DeploySettings;
  catalog: DeployedCatalog;
}

/**
 * The hub on AWS: a queue, a DLQ and an autoscaled worker service per webhook connector; the
 * ingress and the console behind one load balancer; the outbox relay; `hub migrate` as a task;
 * PostgreSQL, Redis, secrets and alarms.
 */
export class HubStack extends Stack {
  readonly queues: ReadonlyMap<string, ConnectorQueue>;
  readonly workers: ReadonlyMap<string, WorkerService>;

  constructor(scope: Construct, id: string, props: HubStackProps) {
    super(scope, id, props);
    const { settings, catalog } = props;
    const connectors = catalog.webhookConnectors;
    const { vpc, cluster } = new HubNetwork(this, 'Network');
    const images = new HubImageSource(settings.imageRegistry, settings.imageTag);
    const alarmTopic = new Topic(this, 'Alarms', { displayName: 'Integration Hub alarms' });
    if (settings.alarmEmail) alarmTopic.addSubscription(new EmailSubscription(settings.alarmEmail));

    const database = new HubDatabase(this, 'Database', { vpc, databaseSecretArn: settings.databaseSecretArn, instanceType: settings.databaseInstanceType, multiAz: settings.multiAz });
    const cache = new HubCache(this, 'Cache', { vpc, redisUrl: settings.redisUrl, redisSecretArn: settings.redisSecretArn });
    const secrets = new HubSecrets(this, 'Secrets', { connectors, masterKeysSecretArn: settings.masterKeysSecretArn });

    const queues = new Map(
      connectors.map((c) => [c.id, new ConnectorQueue(this, `Queues-${c.id}`, { connector: c.id, settings: settings.queues, alarmTopic, oldestMessageAlarmSeconds: settings.oldestMessageAlarmSeconds })]),
    );
    const mainQueues = [...queues.values()].map((q) => q.queue);
    const deadLetterQueues = [...queues.values()].map((q) => q.deadLetterQueue);

    // Every process agrees with the queues on names, visibility and receive count.
    const shared: Record<string, string> = {
      NODE_ENV: 'production',
      AWS_REGION: this.region,
      LOG_LEVEL: 'info',
      HUB_QUEUE_PREFIX: settings.queues.prefix,
      HUB_VISIBILITY_TIMEOUT_S: String(settings.queues.visibilityTimeoutSeconds),
      HUB_MAX_RECEIVE_COUNT: String(settings.queues.maxReceiveCount),
      ...database.environment,
    };
    // The hub image holds every connector; a narrowed deployment runs only those named.
    const hubEnvironment = { ...shared, ...(catalog.enabled ? { HUB_CONNECTORS: catalog.enabled.join(',') } : {}) };

    const web = new HubWebServices(this, 'Web', {
      vpc,
      cluster,
      image: images.hub(this),
      environment: hubEnvironment,
      ingressSecrets: { ...database.secrets, ...secrets.webhookSecretVariables(connectors), ...secrets.masterKeys },
      consoleSecrets: { ...database.secrets, ...secrets.consoleTokenVariable() },
      certificateArn: settings.certificateArn,
      consoleAllowedCidrs: settings.consoleAllowedCidrs,
      startServices: settings.startServices,
    });
    allowQueueDepths(web.console.taskDefinition.taskRole, mainQueues, deadLetterQueues);

    const relay = new RelayService(this, 'Relay', { vpc, cluster, image: images.hub(this), environment: hubEnvironment, secrets: database.secrets, queues: mainQueues, deadLetterQueues, startServices: settings.startServices });
    const migrate = new MigrateTask(this, 'Migrate', { vpc, cluster, image: images.hub(this), environment: hubEnvironment, secrets: database.secrets });

    const workerSecurityGroup = new SecurityGroup(this, 'WorkerSecurityGroup', { vpc, description: 'hub workers: no inbound' });
    const workers = new Map<string, WorkerService>();
    for (const connector of connectors) {
      const worker = new WorkerService(this, `Worker-${connector.id}`, {
        cluster,
        connector: connector.id,
        image: images.worker(this, connector.id),
        queues: queues.get(connector.id) as ConnectorQueue,
        securityGroup: workerSecurityGroup,
        environment: { ...shared, ...cache.environment, HUB_CONSOLE_URL: web.consoleUrl },
        secrets: { ...database.secrets, ...cache.secrets, ...secrets.masterKeys },
        scaling: settings.startServices ? { minTasks: settings.workerMinTasks, maxTasks: settings.workerMaxTasks, backlogPerTask: settings.backlogPerTask } : undefined,
      });
      workers.set(connector.id, worker);
    }
    for (const peer of [web.ingressSecurityGroup, web.consoleSecurityGroup, relay.securityGroup, migrate.securityGroup, workerSecurityGroup]) database.allowFrom(peer);
    cache.allowFrom(workerSecurityGroup);
    this.queues = queues;
    this.workers = workers;

    new CfnOutput(this, 'WebhookBaseUrl', { description: 'Providers POST to <this>/webhooks/<connector>', value: web.webhookBaseUrl });
    new CfnOutput(this, 'ConsoleUrl', { description: 'Console (reachable from consoleAllowedCidrs)', value: web.consoleUrl });
    new CfnOutput(this, 'MigrateCommand', { description: 'Runs `hub migrate` once (first deploy, every release)', value: migrate.runTaskCommand });
    new CfnOutput(this, 'ConsoleTokenSecret', { description: 'HUB_CONSOLE_TOKEN (read it with aws secretsmanager get-secret-value)', value: secrets.consoleToken.secretArn });
    for (const c of connectors) {
      new CfnOutput(this, `WebhookSecret-${c.id}`, { description: `Put ${c.id}'s signing secret here (${c.secretEnvName})`, value: (secrets.webhookSecrets.get(c.id) as { secretArn: string }).secretArn });
    }
    new CfnOutput(this, 'AlarmTopic', { description: 'DLQ depth and oldest-message alarms', value: alarmTopic.topicArn });
  }
}
