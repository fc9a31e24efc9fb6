import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { SubnetType, type ISecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { FargateService, FargateTaskDefinition, LogDriver, type ContainerDefinition, type ContainerImage, type ICluster, type Secret as EcsSecret } from 'aws-cdk-lib/aws-ecs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export interface HubTaskProps {
  image: ContainerImage;
  /** Arguments to the image's entrypoint (`hub`): ['ingress'], ['console'], ... */
  command?: string[] | undefined;
  cpu: number;
  memoryLimitMiB: number;
  /** Plain settings only: anything secret goes in `secrets`. */
  environment: Record<string, string>;
  secrets: Record<string, EcsSecret>;
  port?: number | undefined;
}

export const HUB_CONTAINER = 'hub';

/**
 * A Fargate task running one hub process. Its execution role may read exactly the secrets named
 * here; its task role starts empty (queue access is granted per service).
 */
export function hubTaskDefinition(scope: Construct, id: string, props: HubTaskProps): { taskDefinition: FargateTaskDefinition; container: ContainerDefinition } {
  const taskDefinition = new FargateTaskDefinition(scope, id, { cpu: props.cpu, memoryLimitMiB: props.memoryLimitMiB });
  const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
  const container = taskDefinition.addContainer(HUB_CONTAINER, {
    image: props.image,
    command: props.command,
    environment: props.environment,
    secrets: props.secrets,
    logging: LogDriver.awsLogs({ logGroup, streamPrefix: 'hub' }),
    // SIGTERM drains a process (workers finish their handlers); Fargate allows at most 120 s.
    stopTimeout: Duration.seconds(120),
    portMappings: props.port ? [{ containerPort: props.port }] : [],
  });
  return { taskDefinition, container };
}

export interface HubServiceProps {
  cluster: ICluster;
  taskDefinition: FargateTaskDefinition;
  securityGroup: ISecurityGroup;
  desiredCount: number;
}

/** A service in the private subnets; a deployment that does not become healthy is rolled back. */
export function hubService(scope: Construct, id: string, props: HubServiceProps): FargateService {
  return new FargateService(scope, id, {
    cluster: props.cluster,
    taskDefinition: props.taskDefinition,
    desiredCount: props.desiredCount,
    securityGroups: [props.securityGroup],
    vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
    assignPublicIp: false,
    circuitBreaker: { rollback: true },
    minHealthyPercent: 100,
    maxHealthyPercent: 200,
  });
}
