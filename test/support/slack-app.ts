import { startSlackApp, type RunningSlackApp, type SlackAppOptions } from '@hub/slack';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '@hub/simulators';
import { testLogger } from './silent-logger.js';
import { slackClient, type SlackTestClient } from './slack-requests.js';
import type { TestHub } from './test-hub.js';

/** The app options a test may change: everything but the config (which `config` overrides). */
export type SlackAppOverrides = Partial<Omit<SlackAppOptions, 'config'>>;

export interface SlackHarnessOptions {
  /** Names the signing secret and the bot token, so no two files share them. */
  label: string;
  /** Slack user ids that are hub operators (HUB_SLACK_OPERATORS). */
  operators: readonly string[];
  /** Channels and user groups the fake Slack knows (its defaults otherwise). */
  fakeSlack?: Pick<FakeSlackOptions, 'channels' | 'userGroups'>;
  /** Settings beyond the five every app has (operator groups, console URL, allowed hosts). */
  config?: Partial<SlackAppOptions['config']>;
  /** Overrides of the app's options (catalog, queues, connectors). */
  options?: SlackAppOverrides;
  /** Channel the client's commands and presses come from (default C0OPS). */
  channelId?: string;
}

export interface SlackHarness {
  hub: TestHub;
  slack: FakeSlack;
  app: RunningSlackApp;
  /** Signed requests to `app`, as Slack sends them. */
  client: SlackTestClient;
  botToken: string;
  signingSecret: string;
  teamId: string;
  /** The options `app` was started with, changed by `overrides`: for a second app in a test. */
  appOptions(overrides?: SlackAppOverrides): SlackAppOptions;
  /** A client for another app (default `app`) or another channel. */
  clientFor(to: { app?: RunningSlackApp; channelId?: string }): SlackTestClient;
  /** Stops the app, the hub and the fake Slack, in that order. */
  stop(): Promise<void>;
}

/** What the hub may need from the fake Slack: the worker posts alerts and notifications there too. */
export interface SlackForHub {
  slack: FakeSlack;
  botToken: string;
}

const TEAM_ID = 'T0HUB';

/**
 * A fake Slack, the hub `startHub` starts (after the fake Slack, so it can point there), and the Slack app
 * over the hub's pool, store and queues, listening on loopback. What started is stopped again if a later step fails.
 */
export async function startSlackHarness(startHub: (slack: SlackForHub) => Promise<TestHub>, options: SlackHarnessOptions): Promise<SlackHarness> {
  const botToken = `xoxb-${options.label}`;
  const signingSecret = `slack-signing-secret-${options.label}`;
  const slack = await startFakeSlack({ token: botToken, teamId: TEAM_ID, ...options.fakeSlack });
  let hub: TestHub | undefined;
  let app: RunningSlackApp | undefined;
  const stop = async () => {
    await app?.stop();
    await hub?.stop();
    await slack.close();
  };
  try {
    hub = await startHub({ slack, botToken });
    const started = hub;
    const appOptions = (overrides: SlackAppOverrides = {}): SlackAppOptions => ({
      config: {
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_BOT_TOKEN: botToken,
        SLACK_TEAM_ID: TEAM_ID,
        HUB_SLACK_OPERATORS: options.operators.join(','),
        SLACK_API_URL: `${slack.url}/`,
        ...options.config,
      },
      pool: started.resources.pool,
      store: started.resources.store,
      queues: started.resources.queues,
      connectors: ['github', 'stripe'],
      log: testLogger,
      ...options.options,
      ...overrides,
    });
    const running = await startSlackApp(appOptions(), 0, '127.0.0.1');
    app = running;
    const clientFor = (to: { app?: RunningSlackApp; channelId?: string }) => {
      const target = to.app ?? running;
      const channelId = to.channelId ?? options.channelId;
      return slackClient({ appUrl: () => target.url, signingSecret, teamId: TEAM_ID, slack: () => slack, ...(channelId ? { channelId } : {}) });
    };
    return { hub, slack, app, client: clientFor({}), botToken, signingSecret, teamId: TEAM_ID, appOptions, clientFor, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
