import { Template } from 'aws-cdk-lib/assertions';
import type { Env } from '@hub/core/config';
import { HUB_STACK } from '../../src/hub-app.js';
import { synthesizeTemplates } from '../../src/synthesize-templates.js';

/** The hub stack's template for a context, unvalidated (the example test runs the validation). */
export async function synthHubStack(context: Record<string, unknown> = {}, env: Env = {}): Promise<{ template: Template; json: Record<string, unknown> }> {
  const templates = await synthesizeTemplates({ env, context, validate: false });
  const json = templates[`${HUB_STACK}.template.json`] as Record<string, unknown>;
  return { template: Template.fromJSON(json), json };
}
