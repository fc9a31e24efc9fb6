import type { App, types, webApi } from '@slack/bolt';
import { AlertChanges, AlertLifecycle } from '@hub/core/alerts';
import { connectorHealth } from '@hub/core/health';
import { alertListBlocks } from './commands/alerts.js';
import type { SlackDeps } from './deps.js';
import { healthMessage } from './health-message.js';

type KnownBlock = types.KnownBlock;

/** Homes kept up to date at most (the least recently opened is forgotten first), and for how long after the last opening. */
const MAX_VIEWERS = 200;
const VIEWER_TTL_MS = 24 * 3_600_000;
/** A burst of alert changes (a mute reaching five alerts) republishes once. */
const SETTLE_MS = 250;
/** How long a note to the presser stays on top of their Home. */
const NOTE_MS = 60_000;
/** A Home holds 100 blocks: the header and health take a few, each alert two. */
const SHOWN_ALERTS = 40;

interface Viewer {
  openedAt: number;
  note?: { text: string; until: number };
}

/**
 * The App Home tab: the health overview and the open alerts with their buttons. Published when a
 * user opens it, and again for every user who opened it lately whenever an alert changes (the
 * alert events' NOTIFY, on one LISTEN connection opened with the first Home).
 */
export class AppHome {
  private readonly viewers = new Map<string, Viewer>();
  private readonly changes: AlertChanges;
  private client: webApi.WebClient | undefined;
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private publishing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: SlackDeps) {
    this.changes = new AlertChanges(deps.pool, deps.log);
  }

  /** app_home_opened: remember the user (bounded), listen for changes, publish their Home now. */
  async opened(userId: string, client: webApi.WebClient): Promise<void> {
    this.client = client;
    this.viewers.delete(userId); // re-inserted last: Map order is the least recently opened first
    this.viewers.set(userId, { openedAt: Date.now() });
    for (const [id] of this.viewers) {
      if (this.viewers.size <= MAX_VIEWERS) break;
      this.viewers.delete(id);
    }
    this.unsubscribe ??= this.changes.subscribe(() => this.changed());
    await this.changes.ready();
    await this.publish([userId]);
  }

  /** A note for a user who pressed a button on their Home (no response_url to answer on), shown on top for a minute. */
  async note(userId: string, text: string, client: webApi.WebClient): Promise<void> {
    this.client = client;
    const viewer = this.viewers.get(userId) ?? { openedAt: Date.now() };
    this.viewers.set(userId, { ...viewer, note: { text, until: Date.now() + NOTE_MS } });
    await this.publish([userId]);
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.unsubscribe?.();
    await this.changes.close();
    await this.publishing;
  }

  private changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const now = Date.now();
      for (const [id, viewer] of this.viewers) if (now - viewer.openedAt > VIEWER_TTL_MS) this.viewers.delete(id);
      void this.publish([...this.viewers.keys()]);
    }, SETTLE_MS);
  }

  /** One publication at a time, so a Home never goes back to an older state. */
  private publish(userIds: readonly string[]): Promise<void> {
    this.publishing = this.publishing.then(() => this.publishNow(userIds)).catch((err: unknown) => this.deps.log.warn({ err }, 'App Home not published'));
    return this.publishing;
  }

  private async publishNow(userIds: readonly string[]): Promise<void> {
    const client = this.client;
    if (!client || userIds.length === 0) return;
    const blocks = await homeBlocks(this.deps);
    const now = Date.now();
    for (const userId of userIds) {
      const note = this.viewers.get(userId)?.note;
      const noted: KnownBlock[] = note && note.until > now ? [{ type: 'section', text: { type: 'mrkdwn', text: note.text } }, { type: 'divider' }] : [];
      await client.views.publish({ user_id: userId, view: { type: 'home', blocks: [...noted, ...blocks] } });
    }
  }
}

/** What every Home shows: the health of each connector, then the open alerts and the mutes in force. */
async function homeBlocks(deps: SlackDeps): Promise<KnownBlock[]> {
  const lifecycle = new AlertLifecycle({ pool: deps.pool, store: deps.store, log: deps.log });
  const [health, alerts, mutes] = await Promise.all([
    connectorHealth(deps.pool, deps.connectors, { ...(deps.queues ? { queues: deps.queues } : {}), ...(deps.rateLimits ? { rateLimits: deps.rateLimits } : {}) }),
    lifecycle.list({ status: 'open', limit: 200 }),
    lifecycle.mutes(),
  ]);
  const updated = new Date();
  return [
    { type: 'header', text: { type: 'plain_text', text: 'Integration Hub' } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Updated <!date^${Math.floor(updated.getTime() / 1000)}^{time_secs}|${updated.toISOString()}> · \`/hub help\` for commands` }] },
    ...healthMessage(health, false).blocks,
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: alerts.length === 0 ? 'No open alerts' : `Open alerts (${alerts.length})` } },
    ...alertListBlocks(alerts, mutes, deps.consoleUrl, SHOWN_ALERTS),
  ];
}

const homes = new WeakMap<App, AppHome>();

/** The app's Home (for answers to presses made on it). */
export const appHome = (app: App): AppHome | undefined => homes.get(app);

export function registerAppHome(app: App, deps: SlackDeps): void {
  const home = new AppHome(deps);
  homes.set(app, home);
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return; // the Messages tab
    await home.opened(event.user, client);
  });
}

/** Closes the Home's LISTEN connection (before the pool is ended). */
export async function stopAppHome(app: App): Promise<void> {
  await homes.get(app)?.close();
}
