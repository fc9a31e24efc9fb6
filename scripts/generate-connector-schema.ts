// Writes packages/connector-sdk/connector.schema.json from the zod schema of connector.yaml
// (a unit test fails when the committed file is out of date). Run: npm run connectors:schema
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConnectorJsonSchema } from '@hub/connector-sdk';

const target = fileURLToPath(new URL('../packages/connector-sdk/connector.schema.json', import.meta.url));
writeFileSync(target, renderConnectorJsonSchema());
console.log(`wrote ${target}`);
