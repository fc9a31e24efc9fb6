import { defineConfig } from 'vitest/config';

// Workspace packages export a "source" condition pointing at src/*.ts, so tests run
// against the sources (one module instance, no build needed); child processes use dist.
// No 'module' condition: it points some packages (the AWS SDK) at bundler-only ESM builds that Node cannot load.
const conditions = ['source', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    globalSetup: ['./test/support/global-setup.ts'],
    testTimeout: 30_000,
    // Vitest's default is one worker per core minus one: a single worker on a 2-core machine, where the
    // suite spends most of its time waiting on processes, queues and timers (about 0.7 core busy on
    // average). Two files at a time keep CI well inside its 20 minutes.
    maxWorkers: 2,
    // This machine runs Node 20 on purpose (images use a current LTS); the SDK's notice is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['packages/*/src/**/*.test.ts', 'connectors/*/src/**/*.test.ts', 'connectors/*/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/web/src/**/*.test.ts', 'deploy/*/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/**/*.test.ts'] } },
      // deploy/aws: synthesis only (its tests use no PostgreSQL, Redis or SQS); no 'extends', so none of the shared test env.
      { resolve: { conditions }, ssr: { resolve: { conditions } }, test: { name: 'deploy-aws', include: ['deploy/aws/test/**/*.test.ts'], testTimeout: 60_000 } },
    ],
  },
});
