/* eslint-disable @typescript-eslint/no-explicit-any -- a synthesised template is untyped JSON; the tests assert its shape */
/** Small readers over a synthesised CloudFormation template (plain JSON, as deployed). */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>;
}
export type Resources = Record<string, CfnResource>;

export const resourcesOf = (json: Record<string, unknown>) => json.Resources as Resources;

export function ofType(resources: Resources, type: string): [string, CfnResource][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

/** Logical id of the queue with this name. */
export function queueId(resources: Resources, queueName: string): string {
  const found = ofType(resources, 'AWS::SQS::Queue').find(([, r]) => r.Properties?.QueueName === queueName);
  if (!found) throw new Error(`no queue named ${queueName}`);
  return found[0];
}

export interface Container {
  taskDefinitionId: string;
  taskRoleId: string;
  command: string[] | undefined;
  environment: Record<string, unknown>;
  secrets: Record<string, unknown>;
}

/** Each task definition's one container, with its task role's logical id. */
export function containers(resources: Resources): Container[] {
  return ofType(resources, 'AWS::ECS::TaskDefinition').map(([id, r]) => {
    const def = r.Properties?.ContainerDefinitions[0];
    return {
      taskDefinitionId: id,
      taskRoleId: r.Properties?.TaskRoleArn['Fn::GetAtt'][0],
      command: def.Command,
      environment: Object.fromEntries((def.Environment ?? []).map((e: { Name: string; Value: unknown }) => [e.Name, e.Value])),
      secrets: Object.fromEntries((def.Secrets ?? []).map((s: { Name: string; ValueFrom: unknown }) => [s.Name, s.ValueFrom])),
    };
  });
}

export const workerContainers = (resources: Resources) => containers(resources).filter((c) => typeof c.environment.HUB_WORKER_CONNECTOR === 'string');
export const containerRunning = (resources: Resources, command: string) => containers(resources).find((c) => c.command?.[0] === command);

export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every statement of the inline policies attached to a role. */
export function statementsOfRole(resources: Resources, roleId: string): Statement[] {
  return ofType(resources, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties?.Roles ?? []).some((r: { Ref?: string }) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties?.PolicyDocument.Statement as Statement[]);
}

export const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const resourceList = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);
/** `{ "Fn::GetAtt": [id, "Arn"] }` -> id. */
export const arnOf = (resource: unknown) => (resource as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt']?.[0];
