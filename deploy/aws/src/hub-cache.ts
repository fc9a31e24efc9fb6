import { CfnReplicationGroup, CfnSubnetGroup } from 'aws-cdk-lib/aws-elasticache';
import { Port, SecurityGroup, SubnetType, type IConnectable, type IVpc } from 'aws-cdk-lib/aws-ec2';
import { Secret as EcsSecret } from 'aws-cdk-lib/aws-ecs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface HubCacheProps {
  vpc: IVpc;
  redisUrl?: string | undefined;
  redisSecretArn?: string | undefined;
}

const REDIS_PORT = 6379;

/**
 * Redis for the state workers share: circuit breakers, rate limits, the anomaly detector's lease.
 * One ElastiCache node (TLS in transit, encrypted at rest, reachable from the workers' security
 * group only, so no AUTH token), or an existing Redis from context.
 */
export class HubCache extends Construct {
  readonly environment: Record<string, string>;
  readonly secrets: Record<string, EcsSecret>;
  private readonly securityGroup: SecurityGroup | undefined;

  constructor(scope: Construct, id: string, props: HubCacheProps) {
    super(scope, id);
    if (props.redisUrl || props.redisSecretArn) {
      this.securityGroup = undefined;
      this.environment = props.redisUrl ? { REDIS_URL: props.redisUrl } : {};
      this.secrets = props.redisSecretArn ? { REDIS_URL: EcsSecret.fromSecretsManager(Secret.fromSecretCompleteArn(this, 'RedisUrl', props.redisSecretArn)) } : {};
      return;
    }
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', { vpc: props.vpc, description: 'Redis: hub workers only', allowAllOutbound: false });
    const subnets = new CfnSubnetGroup(this, 'Subnets', {
      description: 'Integration Hub Redis',
      subnetIds: props.vpc.selectSubnets({ subnetType: SubnetType.PRIVATE_ISOLATED }).subnetIds,
    });
    const redis = new CfnReplicationGroup(this, 'Redis', {
      replicationGroupDescription: 'Integration Hub: circuit and rate-limit state',
      engine: 'redis',
      engineVersion: '7.1',
      cacheNodeType: 'cache.t4g.micro',
      numCacheClusters: 1,
      automaticFailoverEnabled: false,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
      cacheSubnetGroupName: subnets.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      port: REDIS_PORT,
    });
    this.environment = { REDIS_URL: `rediss://${redis.attrPrimaryEndPointAddress}:${redis.attrPrimaryEndPointPort}` };
    this.secrets = {};
  }

  allowFrom(peer: IConnectable): void {
    this.securityGroup?.connections.allowFrom(peer, Port.tcp(REDIS_PORT), 'hub worker');
  }
}
