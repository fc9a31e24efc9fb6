import { HTTPReceiver, SocketModeReceiver, type Logger as BoltLogger } from '@slack/bolt';
import { hubError } from '@hub/core/errors';
import type { SlackConfig } from './config.js';

/** `http`: Slack posts to /slack/events (production). `socket`: the app opens a WebSocket to Slack (development, no public URL). */
export type SlackReceiverMode = 'http' | 'socket';

export type ReceiverConfig = Pick<SlackConfig, 'SLACK_SIGNING_SECRET' | 'SLACK_API_URL'> & Partial<Pick<SlackConfig, 'SLACK_APP_TOKEN' | 'HUB_SLACK_SOCKET_MODE'>>;

export function receiverMode(config: Pick<ReceiverConfig, 'HUB_SLACK_SOCKET_MODE'>): SlackReceiverMode {
  return config.HUB_SLACK_SOCKET_MODE ? 'socket' : 'http';
}

/**
 * The receiver the config asks for. Nothing connects here: HTTPReceiver listens and
 * SocketModeReceiver dials Slack only when the app is started.
 */
export function slackReceiver(config: ReceiverConfig, logger: BoltLogger): { mode: SlackReceiverMode; receiver: HTTPReceiver | SocketModeReceiver } {
  if (receiverMode(config) === 'socket') {
    // loadSlackConfig refuses socket mode without a token; a caller building the config by hand gets the same answer.
    if (!config.SLACK_APP_TOKEN) throw hubError('HUB_CONFIG_INVALID', 'HUB_SLACK_SOCKET_MODE=true needs SLACK_APP_TOKEN (xapp-…)');
    // Envelopes arrive over the socket already authenticated by the app token: no signature to check.
    return { mode: 'socket', receiver: new SocketModeReceiver({ appToken: config.SLACK_APP_TOKEN, logger, installerOptions: { clientOptions: { slackApiUrl: config.SLACK_API_URL } } }) };
  }
  return { mode: 'http', receiver: new HTTPReceiver({ signingSecret: config.SLACK_SIGNING_SECRET, endpoints: '/slack/events', logger }) };
}
