import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '@hub/simulators';
import { EventStore } from '../event-store/index.js';
import { createOutboundHttp } from '../processing/outbound-http.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { AlertDelivery } from './alert-delivery.js';
import { AlertLifecycle } from './alert-lifecycle.js';

const TOKEN = 'xoxb-delivery-test';
let db: TestDatabase;
let slack: FakeSlack;
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);
const send = createOutboundHttp({ timeoutMs: 5_000, allowedHosts: new Set(['127.0.0.1']) });

beforeAll(async () => {
  db = await createTestDatabase('alertdelivery');
  slack = await startFakeSlack({ token: TOKEN });
});
afterAll(async () => {
  await slack.close();
  await db.drop();
});

const lifecycle = () => new AlertLifecycle({ pool: db.pool, store: new EventStore(db.pool), log: testLogger, targets: ['slack'], now: clock });
const delivery = (token = TOKEN, channel = 'alerts') =>
  new AlertDelivery({ pool: db.pool, log: testLogger, send, slack: { token, channel, apiUrl: slack.url }, consoleUrl: 'https://console.test', now: clock, random: () => 1, baseDelayMs: 1_000, maxAttempts: 3 });
const row = async (alertId: string) =>
  (await db.admin.query(`SELECT attempts, next_attempt_at, last_error, delivered_at, gave_up_at FROM alert_deliveries WHERE alert_id = $1 ORDER BY id`, [alertId])).rows;

describe('alert delivery', () => {
  it("treats Slack's HTTP 200 ok:false ratelimited as a failure and waits its Retry-After before trying again", async () => {
    const opened = await lifecycle().open('rlco', 'permanent_failure', { evidence: { code: 'HUB_ACTION_PERMANENT' } });
    slack.intercept = () => ({ body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '30' } });
    try {
      expect(await delivery().deliverDue()).toEqual(['retry']);
    } finally {
      slack.intercept = undefined;
    }
    const [failed] = await row(opened?.alert.id as string);
    expect(failed.last_error).toContain('ratelimited');
    expect(failed.next_attempt_at.getTime()).toBeGreaterThanOrEqual(clock().getTime() + 29_000);
    expect(await delivery().deliverDue()).toEqual([]); // not due yet
    offsetMs = 31_000;
    try {
      expect(await delivery().deliverDue()).toEqual(['delivered']);
    } finally {
      offsetMs = 0;
    }
    const [done] = await row(opened?.alert.id as string);
    expect(done).toMatchObject({ attempts: 2, last_error: null });
    expect((await lifecycle().get(opened?.alert.id as string))?.slack).toMatchObject({ channel: 'C0ALERTS' });
  });

  it('counts invalid_auth as a failed attempt and gives up after maxAttempts, without holding up the alert itself', async () => {
    const opened = await lifecycle().open('authco', 'data_format', { evidence: {} });
    expect(opened?.opened).toBe(true); // recorded whatever Slack does later
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      offsetMs = attempt * 3_600_000; // past any backoff
      try {
        expect(await delivery('xoxb-wrong').deliverDue()).toEqual([attempt < 3 ? 'retry' : 'gave_up']);
      } finally {
        offsetMs = 0;
      }
    }
    const [given] = await row(opened?.alert.id as string);
    expect(given).toMatchObject({ attempts: 3, last_error: expect.stringContaining('invalid_auth') });
    expect(given.gave_up_at).not.toBeNull();
    expect(slack.calls.filter((c) => c.answer.error === 'invalid_auth')).toHaveLength(3);
  });

  it('edits the raised message on resolve (chat.update with the saved channel and ts); a resolve queued before the post waits for it', async () => {
    const alerts = lifecycle();
    const opened = await alerts.open('updco', 'circuit_open', { evidence: { circuits: 1 } });
    await alerts.resolve('updco', 'circuit_open', { reason: 'circuit closed' });
    const posts = slack.calls.length;
    expect(await delivery().deliverDue()).toEqual(['delivered', 'delivered']);
    const [post, update] = slack.calls.slice(posts);
    expect(post?.method).toBe('chat.postMessage');
    expect(update).toMatchObject({ method: 'chat.update', body: { channel: 'C0ALERTS', ts: post?.answer.ts } });
    const message = slack.messages.get(post?.answer.ts as string);
    expect(message?.history).toHaveLength(1);
    expect(JSON.stringify(message?.blocks)).toContain('Resolved: circuit_open on updco');
    expect((await alerts.get(opened?.alert.id as string))?.slack?.ts).toBe(post?.answer.ts);
  });

  it('acknowledging and muting edit the posted message in place (never a second post): it says who acknowledged and who muted until when', async () => {
    const alerts = lifecycle();
    const id = (await alerts.open('editco', 'permanent_failure', { evidence: { code: 'HUB_ACTION_PERMANENT' } }))?.alert.id as string;
    expect(await delivery().deliverDue({ alertId: id })).toEqual(['delivered']);
    const ts = (await alerts.get(id))?.slack?.ts as string;
    const buttons = () => (slack.messages.get(ts)?.blocks?.at(-1) as { elements: { action_id: string }[] }).elements.map((e) => e.action_id);
    expect(buttons()).toEqual(['alert_replay', 'alert_mute_1h', 'alert_acknowledge', 'alert_open_console']);

    await alerts.acknowledge(id, 'slack:U0ALICE');
    await alerts.mute(id, 3_600_000, 'cli:bob');
    const posts = slack.calls.filter((c) => c.method === 'chat.postMessage').length;
    expect(await delivery().deliverDue({ alertId: id })).toEqual(['delivered', 'delivered']);
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(posts);
    const message = slack.messages.get(ts);
    expect(message?.history).toHaveLength(2);
    const context = JSON.stringify(message?.blocks?.[2]);
    expect(context).toContain('Acknowledged by <@U0ALICE>');
    expect(context).toMatch(/Muted until <!date\^\d+\^.+> by `cli:bob`/);
    expect(buttons()).toEqual(['alert_replay', 'alert_mute_1h', 'alert_open_console']); // acknowledged: no Acknowledge button
  });

  it("a sender without a channel (the Slack app) claims only edits, of the one alert it names: never a post, never a webhook, never another alert's", async () => {
    const alerts = new AlertLifecycle({ pool: db.pool, store: new EventStore(db.pool), log: testLogger, targets: ['slack', 'webhook'], now: clock });
    const posted = (await alerts.open('appco', 'permanent_failure', { evidence: {} }))?.alert.id as string;
    const other = (await alerts.open('appco', 'data_format', { evidence: {} }))?.alert.id as string;
    expect(await delivery().deliverDue({ alertId: posted })).toEqual(['delivered']); // the worker posts (its webhook row stays: this sender has no webhook)
    await alerts.acknowledge(posted, 'slack:U0ALICE');
    const app = new AlertDelivery({ pool: db.pool, log: testLogger, send, slack: { token: TOKEN, apiUrl: slack.url }, consoleUrl: 'https://console.test', now: clock });
    expect(await app.deliverDue({ alertId: other })).toEqual([]); // its raise is a post
    expect(await app.deliverDue({ alertId: posted })).toEqual(['delivered']);
    const pending = await db.admin.query(`SELECT alert_id, target, transition FROM alert_deliveries WHERE alert_id = ANY($1) AND delivered_at IS NULL ORDER BY id`, [[posted, other]]);
    expect(pending.rows.map((r: { alert_id: string; target: string; transition: string }) => `${r.alert_id === posted ? 'posted' : 'other'}:${r.target}:${r.transition}`)).toEqual([
      'posted:webhook:raised',
      'other:slack:raised',
      'other:webhook:raised',
      'posted:webhook:acknowledged',
    ]);
    await delivery().deliverDue({ alertId: other }); // leaves nothing due for the next test
  });

  it("waits while another sender holds the alert's Slack turn, then edits with the state as it is by then", async () => {
    const alerts = lifecycle();
    const id = (await alerts.open('turnco', 'permanent_failure', { evidence: {} }))?.alert.id as string;
    await delivery().deliverDue({ alertId: id });
    await alerts.acknowledge(id, 'slack:U0ALICE');
    const holder = await db.admin.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtext('hub-alert-slack'), hashtext($1))`, [id]);
      expect(await delivery().deliverDue({ alertId: id })).toEqual(['waiting']);
    } finally {
      await holder.query(`SELECT pg_advisory_unlock(hashtext('hub-alert-slack'), hashtext($1))`, [id]);
      holder.release();
    }
    const [, waiting] = await row(id);
    expect(waiting).toMatchObject({ attempts: 0, delivered_at: null });
    offsetMs = 2_000;
    try {
      expect(await delivery().deliverDue({ alertId: id })).toEqual(['delivered']);
    } finally {
      offsetMs = 0;
    }
  });

  it('skips an edit of a message that was never posted (its raise was given up) instead of posting one', async () => {
    const alerts = lifecycle();
    const id = (await alerts.open('neverco', 'permanent_failure', { evidence: {} }))?.alert.id as string;
    await db.admin.query(`UPDATE alert_deliveries SET gave_up_at = now() WHERE alert_id = $1`, [id]);
    await alerts.acknowledge(id, 'slack:U0ALICE');
    const calls = slack.calls.length;
    expect(await delivery().deliverDue({ alertId: id })).toEqual(['skipped']);
    expect(slack.calls).toHaveLength(calls);
  });

  it('a missing channel is channel_not_found, as Slack answers', async () => {
    const opened = await lifecycle().open('chanco', 'dlq_growing', { evidence: {} });
    expect(await delivery(TOKEN, 'no-such-channel').deliverDue()).toEqual(['retry']);
    expect((await row(opened?.alert.id as string))[0]?.last_error).toContain('channel_not_found');
  });
});
