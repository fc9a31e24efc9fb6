import http from 'node:http';
import { listenOnLoopback } from './listen-on-loopback.js';

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text: string | undefined;
  blocks: Record<string, unknown>[] | undefined;
  /** The parent message's ts when this is a reply in a thread. */
  threadTs: string | undefined;
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
  /** User groups (subteam id S… -> member user ids) that usergroups.users.list answers. */
  userGroups?: Record<string, string[]>;
}

/** A modal or Home tab as views.open / views.update / views.publish left it. */
export interface FakeSlackView {
  id: string;
  view: Record<string, unknown>;
  /** views.open: the trigger_id it was opened with; views.publish: the user whose Home it is. */
  triggerId?: string;
  userId?: string;
  /** Earlier versions (each views.update / views.publish pushes the previous one). */
  history: Record<string, unknown>[];
}

export interface FakeSlack {
  /** Web API base, e.g. http://127.0.0.1:1234/api (what HUB_ALERT_SLACK_API_URL takes). */
  url: string;
  /** Messages by ts, as they stand now. */
  messages: Map<string, FakeSlackMessage>;
  calls: FakeSlackCall[];
  /** A response_url for one interaction (`…/response/<id>`): what the app posts there lands in `responses`. */
  responseUrl(id: string): string;
  /** Modals and Home tabs by view id. */
  views: Map<string, FakeSlackView>;
  /** The Home tab published for a user, as it stands now. */
  homeOf(userId: string): FakeSlackView | undefined;
  /** chat.postEphemeral messages, in order (they have no ts to update). */
  ephemerals: { channel: string; user: string; text: string | undefined; blocks: Record<string, unknown>[] | undefined }[];
  /** Messages posted to response URLs, in order. */
  responses: { id: string; body: Record<string, unknown> }[];
  /**
   * Answers the next calls with this instead (e.g. rate limited), or `{ hangUp: true }` closes the
   * connection without an answer (a network failure); return undefined to answer normally.
   */
  intercept: ((method: string, index: number) => { status?: number; body: Record<string, unknown>; headers?: Record<string, string> } | { hangUp: true } | undefined) | undefined;
  close(): Promise<void>;
}

const SUPPORTED = ['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'auth.test', 'views.open', 'views.update', 'views.publish', 'usergroups.users.list'];

/**
 * A local Slack Web API with auth.test, chat.postMessage (threads), chat.postEphemeral, chat.update,
 * views.open / views.update / views.publish and usergroups.users.list as Slack documents them, and
 * response_url endpoints for interactions: a bearer
 * token (`not_authed` without one, `invalid_auth` for a wrong one), the channel by id or name
 * (`channel_not_found`), `{ ok: true, channel: <id>, ts, message }`, and `message_not_found` for
 * an update of an unknown ts. Refusals are HTTP 200 with `ok: false`, as Slack answers them.
 */
export async function startFakeSlack({ token, channels = { alerts: 'C0ALERTS' }, teamId = 'T0HUB', userGroups = {} }: FakeSlackOptions): Promise<FakeSlack> {
  const ids = new Set(Object.values(channels));
  const resolveChannel = (value: unknown): string | undefined => {
    if (typeof value !== 'string' || value === '') return undefined;
    if (ids.has(value)) return value;
    return channels[value.replace(/^#/, '')];
  };
  let sequence = 0;
  let viewSequence = 0;
  const views = new Map<string, FakeSlackView>();
  const homeOf = (userId: string) => [...views.values()].find((v) => v.userId === userId);
  const state: FakeSlack = { url: '', messages: new Map(), calls: [], views, homeOf, ephemerals: [], responses: [], responseUrl: () => '', intercept: undefined, close: async () => undefined };

  /** views.open / views.update / views.publish, as https://api.slack.com/methods/views.open documents them. */
  const handleView = (method: string, body: Record<string, unknown>): Record<string, unknown> => {
    const view = body.view as Record<string, unknown> | undefined;
    if (!view || typeof view !== 'object' || !Array.isArray(view.blocks)) return { ok: false, error: 'invalid_arguments' };
    if (view.type !== (method === 'views.publish' ? 'home' : 'modal')) return { ok: false, error: 'invalid_arguments' };
    const stored = (entry: FakeSlackView) => ({ ok: true, view: { ...entry.view, id: entry.id, team_id: teamId } });
    if (method === 'views.open') {
      if (typeof body.trigger_id !== 'string' || body.trigger_id === '') return { ok: false, error: 'invalid_trigger_id' };
      const id = `V${String(++viewSequence).padStart(8, '0')}`;
      const entry = { id, view, triggerId: body.trigger_id, history: [] };
      views.set(id, entry);
      return stored(entry);
    }
    if (method === 'views.update') {
      const entry = typeof body.view_id === 'string' ? views.get(body.view_id) : undefined;
      if (!entry || entry.userId !== undefined) return { ok: false, error: 'not_found' };
      entry.history.push(entry.view);
      entry.view = view;
      return stored(entry);
    }
    if (typeof body.user_id !== 'string' || !/^[UW]/.test(body.user_id)) return { ok: false, error: 'invalid_arguments' };
    const home = homeOf(body.user_id);
    if (home) {
      home.history.push(home.view);
      home.view = view;
      return stored(home);
    }
    const entry = { id: `V${String(++viewSequence).padStart(8, '0')}`, view, userId: body.user_id, history: [] };
    views.set(entry.id, entry);
    return stored(entry);
  };

  const handle = (method: string, auth: string | undefined, body: Record<string, unknown>): Record<string, unknown> => {
    if (!auth) return { ok: false, error: 'not_authed' };
    if (auth !== `Bearer ${token}`) return { ok: false, error: 'invalid_auth' };
    if (method === 'auth.test') return { ok: true, url: 'https://hub-test.slack.com/', team: 'Hub test', user: 'hub', team_id: teamId, user_id: 'U0HUBBOT', bot_id: 'B0HUBBOT', is_enterprise_install: false };
    if (method.startsWith('views.')) return handleView(method, body);
    if (method === 'usergroups.users.list') {
      const users = typeof body.usergroup === 'string' && Object.hasOwn(userGroups, body.usergroup) ? userGroups[body.usergroup] : undefined;
      return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
    }
    const channel = resolveChannel(body.channel);
    if (!channel) return { ok: false, error: 'channel_not_found' };
    const content = { text: body.text as string | undefined, blocks: body.blocks as Record<string, unknown>[] | undefined };
    if (!content.text && !content.blocks) return { ok: false, error: 'no_text' };
    if (method === 'chat.postMessage' || method === 'chat.postEphemeral') {
      const threadTs = typeof body.thread_ts === 'string' && body.thread_ts !== '' ? body.thread_ts : undefined;
      if (threadTs && !state.messages.has(threadTs)) return { ok: false, error: 'thread_not_found' };
      sequence += 1;
      const ts = `${Math.floor(Date.now() / 1000)}.${String(sequence).padStart(6, '0')}`;
      if (method === 'chat.postEphemeral') {
        if (typeof body.user !== 'string' || body.user === '') return { ok: false, error: 'user_not_in_channel' };
        state.ephemerals.push({ channel, user: body.user, ...content });
        return { ok: true, message_ts: ts };
      }
      state.messages.set(ts, { channel, ts, ...content, threadTs, history: [] });
      return { ok: true, channel, ts, message: { type: 'message', subtype: 'bot_message', ts, ...(threadTs ? { thread_ts: threadTs } : {}), ...content } };
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
      // Slack JSON-encodes blocks and views in form bodies.
      for (const key of ['blocks', 'view'] as const) {
        if (typeof body[key] === 'string') body[key] = JSON.parse(body[key]) as unknown;
      }
      const reply = (status: number, answer: Record<string, unknown>, headers: Record<string, string> = {}) => {
        state.calls.push({ method, body, answer, status });
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(answer));
      };
      if (req.method !== 'POST' || !SUPPORTED.includes(method)) return reply(404, { ok: false, error: 'unknown_method' });
      const forced = state.intercept?.(method, state.calls.length);
      if (forced && 'hangUp' in forced) {
        state.calls.push({ method, body, answer: {}, status: 0 });
        return void req.socket.destroy();
      }
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
