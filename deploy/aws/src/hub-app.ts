import { App } from 'aws-cdk-lib';
import type { Env } from '@hub/core/config';
import { CONTEXT_KEYS, deploySettings } from './deploy-settings.js';
import { deployedCatalog } from './deployed-connectors.js';
import { HubImagesStack } from './hub-images.js';
import { HubStack } from './hub-stack.js';

export const HUB_STACK = 'IntegrationHub';
export const IMAGES_STACK = 'IntegrationHubImages';
/** Feature flag: the built-in validation's findings fail the synth instead of printing warnings. */
const VALIDATE_AS_ERRORS = '@aws-cdk/core:validateAgainstDefaultRules';

export interface HubAppOptions {
  /** Context values as `-c name=value` gives them (the CLI passes its own through CDK_CONTEXT_JSON). */
  context?: Record<string, unknown>;
  /** Where the catalog is searched (HUB_CONNECTOR_PATHS); nothing else is read from it. */
  env: Env;
  outdir?: string;
  /**
   * Check the templates with the CDK's built-in offline CloudFormation validation, failing on any
   * finding (seconds of CPU: tests that synthesise variants turn it off). Default true.
   */
  validate?: boolean;
}

/** The CDK app: the images stack and the hub stack, for the connectors installed with this hub. */
export async function buildHubApp(options: HubAppOptions): Promise<App> {
  // No analytics metadata: the synthesised template is the same on every run and machine.
  const validate = options.validate ?? true;
  const app = new App({
    context: { [VALIDATE_AS_ERRORS]: validate, ...options.context },
    outdir: options.outdir,
    analyticsReporting: false,
    builtinCloudFormationValidation: validate,
  });
  const settings = deploySettings(Object.fromEntries(CONTEXT_KEYS.map((key) => [key, app.node.tryGetContext(key)])));
  const catalog = await deployedCatalog(options.env, settings.connectors);
  const description = 'Integration Hub (deploy/aws; docs/deploy.md)';
  new HubImagesStack(app, IMAGES_STACK, { description: `${description}: image repositories`, connectors: catalog.webhookConnectors.map((c) => c.id) });
  new HubStack(app, HUB_STACK, { description, settings, catalog });
  return app;
}
