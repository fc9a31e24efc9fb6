import { CfnScalingPolicy, ScalableTarget, ServiceNamespace } from 'aws-cdk-lib/aws-applicationautoscaling';
import type { FargateService } from 'aws-cdk-lib/aws-ecs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface BacklogScalingProps {
  service: FargateService;
  queue: IQueue;
  minTasks: number;
  maxTasks: number;
  /** Visible messages per running task to keep to. */
  backlogPerTask: number;
}

/**
 * Target tracking on backlog per task, the pattern AWS recommends for queue consumers: the queue's
 * visible messages divided by the service's running tasks (metric math; the CDK's target tracking
 * construct takes single metrics only, hence the CloudFormation resource). Messages waiting out a
 * retry or a rate limit are delayed, not visible, so throttling does not scale a worker out.
 */
export class BacklogScaling extends Construct {
  readonly target: ScalableTarget;
  readonly policy: CfnScalingPolicy;

  constructor(scope: Construct, id: string, props: BacklogScalingProps) {
    super(scope, id);
    const { service, queue } = props;
    this.target = new ScalableTarget(this, 'Target', {
      serviceNamespace: ServiceNamespace.ECS,
      resourceId: `service/${service.cluster.clusterName}/${service.serviceName}`,
      scalableDimension: 'ecs:service:DesiredCount',
      minCapacity: props.minTasks,
      maxCapacity: props.maxTasks,
    });
    this.target.node.addDependency(service);
    this.policy = new CfnScalingPolicy(this, 'BacklogPerTask', {
      policyName: 'backlog-per-task',
      policyType: 'TargetTrackingScaling',
      scalingTargetId: this.target.scalableTargetId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: props.backlogPerTask,
        scaleOutCooldown: 60,
        scaleInCooldown: 300,
        customizedMetricSpecification: {
          metrics: [
            {
              id: 'visible',
              returnData: false,
              metricStat: {
                metric: { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: [{ name: 'QueueName', value: queue.queueName }] },
                stat: 'Sum',
              },
            },
            {
              id: 'tasks',
              returnData: false,
              metricStat: {
                metric: {
                  namespace: 'ECS/ContainerInsights',
                  metricName: 'RunningTaskCount',
                  dimensions: [
                    { name: 'ClusterName', value: service.cluster.clusterName },
                    { name: 'ServiceName', value: service.serviceName },
                  ],
                },
                stat: 'Average',
              },
            },
            // At least one task runs (minTasks >= 1), so the division is defined.
            { id: 'backlogPerTask', label: 'visible messages per running task', expression: 'visible / tasks', returnData: true },
          ],
        },
      },
    });
  }
}
