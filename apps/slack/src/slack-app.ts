import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { App, webApi } from '@slack/bolt';
import type { Connector } from '@hub/connector-sdk';
import type { EventStore } from '@hub/core/event-store';
import type { RateLimitSource } from '@hub/core/health';
import type { Logger } from '@hub/core/logger';
import { portInUse } from '@hub/core/errors';
import type { ConnectorQueues } from '@hub/core/queue';
import { registerAlertActions } from './alert-actions.js';
import { registerAppHome, stopAppHome } from './app-home.js';
import { boltLogger } from './bolt-logger.js';
import { registerSlashCommand, SUBCOMMANDS } from './commands/index.js';
import { operatorIds, operatorGroupIds, type SlackConfig } from './config.js';
import type { SlackDeps } from './deps.js';
import { operatorCheck } from './operators.js';
import { registerReplayButton } from './replay-button.js';
import { registerReplayAllButton } from './replay-all.js';
import { WorkflowStore } from '@hub/core/workflows';
import { workflowCommand } from './commands/workflow.js';
import { registerWorkflowModal } from './workflows/workflow-modal.js';
import { receiverMode, slackReceiver, type SlackReceiverMode } from './slack-receiver.js';

export interface SlackAppOptions {
  config: Pick<SlackConfig, 'SLACK_SIGNING_SECRET' | 'SLACK_BOT_TOKEN' | 'SLACK_TEAM_ID' | 'HUB_SLACK_OPERATORS' | 'SLACK_API_URL'> &
    Partial<Pick<SlackConfig, 'HUB_SLACK_OPERATOR_GROUPS' | 'HUB_CONSOLE_URL' | 'HUB_OUTBOUND_ALLOWED_HOSTS' | 'SLACK_APP_TOKEN' | 'HUB_SLACK_SOCKET_MODE'>>;
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
  /** `socket`: connected to Slack over Socket Mode; nothing listens and `url` is ''. */
  mode: SlackReceiverMode;
  /** Where Slack posts commands and interactivity: `${url}/slack/events`. */
  url: string;
  stop(): Promise<void>;
}

/** The Bolt app on an HTTP receiver: Slack's v0 signatures (5-minute window) are checked before any handler runs. */
export function createSlackApp(options: SlackAppOptions): App {
  const { config, log } = options;
  const logger = boltLogger(log);
  const { receiver } = slackReceiver(config, logger);
  const app = new App({
    // One workspace, one bot token: no auth.test round trip before the first ack (Slack waits 3 s).
    authorize: () => Promise.resolve({ botToken: config.SLACK_BOT_TOKEN }),
    receiver,
    logger,
    // A request error would otherwise carry axios' request config, the bot token in its headers.
    clientOptions: { slackApiUrl: config.SLACK_API_URL, attachOriginalToWebAPIRequestError: false },
  });
  const deps: SlackDeps = {
    pool: options.pool,
    store: options.store,
    connectors: options.connectors,
    catalog: options.catalog ?? {},
    queues: options.queues,
    rateLimits: options.rateLimits,
    // app.client carries no token (authorize hands one to each request): the group lookup needs its own,
    // and it must fail fast — an operator check waits on it before Slack's 3 s are up.
    operators: operatorCheck({
      userIds: operatorIds(config),
      groupIds: operatorGroupIds(config),
      client: new webApi.WebClient(config.SLACK_BOT_TOKEN, { slackApiUrl: config.SLACK_API_URL, logger, timeout: 2_000, retryConfig: { retries: 0 }, attachOriginalToWebAPIRequestError: false }),
      log,
    }),
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

  const workflows = new WorkflowStore(options.pool, options.store);
  registerSlashCommand(app, deps, [...SUBCOMMANDS, workflowCommand(workflows)]);
  registerWorkflowModal(app, deps, workflows, config.HUB_OUTBOUND_ALLOWED_HOSTS ?? new Set());
  registerReplayButton(app, deps);
  registerReplayAllButton(app, deps);
  registerAlertActions(app, deps);
  registerAppHome(app, deps);

  app.error(async (error) => {
    log.error({ err: error }, 'slack handler failed');
  });
  return app;
}

/** Starts the app on `port` (0: any free port) on loopback or all interfaces. */
export async function startSlackApp(options: SlackAppOptions, port: number, host = '0.0.0.0'): Promise<RunningSlackApp> {
  const app = createSlackApp(options);
  if (receiverMode(options.config) === 'socket') {
    await app.start();
    return { mode: 'socket', url: '', stop: () => stopSlackApp(app) };
  }
  const server = (await app.start({ port, host }).catch(portInUse('HUB_SLACK_PORT', { zero: 'free' }))) as { address(): AddressInfo | string | null };
  const address = server.address() as AddressInfo;
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host;
  return { mode: 'http', url: `http://${shown}:${address.port}`, stop: () => stopSlackApp(app) };
}

/** Stops receiving, then closes what the app holds of the pool (the App Home's LISTEN connection), so the pool can end. */
async function stopSlackApp(app: App): Promise<void> {
  await (app.stop() as Promise<void>);
  await stopAppHome(app);
}
