import { SocketModeReceiver, type HTTPReceiver, type Logger as BoltLogger } from '@slack/bolt';
import { httpServerLimits } from '@hub/core/config';
import { hubError } from '@hub/core/errors';
import { HttpServerDefaults, type SlackConfig } from './config.js';
import { GuardedHTTPReceiver } from './guarded-http-receiver.js';

/** `http`: Slack posts to /slack/events (production). `socket`: the app opens a WebSocket to Slack (development, no public URL). */
export type SlackReceiverMode = 'http' | 'socket';

export type ReceiverConfig = Pick<SlackConfig, 'SLACK_SIGNING_SECRET' | 'SLACK_API_URL'> &
  Partial<
    Pick<SlackConfig, 'SLACK_APP_TOKEN' | 'HUB_SLACK_SOCKET_MODE' | 'HUB_SLACK_BODY_LIMIT_BYTES' | 'HUB_HTTP_HEADERS_TIMEOUT_MS' | 'HUB_HTTP_REQUEST_TIMEOUT_MS' | 'HUB_HTTP_KEEP_ALIVE_TIMEOUT_MS' | 'HUB_HTTP_MAX_HEADER_BYTES'>
  >;

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
  const guard = {
    bodyLimit: config.HUB_SLACK_BODY_LIMIT_BYTES ?? HttpServerDefaults.HUB_SLACK_BODY_LIMIT_BYTES,
    limits: httpServerLimits({ ...HttpServerDefaults, ...definedOnly(config) }),
    onRefused: (reason: string, detail: Record<string, unknown>) => logger.warn(`slack request refused (${reason}): ${JSON.stringify(detail)}`),
  };
  return { mode: 'http', receiver: new GuardedHTTPReceiver({ signingSecret: config.SLACK_SIGNING_SECRET, endpoints: '/slack/events', logger }, guard) };
}

function definedOnly<T extends object>(config: T): Partial<T> {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as Partial<T>;
}
