// Shared lint rules: `npm run lint` lints every workspace folder, test/ and scripts/ in one process;
// each workspace's own `eslint src` uses the same rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_BARE_ERROR = { selector: "ThrowStatement > NewExpression[callee.name='Error']", message: 'throw a registered HubError (see docs/errors.md)' };
const NO_LEADING_SPREAD = {
  selector: 'ObjectExpression[properties.length>1] > SpreadElement:first-child',
  message: 'on Node 20 a literal that starts with a spread gets a hidden class of its own each time: put the named properties first, name the fields, or Object.assign({}, a, b) (CONTRIBUTING, "Object literals on hot paths")',
};
const HOT_PATHS = [
  'apps/ingress/src/**/*.ts',
  'apps/worker/src/**/*.ts',
  ...['processing', 'queue', 'event-store', 'event-lease', 'outbox', 'batching', 'redact', 'auth'].map((dir) => `packages/core/src/${dir}/**/*.ts`),
];

export default tseslint.config(
  // Build outputs (dist/, and lib/ of deploy/kubernetes, whose dist/ holds the committed manifests) are not linted.
  { ignores: ['**/dist/**', '**/node_modules/**', 'deploy/*/lib/**', '**/cdk.out/**', 'test/bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Library code raises registered HubErrors, never bare Errors (tests may).
      'no-restricted-syntax': ['error', NO_BARE_ERROR],
    },
  },
  {
    // The code every webhook passes through (CONTRIBUTING, "Object literals on hot paths").
    files: HOT_PATHS,
    rules: { 'no-restricted-syntax': ['error', NO_BARE_ERROR, NO_LEADING_SPREAD] },
  },
  {
    // JSONata is compiled and evaluated in one place, under the hub's limits and off the event loop.
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    ignores: ['packages/connector-sdk/src/jsonata/**', 'packages/connector-sdk/evaluator/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'jsonata', message: 'use compileJsonata from @hub/connector-sdk (limits, evaluation pool)' }] }] },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['**/*.test.ts', '**/testing/**', 'test/**', 'deploy/*/test/**', 'scripts/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
