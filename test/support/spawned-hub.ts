import path from 'node:path';
import type { RouteConfig } from '@hub/core/routes';
import { inject } from 'vitest';
import { hubUpEnv } from './hub-process.js';
import { startHubUp, type RunningHubUp } from './hub-up.js';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from './test-database.js';

export interface SpawnedHub extends RunningHubUp {
  db: TestDatabase;
  /** Its environment (with its hub.config.yaml): a second `hub up` started in `dir` with it takes over the same schema and queues. */
  env: Record<string, string>;
}

/**
 * `hub up` as a child process (the production entry point) on a schema and queue names of its
 * own, with these routes in its hub.config.yaml and the shared SQS emulator; answers once the
 * ingress and the console (and the Slack app, when configured) listen.
 */
export async function spawnHubUp(label: string, routes: RouteConfig[], extraEnv: Record<string, string>): Promise<SpawnedHub> {
  const db = await createTestDatabase(label);
  const env = hubUpEnv(db.url, db.schema, {
    SQS_ENDPOINT: inject('sqsEndpoint'),
    HUB_QUEUE_PREFIX: testQueuePrefix(label),
    HUB_OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
    HUB_VISIBILITY_TIMEOUT_S: '5',
    HUB_RETRY_BASE_DELAY_MS: '200',
    HUB_RETRY_MAX_DELAY_MS: '1000',
    ...extraEnv,
  });
  let running: RunningHubUp;
  try {
    running = await startHubUp(env, { routes });
  } catch (err) {
    await db.drop();
    throw err;
  }
  const stopHub = running.stop;
  return Object.assign(running, {
    db,
    env: { ...env, HUB_CONFIG_FILE: path.join(running.dir, 'hub.config.yaml') },
    async stop() {
      await stopHub();
      await db.drop();
    },
  });
}
