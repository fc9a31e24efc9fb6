import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { App, HTTPReceiver, type RespondArguments, type types } from '@slack/bolt';
import type { EventStore } from '@hub/core/event-store';
import { connectorHealth, type RateLimitSource } from '@hub/core/health';
import type { Logger } from '@hub/core/logger';
import type { ConnectorQueues } from '@hub/core/queue';
import { listDeadLetters } from '@hub/core/replay';
import { boltLogger } from './bolt-logger.js';
import { operatorIds, type SlackConfig } from './config.js';
import { dlqMessage, REPLAY_ACTION } from './dlq-message.js';
import { healthMessage } from './health-message.js';
import { HELP } from './help-message.js';
import { pressReplay } from './replay-button.js';

export interface SlackAppOptions {
  config: Pick<SlackConfig, 'SLACK_SIGNING_SECRET' | 'SLACK_BOT_TOKEN' | 'SLACK_TEAM_ID' | 'HUB_SLACK_OPERATORS' | 'SLACK_API_URL'>;
  pool: pg.Pool;
  store: EventStore;
  /** Connectors that receive webhooks: what `/hub health` lists and `/hub dlq` accepts. */
  connectors: readonly string[];
  queues?: ConnectorQueues;
  rateLimits?: RateLimitSource;
  log: Logger;
}

export interface RunningSlackApp {
  /** Where Slack posts commands and interactivity: `${url}/slack/events`. */
  url: string;
  stop(): Promise<void>;
}

/** The event id a Replay button carries (its value is `{"eventId","connector"}`); '' when unreadable. */
function buttonEventId(value: string | undefined): string {
  try {
    return String((JSON.parse(value ?? '{}') as { eventId?: unknown }).eventId ?? '');
  } catch {
    return '';
  }
}

const ephemeral = (message: { text: string; blocks?: types.KnownBlock[] }): RespondArguments => ({ response_type: 'ephemeral', replace_original: false, ...message });

/** The Bolt app on an HTTP receiver: Slack's v0 signatures (5-minute window) are checked before any handler runs. */
export function createSlackApp(options: SlackAppOptions): App {
  const { config, log } = options;
  const operators = operatorIds(config);
  const logger = boltLogger(log);
  const receiver = new HTTPReceiver({ signingSecret: config.SLACK_SIGNING_SECRET, endpoints: '/slack/events', logger });
  const app = new App({
    // One workspace, one bot token: no auth.test round trip before the first ack (Slack waits 3 s).
    authorize: () => Promise.resolve({ botToken: config.SLACK_BOT_TOKEN }),
    receiver,
    logger,
    clientOptions: { slackApiUrl: config.SLACK_API_URL },
  });

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

  app.command('/hub', async ({ command, ack, respond }) => {
    const [sub = 'help', ...rest] = command.text.trim().split(/\s+/).filter(Boolean);
    if (sub === 'help') return ack(ephemeral({ text: HELP }));
    if (sub !== 'health' && sub !== 'dlq') return ack(ephemeral({ text: `I do not know \`/hub ${sub}\`.\n${HELP}` }));
    const connector = rest[0];
    if (connector !== undefined && !options.connectors.includes(connector)) {
      return ack(ephemeral({ text: `No connector "${connector}"; try one of: ${options.connectors.join(', ')}` }));
    }
    if (sub === 'dlq' && connector === undefined) return ack(ephemeral({ text: `Which connector? e.g. \`/hub dlq ${options.connectors[0] ?? 'stripe'}\`` }));
    // Slack waits 3 s for the ack: answer now, post the figures to response_url when they are ready.
    await ack();
    try {
      if (sub === 'health') {
        const health = await connectorHealth(options.pool, connector ? [connector] : options.connectors, {
          ...(options.queues ? { queues: options.queues } : {}),
          ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
        });
        await respond(ephemeral(healthMessage(health, connector !== undefined)));
      } else if (connector !== undefined) {
        await respond(ephemeral(dlqMessage(connector, await listDeadLetters(options.pool, connector, { includeQuarantined: true, limit: 100 }))));
      }
    } catch (error) {
      log.error({ err: error, sub }, 'slash command failed');
      await respond(ephemeral({ text: `Sorry, \`/hub ${sub}\` failed: ${error instanceof Error ? error.message : 'unknown error'}` }));
    }
  });

  app.action(REPLAY_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !('action_ts' in action)) return;
    const eventId = buttonEventId(action.value);
    const result = await pressReplay({ pool: options.pool, store: options.store, operators }, { userId: body.user.id, eventId, actionTs: action.action_ts });
    switch (result.outcome) {
      case 'refused':
        return void (await respond(ephemeral({ text: 'Only hub operators may replay events (ask an admin to add you to HUB_SLACK_OPERATORS). Your attempt was recorded.' })));
      case 'not_found':
        return void (await respond(ephemeral({ text: `No webhook event \`${eventId}\` in this hub.` })));
      case 'duplicate':
        return; // a retried delivery of a press already answered
      case 'not_in_dlq':
        return void (await respond(ephemeral({ text: `\`${eventId}\` is ${result.status} now, not in the DLQ: nothing replayed.` })));
      case 'replayed': {
        // The DLQ message is updated in place: the replayed event leaves the list, a line says who replayed it.
        const done = `:repeat: Replayed \`${eventId}\` for <@${body.user.id}> (replay ${result.replayId}).`;
        const list = dlqMessage(result.connector, await listDeadLetters(options.pool, result.connector, { includeQuarantined: true, limit: 100 }));
        const blocks: types.KnownBlock[] = [...list.blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: done }] }];
        return void (await respond({ response_type: 'ephemeral', replace_original: true, text: `${done}\n${list.text}`, blocks }));
      }
    }
  });

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
