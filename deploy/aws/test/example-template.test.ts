import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthesizeTemplates, templateText } from '../src/synthesize-templates.js';

const exampleDir = join(import.meta.dirname, '..', 'cdk.out.example');

describe('cdk.out.example', () => {
  it('is what synth gives today for the default catalog', async () => {
    // Unvalidated here: the example was validated when written (synth:example fails on any finding of
    // the CDK's offline CloudFormation validation), and this equality carries that over (~8 s of CPU saved).
    const templates = await synthesizeTemplates({ env: {}, validate: false });
    expect(Object.keys(templates).sort()).toEqual(['IntegrationHub.template.json', 'IntegrationHubImages.template.json']);
    for (const [file, template] of Object.entries(templates)) {
      const committed = await readFile(join(exampleDir, file), 'utf8');
      // On a difference: npm run synth:example -w deploy/aws, and review the diff.
      expect(templateText(template) === committed, `${file} is stale: run npm run synth:example -w deploy/aws`).toBe(true);
    }
  });
});
