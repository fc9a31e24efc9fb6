import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { InstanceType, SecurityGroup, SubnetType, type IConnectable, type IVpc } from 'aws-cdk-lib/aws-ec2';
import { Secret as EcsSecret } from 'aws-cdk-lib/aws-ecs';
import { Credentials, DatabaseInstance, DatabaseInstanceEngine, ParameterGroup, PostgresEngineVersion, StorageType } from 'aws-cdk-lib/aws-rds';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface HubDatabaseProps {
  vpc: IVpc;
  /** An existing database: the secret holding the whole DATABASE_URL. */
  databaseSecretArn?: string | undefined;
  instanceType: string;
  multiAz: boolean;
}

const DATABASE = 'hub';
const USER = 'hub';

/**
 * PostgreSQL 16 on RDS (the hub needs 14 or later: lz4 TOAST compression, migration 0002), or an
 * existing database. The password never enters a task's environment as text: with RDS, the URL
 * carries no password and node-postgres reads PGPASSWORD, injected from the generated secret.
 */
export class HubDatabase extends Construct {
  readonly environment: Record<string, string>;
  readonly secrets: Record<string, EcsSecret>;
  private readonly instance: DatabaseInstance | undefined;

  constructor(scope: Construct, id: string, props: HubDatabaseProps) {
    super(scope, id);
    if (props.databaseSecretArn) {
      this.instance = undefined;
      this.environment = {};
      this.secrets = { DATABASE_URL: EcsSecret.fromSecretsManager(Secret.fromSecretCompleteArn(this, 'DatabaseUrl', props.databaseSecretArn)) };
      return;
    }
    const engine = DatabaseInstanceEngine.postgres({ version: PostgresEngineVersion.VER_16 });
    // The migrations create the roles hub_app and hub_retention and every process SET ROLEs to
    // hub_app. RDS's master user is no superuser, and since PostgreSQL 16 the creator of a role may
    // only SET it when createrole_self_grant says so.
    const parameters = new ParameterGroup(this, 'Parameters', { engine, parameters: { createrole_self_grant: 'set, inherit' } });
    this.instance = new DatabaseInstance(this, 'Instance', {
      engine,
      parameterGroup: parameters,
      instanceType: new InstanceType(props.instanceType),
      vpc: props.vpc,
      vpcSubnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
      securityGroups: [new SecurityGroup(this, 'SecurityGroup', { vpc: props.vpc, description: 'PostgreSQL: hub processes only', allowAllOutbound: false })],
      credentials: Credentials.fromGeneratedSecret(USER),
      databaseName: DATABASE,
      storageType: StorageType.GP3,
      allocatedStorage: 20,
      maxAllocatedStorage: 200,
      storageEncrypted: true,
      multiAz: props.multiAz,
      backupRetention: Duration.days(7),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      enablePerformanceInsights: false,
    });
    const { hostname, port } = this.instance.instanceEndpoint;
    // RDS for PostgreSQL 15+ requires TLS (rds.force_ssl). no-verify: encrypted, but the server
    // certificate is not checked, as the images carry no RDS CA bundle (docs/deploy.md).
    this.environment = { DATABASE_URL: `postgres://${USER}@${hostname}:${port}/${DATABASE}?sslmode=no-verify` };
    this.secrets = { PGPASSWORD: EcsSecret.fromSecretsManager(this.instance.secret as Secret, 'password') };
  }

  /** Lets a service's tasks connect. */
  allowFrom(peer: IConnectable): void {
    this.instance?.connections.allowDefaultPortFrom(peer, 'hub process');
  }
}

