import { SecurityGroup, type IVpc } from 'aws-cdk-lib/aws-ec2';
import type { ContainerImage, FargateService, ICluster, Secret as EcsSecret } from 'aws-cdk-lib/aws-ecs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { hubService, hubTaskDefinition } from './hub-task.js';
import { allowRelay } from './queue-access.js';

export interface RelayServiceProps {
  vpc: IVpc;
  cluster: ICluster;
  image: ContainerImage;
  environment: Record<string, string>;
  secrets: Record<string, EcsSecret>;
  queues: readonly IQueue[];
  deadLetterQueues: readonly IQueue[];
  startServices: boolean;
}

/**
 * `hub relay`: the outbox relay apart from the ingress (which runs with HUB_RELAY=off), so the
 * ingress needs no queue access at all. Two tasks: relays claim rows under a lease, each row is
 * sent by one of them, and one dying delays its rows by the lease only (docs/reliability.md).
 */
export class RelayService extends Construct {
  readonly service: FargateService;
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: RelayServiceProps) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', { vpc: props.vpc, description: 'hub relay: no inbound' });
    const { taskDefinition } = hubTaskDefinition(this, 'Task', {
      image: props.image,
      command: ['relay'],
      cpu: 256,
      memoryLimitMiB: 512,
      environment: props.environment,
      secrets: props.secrets,
    });
    allowRelay(taskDefinition.taskRole, props.queues, props.deadLetterQueues);
    this.service = hubService(this, 'Service', { cluster: props.cluster, taskDefinition, securityGroup: this.securityGroup, desiredCount: props.startServices ? 2 : 0 });
  }
}
