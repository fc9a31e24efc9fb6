import { createHmac } from 'node:crypto';
import type { FakeSlack } from '@hub/simulators';

/** What a Slack app under test needs to be sent requests as Slack sends them. */
export interface SlackClientOptions {
  /** The app's base URL (RunningSlackApp.url); requests go to `${url}/slack/events`. */
  appUrl: () => string;
  signingSecret: string;
  teamId: string;
  /** Where the interactions' response_url points (the fake Slack's). */
  slack: () => Pick<FakeSlack, 'responseUrl'>;
  /** Channel the commands come from (default C0OPS). */
  channelId?: string;
}

export interface SlackAnswer {
  status: number;
  text: string;
  /** The HTTP answer parsed as JSON, or undefined for an empty / non-JSON answer. */
  json: Record<string, unknown> | undefined;
  /** Milliseconds from sending to the end of the answer. */
  elapsedMs: number;
}

let sequence = 0;

/** Slack's v0 signature: HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret, hex. */
export function slackSignature(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

/** Sends signed slash commands, button presses and view submissions to a Bolt HTTP receiver. */
export function slackClient(options: SlackClientOptions) {
  const channelId = options.channelId ?? 'C0OPS';
  const post = async (body: string, headers: Record<string, string> = slackSignature(body, options.signingSecret)): Promise<SlackAnswer> => {
    const started = performance.now();
    const res = await fetch(`${options.appUrl()}/slack/events`, { method: 'POST', headers, body });
    const text = await res.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json, elapsedMs: performance.now() - started };
  };
  /** Signed headers; with `retry`, those of Slack's retry number `retry` of the same delivery. */
  const signedHeaders = (body: string, retry?: number) => ({
    ...slackSignature(body, options.signingSecret),
    ...(retry ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' } : {}),
  });
  const interactive = (payload: Record<string, unknown>, retry?: number) => {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return post(body, signedHeaders(body, retry));
  };
  const user = (id: string) => ({ id, username: id, name: id, team_id: options.teamId });
  /** `/hub <text>` from `user`, to send as often as Slack would: `send(retry)` posts it (again, as a Slack retry). */
  const command = (text: string, { user: userId, team = options.teamId, channel = channelId }: { user: string; team?: string; channel?: string }) => {
    const id = `cmd${++sequence}`;
    const body = new URLSearchParams({
      token: 'legacy',
      team_id: team,
      team_domain: 'hub',
      channel_id: channel,
      channel_name: 'ops',
      user_id: userId,
      user_name: userId,
      command: '/hub',
      text,
      api_app_id: 'A0HUB',
      response_url: options.slack().responseUrl(id),
      trigger_id: `trig.${id}`,
    }).toString();
    return { id, triggerId: `trig.${id}`, send: (retry?: number) => post(body, signedHeaders(body, retry)) };
  };
  return {
    post,
    command,
    /** `/hub <text>` from `user`, sent once; `id` names its response_url (and trigger_id `trig.<id>`). */
    async slash(text: string, from: { user: string; team?: string; channel?: string }) {
      const once = command(text, from);
      return { ...(await once.send()), id: once.id, triggerId: once.triggerId };
    },
    /** A block_actions payload for one button press; `send(retry)` posts it (again, as a Slack retry). */
    press(action: { action_id: string; value?: string; block_id?: string }, { user: userId, actionTs = `${Date.now() / 1000}`, message_ts = '1700000000.000100', channel = channelId }: { user: string; actionTs?: string; message_ts?: string; channel?: string }) {
      const id = `act${++sequence}`;
      const payload = {
        type: 'block_actions',
        team: { id: options.teamId, domain: 'hub' },
        user: user(userId),
        api_app_id: 'A0HUB',
        token: 'legacy',
        container: { type: 'message', message_ts, channel_id: channel, is_ephemeral: false },
        trigger_id: `trig.${id}`,
        channel: { id: channel, name: 'ops' },
        message: { ts: message_ts, type: 'message', text: '' },
        response_url: options.slack().responseUrl(id),
        actions: [{ type: 'button', block_id: action.block_id ?? 'actions', text: { type: 'plain_text', text: 'button' }, action_ts: actionTs, ...action }],
      };
      return { id, payload, send: (retry?: number) => interactive(payload, retry) };
    },
    /** A view_submission of `view` (as views.open stored it) with these input values. */
    submit(view: Record<string, unknown> & { id?: string }, values: Record<string, Record<string, unknown>>, { user: userId }: { user: string }) {
      const payload = {
        type: 'view_submission',
        team: { id: options.teamId, domain: 'hub' },
        user: user(userId),
        api_app_id: 'A0HUB',
        token: 'legacy',
        trigger_id: `trig.view${++sequence}`,
        view: { ...view, id: view.id ?? 'V0VIEW', team_id: options.teamId, state: { values }, hash: `h${sequence}`, app_id: 'A0HUB', bot_id: 'B0HUBBOT' },
        response_urls: [],
      };
      return interactive(payload);
    },
    /** An Events API event_callback (e.g. app_home_opened), signed; `retry` adds X-Slack-Retry-Num. */
    event(event: Record<string, unknown>, retry?: number) {
      const body = JSON.stringify({ token: 'legacy', team_id: options.teamId, api_app_id: 'A0HUB', type: 'event_callback', event_id: `Ev${++sequence}`, event_time: Math.floor(Date.now() / 1000), event });
      return post(body, { ...signedHeaders(body, retry), 'content-type': 'application/json' });
    },
  };
}
export type SlackTestClient = ReturnType<typeof slackClient>;
