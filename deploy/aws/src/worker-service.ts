import type { ISecurityGroup } from 'aws-cdk-lib/aws-ec2';
import type { ContainerImage, FargateService, ICluster, Secret as EcsSecret } from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { BacklogScaling } from './backlog-scaling.js';
import type { ConnectorQueue } from './connector-queue.js';
import { hubService, hubTaskDefinition } from './hub-task.js';
import { allowWorker } from './queue-access.js';

export interface WorkerServiceProps {
  cluster: ICluster;
  connector: string;
  /** The connector's worker image: its entrypoint runs `hub worker --connector $HUB_WORKER_CONNECTOR`. */
  image: ContainerImage;
  queues: ConnectorQueue;
  securityGroup: ISecurityGroup;
  environment: Record<string, string>;
  secrets: Record<string, EcsSecret>;
  scaling: { minTasks: number; maxTasks: number; backlogPerTask: number } | undefined;
}

/** One connector's workers (README, "Production: one worker per connector"), scaled on its own backlog. */
export class WorkerService extends Construct {
  readonly service: FargateService;
  readonly scaling: BacklogScaling | undefined;

  constructor(scope: Construct, id: string, props: WorkerServiceProps) {
    super(scope, id);
    const { taskDefinition } = hubTaskDefinition(this, 'Task', {
      image: props.image,
      cpu: 256,
      memoryLimitMiB: 512,
      // A quarter of a vCPU: an SQS thread would only share it, for ~65 MB of the 512 (docs/deploy.md, "The SQS thread").
      environment: { ...props.environment, HUB_WORKER_CONNECTOR: props.connector, HUB_SQS_THREAD: 'off' },
      secrets: props.secrets,
    });
    allowWorker(taskDefinition.taskRole, props.queues.queue, props.queues.deadLetterQueue);
    this.service = hubService(this, 'Service', { cluster: props.cluster, taskDefinition, securityGroup: props.securityGroup, desiredCount: props.scaling ? props.scaling.minTasks : 0 });
    this.scaling = props.scaling ? new BacklogScaling(this, 'Scaling', { service: this.service, queue: props.queues.queue, ...props.scaling }) : undefined;
  }
}
