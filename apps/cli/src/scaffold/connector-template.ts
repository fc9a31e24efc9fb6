/**
 * The files of a new declarative connector package: a connector.yaml with one webhook event
 * and one action, their JSON Schemas and fixtures, a simulator entry, and a test that runs the
 * SDK's contract suite. It passes its own tests as generated, so an engineer starts from green.
 */
export interface ConnectorTemplateInput {
  id: string;
  /** Human name, derived from the id. */
  name: string;
  /** Path from the package folder to the SDK's connector.schema.json (editor autocompletion). */
  schemaPath: string;
  /** Version of @hub/connector-sdk to depend on. */
  sdkVersion: string;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export function connectorTemplate({ id, name, schemaPath, sdkVersion }: ConnectorTemplateInput): Record<string, string> {
  const contactSchema = {
    type: 'object',
    required: ['id', 'email', 'created_at'],
    properties: {
      id: { type: 'string' },
      email: { type: 'string' },
      name: { type: ['string', 'null'] },
      created_at: { type: 'string' },
    },
  };
  return {
    'package.json': json({
      name: `@hub/connector-${id}`,
      version: '0.1.0',
      description: `Integration Hub connector: ${name}`,
      license: 'UNLICENSED',
      type: 'module',
      hub: { connector: './connector.yaml' },
      files: ['connector.yaml', 'simulator.yaml', 'schemas', 'fixtures'],
      scripts: { test: 'vitest run' },
      // The hub that loads the connector brings the SDK; the package needs it only for its tests.
      peerDependencies: { '@hub/connector-sdk': `^${sdkVersion}` },
      peerDependenciesMeta: { '@hub/connector-sdk': { optional: true } },
      devDependencies: { '@hub/connector-sdk': sdkVersion, '@hub/simulators': sdkVersion },
    }),
    'connector.yaml': `# yaml-language-server: $schema=${schemaPath}
# ${name}: declared, not programmed. \`hub connectors validate .\` checks this file;
# \`npm test\` runs the SDK's contract suite on it. Format: docs/connector-yaml.md.
id: ${id}
version: 0.1.0
name: ${name}

baseUrls:
  production: https://api.${id}.example
  # ${id.toUpperCase().replaceAll('-', '_')}_BASE_URL overrides it (tests point it at a simulator)

auth:
  type: bearer                   # credential field: token (hub credentials set ${id} --field token)

webhook:
  scheme: standardWebhooks       # webhook-id, webhook-timestamp, webhook-signature
  eventId: { from: header, name: webhook-id }
  eventType: { from: body, path: type }

events:
  contact.created:
    schema: schemas/contact-created.json
    fixture: fixtures/contact-created.json

actions:
  create_contact:
    description: Create a contact
    method: POST
    path: /v1/contacts
    input: schemas/create-contact-input.json
    body: '{ "email": email, "name": name }'
    output: schemas/contact.json
    idempotent: true
    idempotencyKey: { header: Idempotency-Key }

rateLimit: { points: 100, durationMs: 1000 }
# concurrency: 10                # its webhooks one worker process handles at once (default 100)
`,
    'schemas/contact.json': json({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...contactSchema }),
    'schemas/contact-created.json': json({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      required: ['type', 'timestamp', 'data'],
      properties: { type: { type: 'string' }, timestamp: { type: 'string' }, data: contactSchema },
    }),
    'schemas/create-contact-input.json': json({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      required: ['email'],
      properties: { email: { type: 'string' }, name: { type: 'string' } },
      additionalProperties: false,
    }),
    'schemas/create-contact-request.json': json({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      required: ['email'],
      properties: { email: { type: 'string' }, name: { type: 'string' } },
    }),
    'fixtures/contact-created.json': json({
      type: 'contact.created',
      timestamp: '2026-01-15T09:30:00Z',
      data: { id: 'ct_1a2b3c', email: 'ada@example.com', name: 'Ada Lovelace', created_at: '2026-01-15T09:30:00Z' },
    }),
    'fixtures/create-contact-response.json': json({ id: 'ct_4d5e6f', email: 'grace@example.com', name: 'Grace Hopper', created_at: '2026-01-15T09:31:00Z' }),
    'simulator.yaml': `# How ${name}'s API answers, per action: the contract suite runs every action against it.
routes:
  - action: create_contact
    method: POST
    path: /v1/contacts
    request:
      body: schemas/create-contact-request.json
      idempotencyKeyHeader: Idempotency-Key
    response:
      status: 201
      body: fixtures/create-contact-response.json
    example: { email: grace@example.com, name: Grace Hopper }
`,
    'connector.test.ts': `import { fileURLToPath } from 'node:url';
import { loadConnectorDeclaration } from '@hub/connector-sdk';
import { describeConnector } from '@hub/connector-sdk/testing';
import { loadSimulatorEntry, startCatalogSimulator } from '@hub/simulators';

const packageDir = fileURLToPath(new URL('.', import.meta.url));
const connector = await loadConnectorDeclaration(\`\${packageDir}connector.yaml\`);

describeConnector(connector, { simulator: () => startCatalogSimulator(loadSimulatorEntry(packageDir)) });
`,
    'README.md': `# @hub/connector-${id}

${name} for Integration Hub, declared in \`connector.yaml\` (format: the hub's docs/connector-yaml.md).

- \`npm test\`: the SDK's contract suite (fixtures parse, signatures verify, tampered and stale
  deliveries are refused, every action matches its simulator entry in \`simulator.yaml\`).
- \`hub connectors validate .\`: checks the declaration and names file, line and field of a mistake.
- Publish with \`npm publish\`; a hub that has the package installed and enabled (HUB_CONNECTORS)
  loads it: the \`hub\` field of package.json marks it as a connector.
`,
  };
}
