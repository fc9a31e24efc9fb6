// Regenerates docs/errors.md from the error registries: npm run docs:errors
import { SdkErrorCodes } from '@hub/connector-sdk';
import { CoreErrorCodes } from '@hub/core/errors';
const lines = [
  '# Error codes',
  '',
  'Every error the hub raises on purpose carries one of these codes (`err.code`, and `error.code` in HTTP answers).',
  'Retryable codes are retried by the worker; the others are not. A test keeps this page and the registries',
  '(`packages/core/src/errors/registry.ts`, `packages/connector-sdk/src/errors.ts`) in sync.',
  '',
  '## @hub/core',
  '',
  '| code | retryable | meaning |',
  '| --- | --- | --- |',
  ...Object.entries(CoreErrorCodes).map(([code, e]) => `| \`${code}\` | ${e.retryable ? 'yes' : 'no'} | ${e.description} |`),
  '',
  '## @hub/connector-sdk',
  '',
  '| code | retryable | meaning |',
  '| --- | --- | --- |',
  ...Object.entries(SdkErrorCodes).map(([code, d]) => `| \`${code}\` | no | ${d} |`),
  '',
];
console.log(lines.join('\n'));
