// `npm run synth:example -w deploy/aws`: the templates for the default catalog and context,
// committed under cdk.out.example/ (a test fails when they differ from what synth gives today).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthesizeTemplates, templateText } from './synthesize-templates.js';

export const EXAMPLE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'cdk.out.example');

const templates = await synthesizeTemplates({ env: {} });
await mkdir(EXAMPLE_DIR, { recursive: true });
for (const [file, template] of Object.entries(templates)) {
  await writeFile(join(EXAMPLE_DIR, file), templateText(template));
  console.log(`wrote ${join('cdk.out.example', file)}`);
}
