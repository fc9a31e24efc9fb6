import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { stringify } from 'yaml';
import { hubUpEnv, spawnHub, type HubProcess } from './hub-process.js';
import type { TestDatabase } from './test-database.js';

export interface RunningHubUp {
  /** A test may replace it (a restart after a kill): stop() ends whichever runs then. */
  hub: HubProcess;
  /** The working directory it runs in (development secrets land in its .hub/). */
  dir: string;
  ingressUrl: string;
  consoleUrl: string;
  /** The embedded SQS emulator, when `hub up` started one. */
  sqsUrl: string | undefined;
  /** The development demo sink, when it runs. */
  sinkUrl: string | undefined;
  /** The Slack app, when the environment has its three settings. */
  slackUrl: string | undefined;
  /** SIGINT (a clean stop), then the working directory goes. */
  stop(): Promise<void>;
}

/** A TCP port free on 127.0.0.1 right now, for a service that takes a fixed port (the demo sink: 0 turns it off). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const urlIn = (line: Record<string, unknown>) => /(http:\/\/[^/\s]+)/.exec(String(line.msg))?.[1] as string;

/**
 * The environment of a production `hub up` (no development secrets, no demo sink) on the test's
 * schema, with the shared SQS emulator.
 */
export function productionHubUpEnv(db: Pick<TestDatabase, 'url' | 'schema'>, extra: Record<string, string>): Record<string, string> {
  return hubUpEnv(db.url, db.schema, { NODE_ENV: 'production', SQS_ENDPOINT: inject('sqsEndpoint'), ...extra });
}

/**
 * `hub up` as a child process in a fresh working directory, with the addresses it printed. With
 * `routes`, its hub.config.yaml (HUB_CONFIG_FILE) holds them.
 */
export async function startHubUp(env: Record<string, string>, { routes }: { routes?: unknown[] } = {}): Promise<RunningHubUp> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-up-'));
  if (routes) await writeFile(path.join(dir, 'hub.config.yaml'), stringify({ routes }));
  const hub = spawnHub(['up'], routes ? { ...env, HUB_CONFIG_FILE: path.join(dir, 'hub.config.yaml') } : env, dir);
  try {
    const ingressUrl = urlIn(await hub.waitForLog(/^ingress\s+http/, 60_000));
    const consoleUrl = urlIn(await hub.waitForLog(/^console\s+http/));
    await hub.waitForLog(/^try it/);
    const line = (pattern: RegExp) => hub.lines.find((l) => pattern.test(String(l.msg)));
    const sqs = line(/^SQS emulator/);
    const sink = line(/^demo sink http/);
    const slack = line(/^slack\s+http/);
    const running: RunningHubUp = {
      hub,
      dir,
      ingressUrl,
      consoleUrl,
      sqsUrl: sqs && urlIn(sqs),
      sinkUrl: sink && urlIn(sink),
      slackUrl: slack && urlIn(slack),
      async stop() {
        if (running.hub.child.exitCode === null) {
          running.hub.child.kill('SIGINT');
          await Promise.race([running.hub.exited(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
          await running.hub.kill();
        }
        await rm(dir, { recursive: true, force: true });
      },
    };
    return running;
  } catch (err) {
    await hub.kill();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
