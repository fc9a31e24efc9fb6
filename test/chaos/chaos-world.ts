import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type pg from 'pg';
import type { Connector } from '@hub/connector-sdk';
import { createPool } from '@hub/core/db';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis.js';
import { freePort } from '../support/hub-up.js';
import { HubPart } from './hub-part.js';
import { SteadyLoad, type LoadTarget } from './load.js';
import { ChaosProvider } from './provider.js';
import { startPrivatePostgres, type PrivatePostgres } from './services/private-postgres.js';
import { sqsEmulator, type SqsEmulator } from './services/sqs-emulator.js';

const run = promisify(execFile);
const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../apps/cli/dist/main.js');

export interface ChaosOptions {
  /** Webhooks per second over all connectors. */
  perSecond: number;
  /** Calls per second each provider allows (the hub is configured with it; the ledger checks it). */
  providerLimit: number;
  /** One worker process per connector (production shape) or one for all. */
  workerPerConnector: boolean;
  /** Where process logs go (kept for reading after a failed run). */
  logDir?: string;
}

/** Which connector's webhooks a route sends to which provider. */
const ROUTED: { id: string; eventType: string }[] = [
  { id: 'stripe', eventType: 'payment_intent.succeeded' },
  { id: 'github', eventType: 'push' },
  { id: 'shopify', eventType: 'orders/create' },
];

/**
 * Everything a chaos run starts, all its own and on loopback: a PostgreSQL cluster, a Redis and
 * an SQS emulator on private ports, the providers, the hub as separate processes (ingress, relay,
 * workers), and a steady load of signed webhooks.
 */
export class ChaosWorld {
  readonly providers = new Map<string, ChaosProvider>();
  readonly parts = new Map<string, HubPart>();
  postgres!: PrivatePostgres;
  redis!: PrivateRedis;
  sqs!: SqsEmulator;
  load!: SteadyLoad;
  db!: pg.Pool;
  env: Record<string, string> = {};
  ingressPort = 0;
  dir = '';
  logDir = '';

  constructor(
    readonly options: ChaosOptions,
    private readonly connectors: Readonly<Record<string, Connector>>,
  ) {}

  get connectorIds(): string[] {
    return ROUTED.map((r) => r.id);
  }

  async start(): Promise<void> {
    this.dir = await mkdtemp(path.join(os.tmpdir(), 'hub-chaos-'));
    this.logDir = this.options.logDir ?? path.join(this.dir, 'logs');
    await mkdir(this.logDir, { recursive: true });
    const [pgPort, sqsPort] = [await freePort(), await freePort()];
    this.ingressPort = await freePort();
    this.postgres = await startPrivatePostgres(pgPort);
    this.redis = await startPrivateRedis();
    this.sqs = sqsEmulator(sqsPort);
    await this.sqs.start();
    for (const { id } of ROUTED) {
      const provider = new ChaosProvider(id);
      await provider.start();
      this.providers.set(id, provider);
    }
    const secrets = Object.fromEntries(ROUTED.map(({ id }) => [id, `whsec_${randomBytes(24).toString('base64')}`]));
    const routesFile = path.join(this.dir, 'hub.config.yaml');
    await writeFile(routesFile, stringify(this.hubConfig()));
    this.env = {
      NODE_ENV: 'production',
      DATABASE_URL: this.postgres.url,
      REDIS_URL: this.redis.url,
      SQS_ENDPOINT: this.sqs.url,
      HUB_QUEUE_PREFIX: 'chaos-',
      HUB_CONFIG_FILE: routesFile,
      HUB_CONSOLE_TOKEN: randomBytes(32).toString('base64url'),
      HUB_INGRESS_PORT: String(this.ingressPort),
      HUB_OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
      HUB_OUTBOUND_TIMEOUT_MS: '2000',
      HUB_VISIBILITY_TIMEOUT_S: '5',
      HUB_RECEIVE_WAIT_S: '1',
      HUB_RETRY_BASE_DELAY_MS: '250',
      HUB_RETRY_MAX_DELAY_MS: '2000',
      HUB_RETRY_MAX_ATTEMPTS: '30',
      HUB_METRICS_PORT: '0',
      // Stalls (messages lost with the emulator, a worker killed mid-handler) are found within
      // seconds, not the production 5 minutes; still above visibility timeout + receive wait.
      HUB_STALL_AFTER_S: '8',
      HUB_SWEEP_INTERVAL_S: '2',
      // A killed relay's claimed rows are taken over after this (production default 10 s).
      HUB_RELAY_LEASE_MS: '3000',
      // Loopback load from one address: the refusal limit is not what this run is about.
      HUB_INGRESS_RATE_LIMIT_EXEMPT: '127.0.0.0/8',
      LOG_LEVEL: 'info',
      ...Object.fromEntries(ROUTED.map(({ id }) => [`${id.toUpperCase()}_WEBHOOK_SECRET`, secrets[id] as string])),
    };
    await run(process.execPath, [CLI, 'migrate'], { env: { PATH: process.env.PATH ?? '', ...this.env } });
    this.db = createPool({ url: this.postgres.url, schema: 'hub', max: 4 });
    this.addPart('ingress', ['ingress'], { HUB_RELAY: 'off' }, /^ingress listening/);
    this.addPart('relay', ['relay'], {}, /^relay running/);
    if (this.options.workerPerConnector) for (const id of this.connectorIds) this.addPart(`worker-${id}`, ['worker', '--connector', id], {}, /^worker consuming/);
    else this.addPart('worker', ['worker', '--connector', this.connectorIds.join(',')], {}, /^worker consuming/);
    await Promise.all([...this.parts.values()].map((p) => p.start()));
    const targets: LoadTarget[] = ROUTED.map(({ id, eventType }) => ({ connector: this.connectors[id] as Connector, eventType, secret: secrets[id] as string }));
    this.load = new SteadyLoad(() => `http://127.0.0.1:${this.ingressPort}`, targets, this.options.perSecond);
  }

  /** Each routed connector's webhooks go to its own provider through the http connector, which the provider limit governs. */
  private hubConfig(): unknown {
    return {
      routes: ROUTED.map(({ id, eventType }) => ({
        name: `${id}-to-provider`,
        on: { connector: id, event: eventType },
        action: { connector: 'http', name: 'post' },
        input: `{ "url": "${(this.providers.get(id) as ChaosProvider).url}/${id}", "body": { "hubEventId": $eventId } }`,
      })),
      connectors: { http: { rateLimit: { points: this.options.providerLimit, durationMs: 1000 } } },
    };
  }

  addPart(name: string, args: string[], env: Record<string, string>, ready: RegExp): HubPart {
    const part = new HubPart(name, args, { ...this.env, ...env }, ready, this.dir, this.logDir);
    this.parts.set(name, part);
    return part;
  }

  part(name: string): HubPart {
    const part = this.parts.get(name);
    if (!part) throw new Error(`no hub part ${name}`);
    return part;
  }

  provider(connector: string): ChaosProvider {
    return this.providers.get(connector) as ChaosProvider;
  }

  async close(keepLogs: boolean): Promise<void> {
    await this.load?.stop().catch(() => undefined);
    for (const part of this.parts.values()) await part.close();
    await this.db?.end().catch(() => undefined);
    for (const provider of this.providers.values()) await provider.close();
    await this.sqs?.kill();
    await this.redis?.stop();
    await this.postgres?.destroy();
    if (!keepLogs) await rm(this.dir, { recursive: true, force: true });
  }
}
