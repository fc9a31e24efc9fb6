import { Fn } from 'aws-cdk-lib';
import { SecurityGroup, SubnetType, type IVpc } from 'aws-cdk-lib/aws-ec2';
import type { ContainerImage, FargateTaskDefinition, ICluster, Secret as EcsSecret } from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { hubTaskDefinition } from './hub-task.js';

export interface MigrateTaskProps {
  vpc: IVpc;
  cluster: ICluster;
  image: ContainerImage;
  environment: Record<string, string>;
  secrets: Record<string, EcsSecret>;
}

/**
 * `hub migrate` as a one-off task (not a service): run before the services start on a new
 * release. `runTaskCommand` is the AWS CLI line that runs it.
 */
export class MigrateTask extends Construct {
  readonly taskDefinition: FargateTaskDefinition;
  readonly securityGroup: SecurityGroup;
  readonly runTaskCommand: string;

  constructor(scope: Construct, id: string, props: MigrateTaskProps) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', { vpc: props.vpc, description: 'hub migrate: no inbound' });
    this.taskDefinition = hubTaskDefinition(this, 'Task', {
      image: props.image,
      command: ['migrate'],
      cpu: 256,
      memoryLimitMiB: 512,
      environment: props.environment,
      secrets: props.secrets,
    }).taskDefinition;
    const subnets = Fn.join(',', props.vpc.selectSubnets({ subnetType: SubnetType.PRIVATE_WITH_EGRESS }).subnetIds);
    this.runTaskCommand = [
      'aws ecs run-task --launch-type FARGATE',
      `--cluster ${props.cluster.clusterName}`,
      `--task-definition ${this.taskDefinition.family}`,
      `--network-configuration "awsvpcConfiguration={subnets=[${subnets}],securityGroups=[${this.securityGroup.securityGroupId}],assignPublicIp=DISABLED}"`,
    ].join(' ');
  }
}
