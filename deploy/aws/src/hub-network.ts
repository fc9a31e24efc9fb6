import { SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { Cluster, ContainerInsights } from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';

/**
 * Two availability zones: public subnets for the load balancer and the NAT gateway, private ones
 * for the tasks (outbound through one NAT gateway: provider APIs, ECR, Secrets Manager, SQS), and
 * isolated ones for PostgreSQL and Redis.
 */
export class HubNetwork extends Construct {
  readonly vpc: Vpc;
  readonly cluster: Cluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.vpc = new Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'tasks', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        { name: 'data', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    // Container Insights publishes RunningTaskCount, the denominator of each worker's backlog per task.
    this.cluster = new Cluster(this, 'Cluster', { vpc: this.vpc, containerInsightsV2: ContainerInsights.ENABLED });
  }
}
