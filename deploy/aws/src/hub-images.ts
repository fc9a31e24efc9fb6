import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Repository, TagStatus, type IRepository } from 'aws-cdk-lib/aws-ecr';
import { ContainerImage } from 'aws-cdk-lib/aws-ecs';
import type { Construct } from 'constructs';

/** Repository names: the hub image (ingress, console, relay, migrate) and one worker image per connector, as scripts/build-image.sh names them. */
export const HUB_REPOSITORY = 'hub';
export const workerRepository = (connector: string) => `hub-worker-${connector}`;

/**
 * The ECR repositories, in a stack of their own: deployed (and pushed to) before the services
 * that pull from them, and kept when the hub stack is destroyed.
 */
export class HubImagesStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { connectors: readonly string[] }) {
    super(scope, id, props);
    for (const name of [HUB_REPOSITORY, ...props.connectors.map(workerRepository)]) {
      new Repository(this, `Repository-${name}`, {
        repositoryName: name,
        imageScanOnPush: true,
        lifecycleRules: [{ description: 'untagged layers of superseded pushes', tagStatus: TagStatus.UNTAGGED, maxImageAge: Duration.days(14) }],
      });
    }
  }
}

/** Where the services' images come from: another registry (`imageRegistry`) or this account's ECR. */
export class HubImageSource {
  constructor(
    private readonly registry: string | undefined,
    private readonly tag: string,
  ) {}

  hub(scope: Construct): ContainerImage {
    return this.image(scope, HUB_REPOSITORY);
  }

  worker(scope: Construct, connector: string): ContainerImage {
    return this.image(scope, workerRepository(connector));
  }

  private image(scope: Construct, name: string): ContainerImage {
    if (this.registry) return ContainerImage.fromRegistry(`${this.registry}/${name}:${this.tag}`);
    // By name, not by a reference into the images stack (which is deployed first and outlives this
    // one); each task's execution role may pull from its own repository only.
    const stack = Stack.of(scope);
    const id = `Repository-${name}`;
    const repository = (stack.node.tryFindChild(id) as IRepository | undefined) ?? Repository.fromRepositoryName(stack, id, name);
    return ContainerImage.fromEcrRepository(repository, this.tag);
  }
}
