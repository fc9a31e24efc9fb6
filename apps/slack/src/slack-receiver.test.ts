import { HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { testLogger } from '../../../test/support/silent-logger.js';
import { boltLogger } from './bolt-logger.js';
import { loadSlackConfig } from './config.js';
import { slackReceiver } from './slack-receiver.js';

const env = { SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_TEAM_ID: 'T0HUB' };
const logger = boltLogger(testLogger);

function configProblems(extra: Record<string, string>): string[] {
  try {
    loadSlackConfig({ ...env, ...extra });
  } catch (err) {
    expect((err as { code?: string }).code).toBe('HUB_CONFIG_INVALID');
    return (err as { details: { problems: string[] } }).details.problems;
  }
  throw new Error('expected HUB_CONFIG_INVALID');
}

describe('Slack receiver choice', () => {
  it('receives over HTTP at /slack/events by default', () => {
    const config = loadSlackConfig(env);
    expect(config.HUB_SLACK_SOCKET_MODE).toBe(false);
    const { mode, receiver } = slackReceiver(config, logger);
    expect(mode).toBe('http');
    expect(receiver).toBeInstanceOf(HTTPReceiver);
  });

  it('selects Socket Mode with HUB_SLACK_SOCKET_MODE=true and an app token, without connecting', () => {
    const config = loadSlackConfig({ ...env, HUB_SLACK_SOCKET_MODE: 'true', SLACK_APP_TOKEN: 'xapp-1-A0HUB-1-abc' });
    const { mode, receiver } = slackReceiver(config, logger);
    expect(mode).toBe('socket');
    expect(receiver).toBeInstanceOf(SocketModeReceiver);
    // Built, not started: the client has not dialled Slack.
    expect((receiver as SocketModeReceiver).client.websocket).toBeUndefined();
  });

  it('refuses Socket Mode without an app token, naming the variable, together with the other problems', () => {
    const problems = configProblems({ HUB_SLACK_SOCKET_MODE: 'true', SLACK_TEAM_ID: '' });
    expect(problems).toHaveLength(2);
    expect(problems.find((p) => p.includes('SLACK_APP_TOKEN'))).toContain('HUB_SLACK_SOCKET_MODE=true needs SLACK_APP_TOKEN');
    expect(problems.some((p) => p.includes('SLACK_TEAM_ID'))).toBe(true);
  });

  it('refuses a signing secret too short to mean anything, naming the variable', () => {
    expect(configProblems({ SLACK_SIGNING_SECRET: 'secret' })).toEqual([expect.stringContaining('SLACK_SIGNING_SECRET: at least 16 characters')]);
  });

  it('refuses a token that is not an app-level token and a socket-mode value that is not a boolean', () => {
    expect(configProblems({ HUB_SLACK_SOCKET_MODE: 'true', SLACK_APP_TOKEN: 'xoxb-bot-token' })).toEqual([expect.stringContaining('SLACK_APP_TOKEN: an app-level token (xapp-…)')]);
    expect(configProblems({ HUB_SLACK_SOCKET_MODE: 'sometimes' })).toEqual([expect.stringContaining('HUB_SLACK_SOCKET_MODE')]);
  });
});
