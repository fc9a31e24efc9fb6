import { Duration } from 'aws-cdk-lib';
import { Peer, Port, SecurityGroup, type IVpc } from 'aws-cdk-lib/aws-ec2';
import type { ContainerImage, FargateService, ICluster, Secret as EcsSecret } from 'aws-cdk-lib/aws-ecs';
import {
  ApplicationLoadBalancer,
  ApplicationProtocol,
  ListenerCertificate,
  type ApplicationListener,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { HUB_CONTAINER, hubService, hubTaskDefinition } from './hub-task.js';

export interface HubWebServicesProps {
  vpc: IVpc;
  cluster: ICluster;
  image: ContainerImage;
  environment: Record<string, string>;
  ingressSecrets: Record<string, EcsSecret>;
  consoleSecrets: Record<string, EcsSecret>;
  certificateArn?: string | undefined;
  /** Sources allowed on the console listener; the VPC's range when none. */
  consoleAllowedCidrs?: readonly string[] | undefined;
  startServices: boolean;
}

const INGRESS_PORT = 8080;
const CONSOLE_PORT = 3000;
/** The load balancer's idle timeout: the hub's keep-alive must outlast it, or the balancer reuses a closed connection (502). */
const ALB_IDLE_TIMEOUT_S = 60;

/**
 * One internet-facing load balancer: webhooks on 443 (80 without a certificate) to the ingress,
 * the console on 8443 (8080) to the console, open only to `consoleAllowedCidrs`.
 */
export class HubWebServices extends Construct {
  readonly loadBalancer: ApplicationLoadBalancer;
  readonly ingress: FargateService;
  readonly console: FargateService;
  readonly ingressSecurityGroup: SecurityGroup;
  readonly consoleSecurityGroup: SecurityGroup;
  readonly webhookBaseUrl: string;
  readonly consoleUrl: string;

  constructor(scope: Construct, id: string, props: HubWebServicesProps) {
    super(scope, id);
    const https = Boolean(props.certificateArn);
    this.loadBalancer = new ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing: true,
      dropInvalidHeaderFields: true,
      idleTimeout: Duration.seconds(ALB_IDLE_TIMEOUT_S),
    });
    const host = this.loadBalancer.loadBalancerDnsName;
    const ingressPort = https ? 443 : 80;
    const consolePort = https ? 8443 : 8080;
    const scheme = https ? 'https' : 'http';
    this.webhookBaseUrl = `${scheme}://${host}`;
    this.consoleUrl = `${scheme}://${host}:${consolePort}`;

    const listener = (name: string, port: number, open: boolean): ApplicationListener =>
      this.loadBalancer.addListener(name, {
        port,
        protocol: https ? ApplicationProtocol.HTTPS : ApplicationProtocol.HTTP,
        open,
        ...(https ? { certificates: [ListenerCertificate.fromArn(props.certificateArn as string)] } : {}),
      });
    if (https) this.loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443 });

    // ---- ingress: `hub ingress` without the relay (its own service), behind one proxy hop.
    this.ingressSecurityGroup = new SecurityGroup(this, 'IngressSecurityGroup', { vpc: props.vpc, description: 'hub ingress: from the load balancer only' });
    const ingressTask = hubTaskDefinition(this, 'IngressTask', {
      image: props.image,
      command: ['ingress'],
      cpu: 512,
      memoryLimitMiB: 1024,
      port: INGRESS_PORT,
      environment: {
        ...props.environment,
        HUB_INGRESS_HOST: '0.0.0.0',
        HUB_INGRESS_PORT: String(INGRESS_PORT),
        HUB_RELAY: 'off',
        HUB_INGRESS_TRUST_PROXY: '1',
        HUB_HTTP_KEEP_ALIVE_TIMEOUT_MS: String((ALB_IDLE_TIMEOUT_S + 5) * 1000),
      },
      secrets: props.ingressSecrets,
    });
    this.ingress = hubService(this, 'Ingress', { cluster: props.cluster, taskDefinition: ingressTask.taskDefinition, securityGroup: this.ingressSecurityGroup, desiredCount: props.startServices ? 2 : 0 });
    const webhooks = listener('Webhooks', ingressPort, true);
    webhooks.addTargets('Ingress', {
      port: INGRESS_PORT,
      protocol: ApplicationProtocol.HTTP,
      targets: [this.ingress.loadBalancerTarget({ containerName: HUB_CONTAINER, containerPort: INGRESS_PORT })],
      // /healthz, not /readyz: a database outage must not take every ingress task out of service
      // (they answer 503 with Retry-After then, which providers retry).
      healthCheck: { path: '/healthz', healthyHttpCodes: '200', interval: Duration.seconds(15), healthyThresholdCount: 2 },
      deregistrationDelay: Duration.seconds(30),
    });
    if (props.startServices) {
      this.ingress.autoScaleTaskCount({ minCapacity: 2, maxCapacity: 6 }).scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
    }

    // ---- console: API and web UI, never open to the internet by default.
    this.consoleSecurityGroup = new SecurityGroup(this, 'ConsoleSecurityGroup', { vpc: props.vpc, description: 'hub console: from the load balancer only' });
    const consoleTask = hubTaskDefinition(this, 'ConsoleTask', {
      image: props.image,
      command: ['console'],
      cpu: 256,
      memoryLimitMiB: 512,
      port: CONSOLE_PORT,
      environment: { ...props.environment, HUB_CONSOLE_HOST: '0.0.0.0', HUB_CONSOLE_PORT: String(CONSOLE_PORT), HUB_HTTP_KEEP_ALIVE_TIMEOUT_MS: String((ALB_IDLE_TIMEOUT_S + 5) * 1000) },
      secrets: props.consoleSecrets,
    });
    this.console = hubService(this, 'Console', { cluster: props.cluster, taskDefinition: consoleTask.taskDefinition, securityGroup: this.consoleSecurityGroup, desiredCount: props.startServices ? 1 : 0 });
    const consoleListener = listener('Console', consolePort, false);
    for (const cidr of props.consoleAllowedCidrs ?? []) this.loadBalancer.connections.allowFrom(Peer.ipv4(cidr), Port.tcp(consolePort), 'console users');
    if (!props.consoleAllowedCidrs?.length) this.loadBalancer.connections.allowFrom(Peer.ipv4(props.vpc.vpcCidrBlock), Port.tcp(consolePort), 'console users inside the VPC');
    consoleListener.addTargets('Console', {
      port: CONSOLE_PORT,
      protocol: ApplicationProtocol.HTTP,
      targets: [this.console.loadBalancerTarget({ containerName: HUB_CONTAINER, containerPort: CONSOLE_PORT })],
      healthCheck: { path: '/healthz', healthyHttpCodes: '200', interval: Duration.seconds(30) },
      deregistrationDelay: Duration.seconds(30),
    });
  }
}
