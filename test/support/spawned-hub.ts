import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RouteConfig } from '@hub/core/routes';
import { inject } from 'vitest';
import { stringify } from 'yaml';
import { hubUpEnv, spawnHub, type HubProcess } from './hub-process.js';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from './test-database.js';

export interface SpawnedHub {
  hub: HubProcess;
  db: TestDatabase;
  /** Where it runs (its hub.config.yaml): a second `hub up` started here with `env` takes over the same schema and queues. */
  dir: string;
  env: Record<string, string>;
  ingressUrl: string;
  consoleUrl: string;
  /** Set when the environment has the Slack app's three settings. */
  slackUrl: string | undefined;
  stop(): Promise<void>;
}

const urlIn = (line: Record<string, unknown>) => /(http:\/\/[^/\s]+)/.exec(String(line.msg))?.[1] as string;

/**
 * `hub up` as a child process (the production entry point) on a schema and queue names of its
 * own, with these routes in its hub.config.yaml and the shared SQS emulator; answers once the
 * ingress and the console (and the Slack app, when configured) listen.
 */
export async function spawnHubUp(label: string, routes: RouteConfig[], extraEnv: Record<string, string>): Promise<SpawnedHub> {
  const db = await createTestDatabase(label);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-sec-'));
  const configFile = path.join(dir, 'hub.config.yaml');
  await writeFile(configFile, stringify({ routes }));
  const env = hubUpEnv(db.url, db.schema, {
    HUB_CONFIG_FILE: configFile,
    SQS_ENDPOINT: inject('sqsEndpoint'),
    HUB_QUEUE_PREFIX: testQueuePrefix(label),
    HUB_OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
    HUB_METRICS_PORT: '0',
    HUB_VISIBILITY_TIMEOUT_S: '5',
    HUB_RETRY_BASE_DELAY_MS: '200',
    HUB_RETRY_MAX_DELAY_MS: '1000',
    ...extraEnv,
  });
  const hub = spawnHub(['up'], env, dir);
  try {
    const ingressUrl = urlIn(await hub.waitForLog(/^ingress\s+http/, 60_000));
    const consoleUrl = urlIn(await hub.waitForLog(/^console\s+http/));
    const slackUrl = env.SLACK_SIGNING_SECRET ? urlIn(await hub.waitForLog(/^slack\s+http/)) : undefined;
    const spawned: SpawnedHub = {
      hub,
      db,
      dir,
      env,
      ingressUrl,
      consoleUrl,
      slackUrl,
      async stop() {
        // The test may have replaced the process (a restart after a kill).
        await spawned.hub.kill('SIGINT');
        await spawned.hub.exited();
        await db.drop();
        await rm(dir, { recursive: true, force: true });
      },
    };
    return spawned;
  } catch (err) {
    await hub.kill();
    await db.drop();
    throw err;
  }
}
