import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { App, HTTPReceiver } from '@slack/bolt';
import type { Connector } from '@hub/connector-sdk';
import type { EventStore } from '@hub/core/event-store';
import type { RateLimitSource } from '@hub/core/health';
import type { Logger } from '@hub/core/logger';
import type { ConnectorQueues } from '@hub/core/queue';
import { boltLogger } from './bolt-logger.js';
import { registerSlashCommand, SUBCOMMANDS } from './commands/index.js';
import { operatorIds, operatorGroupIds, type SlackConfig } from './config.js';
import type { SlackDeps } from './deps.js';
import { operatorCheck } from './operators.js';
import { registerReplayButton } from './replay-button.js';

export interface SlackAppOptions {
  config: Pick<SlackConfig, 'SLACK_SIGNING_SECRET' | 'SLACK_BOT_TOKEN' | 'SLACK_TEAM_ID' | 'HUB_SLACK_OPERATORS' | 'SLACK_API_URL'> &
    Partial<Pick<SlackConfig, 'HUB_SLACK_OPERATOR_GROUPS' | 'HUB_CONSOLE_URL'>>;
  pool: pg.Pool;
  store: EventStore;
  /** Connectors that receive webhooks: what `/hub health` lists and `/hub dlq` accepts. */
  connectors: readonly string[];
  /** The installed connectors' declarations: the events and actions workflows may use. */
  catalog?: Readonly<Record<string, Connector>>;
  queues?: ConnectorQueues;
  rateLimits?: RateLimitSource;
  log: Logger;
}

export interface RunningSlackApp {
  /** Where Slack posts commands and interactivity: `${url}/slack/events`. */
  url: string;
  stop(): Promise<void>;
}

/** The Bolt app on an HTTP receiver: Slack's v0 signatures (5-minute window) are checked before any handler runs. */
export function createSlackApp(options: SlackAppOptions): App {
  const { config, log } = options;
  const logger = boltLogger(log);
  const receiver = new HTTPReceiver({ signingSecret: config.SLACK_SIGNING_SECRET, endpoints: '/slack/events', logger });
  const app = new App({
    // One workspace, one bot token: no auth.test round trip before the first ack (Slack waits 3 s).
    authorize: () => Promise.resolve({ botToken: config.SLACK_BOT_TOKEN }),
    receiver,
    logger,
    clientOptions: { slackApiUrl: config.SLACK_API_URL },
  });
  const deps: SlackDeps = {
    pool: options.pool,
    store: options.store,
    connectors: options.connectors,
    catalog: options.catalog ?? {},
    queues: options.queues,
    rateLimits: options.rateLimits,
    operators: operatorCheck({ userIds: operatorIds(config), groupIds: operatorGroupIds(config), client: app.client, log }),
    consoleUrl: config.HUB_CONSOLE_URL ?? 'http://127.0.0.1:3000',
    log,
  };

  // One workspace only: another team's request is acknowledged and nothing else happens.
  app.use(async (args) => {
    const teamId = args.context.teamId;
    if (teamId === config.SLACK_TEAM_ID) return args.next();
    log.warn({ teamId }, 'slack request from another workspace refused');
    if ('ack' in args && typeof args.ack === 'function') {
      const ack = args.ack as (response?: string) => Promise<void>;
      await ack(args.body && 'command' in args.body ? 'This app serves another Slack workspace.' : undefined);
    }
  });

  registerSlashCommand(app, deps, SUBCOMMANDS);
  registerReplayButton(app, deps);

  app.error(async (error) => {
    log.error({ err: error }, 'slack handler failed');
  });
  return app;
}

/** Starts the app on `port` (0: any free port) on loopback or all interfaces. */
export async function startSlackApp(options: SlackAppOptions, port: number, host = '0.0.0.0'): Promise<RunningSlackApp> {
  const app = createSlackApp(options);
  const server = (await app.start({ port, host })) as { address(): AddressInfo | string | null };
  const address = server.address() as AddressInfo;
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host;
  return { url: `http://${shown}:${address.port}`, stop: () => app.stop() as Promise<void> };
}
