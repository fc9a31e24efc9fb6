import http from 'node:http';
import { listenOnLoopback } from './listen-on-loopback.js';

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text: string | undefined;
  blocks: Record<string, unknown>[] | undefined;
  /** Earlier versions of this message, oldest first (each chat.update pushes the previous one). */
  history: { text: string | undefined; blocks: Record<string, unknown>[] | undefined }[];
}

export interface FakeSlackCall {
  method: string;
  body: Record<string, unknown>;
  answer: Record<string, unknown>;
  status: number;
}

export interface FakeSlackOptions {
  /** The bot token accepted (xoxb-…). */
  token: string;
  /** Channels that exist: name (without #) -> id. Default `{ alerts: 'C0ALERTS' }`. */
  channels?: Record<string, string>;
  /** The workspace auth.test reports. Default `T0HUB`. */
  teamId?: string;
}

export interface FakeSlack {
  /** Web API base, e.g. http://127.0.0.1:1234/api (what HUB_ALERT_SLACK_API_URL takes). */
  url: string;
  /** Messages by ts, as they stand now. */
  messages: Map<string, FakeSlackMessage>;
  calls: FakeSlackCall[];
  /** A response_url for one interaction (`…/response/<id>`): what the app posts there lands in `responses`. */
  responseUrl(id: string): string;
  /** Messages posted to response URLs, in order. */
  responses: { id: string; body: Record<string, unknown> }[];
  /** Answers the next calls with this instead (e.g. rate limited); return undefined to answer normally. */
  intercept: ((method: string, index: number) => { status?: number; body: Record<string, unknown>; headers?: Record<string, string> } | undefined) | undefined;
  close(): Promise<void>;
}

/**
 * A local Slack Web API with auth.test, chat.postMessage and chat.update as Slack documents them, and
 * response_url endpoints for interactions: a bearer
 * token (`not_authed` without one, `invalid_auth` for a wrong one), the channel by id or name
 * (`channel_not_found`), `{ ok: true, channel: <id>, ts, message }`, and `message_not_found` for
 * an update of an unknown ts. Refusals are HTTP 200 with `ok: false`, as Slack answers them.
 */
export async function startFakeSlack({ token, channels = { alerts: 'C0ALERTS' }, teamId = 'T0HUB' }: FakeSlackOptions): Promise<FakeSlack> {
  const ids = new Set(Object.values(channels));
  const resolveChannel = (value: unknown): string | undefined => {
    if (typeof value !== 'string' || value === '') return undefined;
    if (ids.has(value)) return value;
    return channels[value.replace(/^#/, '')];
  };
  let sequence = 0;
  const state: FakeSlack = { url: '', messages: new Map(), calls: [], responses: [], responseUrl: () => '', intercept: undefined, close: async () => undefined };

  const handle = (method: string, auth: string | undefined, body: Record<string, unknown>): Record<string, unknown> => {
    if (!auth) return { ok: false, error: 'not_authed' };
    if (auth !== `Bearer ${token}`) return { ok: false, error: 'invalid_auth' };
    if (method === 'auth.test') return { ok: true, url: 'https://hub-test.slack.com/', team: 'Hub test', user: 'hub', team_id: teamId, user_id: 'U0HUBBOT', bot_id: 'B0HUBBOT', is_enterprise_install: false };
    const channel = resolveChannel(body.channel);
    if (!channel) return { ok: false, error: 'channel_not_found' };
    const content = { text: body.text as string | undefined, blocks: body.blocks as Record<string, unknown>[] | undefined };
    if (!content.text && !content.blocks) return { ok: false, error: 'no_text' };
    if (method === 'chat.postMessage') {
      sequence += 1;
      const ts = `${Math.floor(Date.now() / 1000)}.${String(sequence).padStart(6, '0')}`;
      state.messages.set(ts, { channel, ts, ...content, history: [] });
      return { ok: true, channel, ts, message: { type: 'message', subtype: 'bot_message', ts, ...content } };
    }
    const existing = typeof body.ts === 'string' ? state.messages.get(body.ts) : undefined;
    if (!existing || existing.channel !== channel) return { ok: false, error: 'message_not_found' };
    existing.history.push({ text: existing.text, blocks: existing.blocks });
    existing.text = content.text;
    existing.blocks = content.blocks;
    return { ok: true, channel, ts: existing.ts, text: content.text, message: { ...content } };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // response_url posts (slash commands, buttons): Slack answers them with 200 "ok"-style JSON.
      const response = /^\/response\/([\w-]+)$/.exec(req.url ?? '');
      if (response?.[1] && req.method === 'POST') {
        state.responses.push({ id: response[1], body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown> });
        return void res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"ok":true}');
      }
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = (req.headers['content-type'] ?? '').includes('json') ? (JSON.parse(text) as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(text));
      } catch {
        body = {};
      }
      // Slack JSON-encodes blocks in form bodies.
      if (typeof body.blocks === 'string') body.blocks = JSON.parse(body.blocks) as unknown;
      const reply = (status: number, answer: Record<string, unknown>, headers: Record<string, string> = {}) => {
        state.calls.push({ method, body, answer, status });
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(answer));
      };
      if (req.method !== 'POST' || !['chat.postMessage', 'chat.update', 'auth.test'].includes(method)) return reply(404, { ok: false, error: 'unknown_method' });
      const forced = state.intercept?.(method, state.calls.length);
      if (forced) return reply(forced.status ?? 200, forced.body, forced.headers);
      reply(200, handle(method, req.headers.authorization, body));
    });
  });
  const listening = await listenOnLoopback(server);
  state.url = `${listening.url}/api`;
  state.responseUrl = (id) => `${listening.url}/response/${id}`;
  state.close = listening.close;
  return state;
}
