import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertLifecycle } from '@hub/core/alerts';
import type { FakeSlack, FakeSlackMessage } from '@hub/simulators';
import { startDownstream, type Downstream } from '../support/downstream.js';
import { ledgerRoute } from '../support/ledger-route.js';
import { testLogger } from '../support/silent-logger.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-app.js';
import type { SlackTestClient } from '../support/slack-requests.js';
import { postStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';

const SECRET = 'whsec_slack_alerts';
const OPERATOR = 'U0OPERATOR';
const SECOND_OPERATOR = 'U0SECOND';
const VIEWER = 'U0VIEWER';
const CONSOLE = 'https://console.example.com';

let harness: SlackHarness;
let downstream: Downstream;
let slack: FakeSlack;
let hub: TestHub;
let client: SlackTestClient;

type Block = { type: string; block_id?: string; text?: { text: string }; fields?: { text: string }[]; elements?: Record<string, unknown>[] };

beforeAll(async () => {
  downstream = await startDownstream();
  downstream.respondWith = () => ({ status: 422 }); // a permanent failure: dead-lettered at once, and an alert
  harness = await startSlackHarness(
    ({ slack: fake, botToken }) =>
      startTestHub({
        label: 'slackalerts',
        secrets: { stripe: SECRET },
        routes: [ledgerRoute(downstream.url)],
        // The in-process worker raises, evaluates and posts alerts as a deployed worker does.
        env: {
          HUB_ALERT_SLACK_TOKEN: botToken,
          HUB_ALERT_SLACK_CHANNEL: '#alerts',
          HUB_ALERT_SLACK_API_URL: fake.url,
          HUB_ALERT_EVALUATE_INTERVAL_MS: '200',
          HUB_ALERT_DELIVERY_INTERVAL_MS: '100',
          HUB_ALERT_QUIET_MS: '1000',
          HUB_CONSOLE_URL: CONSOLE,
        },
      }),
    { label: 'slack-alerts', operators: [OPERATOR, SECOND_OPERATOR], fakeSlack: { channels: { alerts: 'C0ALERTS' } }, config: { HUB_CONSOLE_URL: CONSOLE }, channelId: 'C0ALERTS' },
  );
  ({ hub, slack, client } = harness);
});
afterAll(async () => {
  await harness?.stop();
  await downstream?.close();
});

const messageOf = (alertId: string): FakeSlackMessage | undefined => [...slack.messages.values()].find((m) => JSON.stringify(m.blocks ?? []).includes(alertId));
const postsOf = (alertId: string) => slack.calls.filter((c) => c.method === 'chat.postMessage' && JSON.stringify(c.body).includes(alertId));
const buttonsOf = (blocks: unknown) => ((blocks as Block[]).find((b) => b.type === 'actions')?.elements ?? []).map((e) => e.action_id);
const answerTo = (id: string) => waitFor(`the answer to ${id}`, () => slack.responses.find((r) => r.id === id)?.body);
async function events(type: string, stream: string): Promise<{ actor: string | null; data: Record<string, unknown> }[]> {
  return (await hub.db.admin.query(`SELECT actor, data FROM events WHERE type = $1 AND stream = $2 ORDER BY id`, [type, stream])).rows;
}
async function statusOf(eventId: string): Promise<string | undefined> {
  const { rows } = await hub.db.admin.query<{ type: string }>(`SELECT type FROM events WHERE stream = $1 AND type IN ('webhook.received', 'webhook.replayed', 'webhook.processing', 'webhook.processed', 'webhook.failed', 'webhook.dead_lettered', 'webhook.quarantined') ORDER BY id DESC LIMIT 1`, [eventId]);
  return rows[0]?.type;
}
function press(actionId: string, alertId: string, user: string, actionTs = `${Date.now() / 1000}`) {
  return client.press({ action_id: actionId, value: alertId, block_id: 'alert_actions' }, { user, actionTs, message_ts: messageOf(alertId)?.ts ?? '1.000001', channel: 'C0ALERTS' });
}

describe('alert messages handled by the Slack app', () => {
  let alertId: string;
  let failed: string[];
  let message: FakeSlackMessage;

  it('an alert raised by the monitor posts one message with the four buttons', { timeout: 30_000 }, async () => {
    failed = [await postStripeEvent(hub.ingress, 'evt_alert_slack_1', SECRET), await postStripeEvent(hub.ingress, 'evt_alert_slack_2', SECRET)];
    for (const id of failed) await waitFor(`${id} dead-lettered`, async () => (await statusOf(id)) === 'webhook.dead_lettered');
    const raised = await waitFor('alert.raised', async () => (await hub.db.admin.query(`SELECT stream FROM events WHERE type = 'alert.raised' AND connector = 'stripe'`)).rows[0]?.stream as string | undefined);
    alertId = raised;
    message = await waitFor('the alert message', () => messageOf(alertId));
    expect(message.channel).toBe('C0ALERTS');
    const blocks = message.blocks as Block[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'actions']);
    expect(blocks[0]?.text?.text).toContain('permanent_failure on stripe');
    const fields = blocks[1]?.fields?.map((f) => f.text).join('\n') ?? '';
    for (const label of ['*Connector*\nstripe', '*Kind*\npermanent_failure', '*Since*', '*Evidence*']) expect(fields).toContain(label);
    expect(buttonsOf(blocks)).toEqual(['alert_replay', 'alert_mute_1h', 'alert_acknowledge', 'alert_open_console']);
    const [replay, , , open] = blocks[3]?.elements ?? [];
    expect(replay).toMatchObject({ value: alertId, confirm: { confirm: { text: 'Replay' }, deny: { text: 'Cancel' } } });
    expect(open).toMatchObject({ url: `${CONSOLE}/alerts/${alertId}` });
    expect(postsOf(alertId)).toHaveLength(1);
  });

  it("refuses a non-operator's press: an ephemeral explanation, the attempt audited, the message untouched", async () => {
    const attempt = press('alert_acknowledge', alertId, VIEWER);
    expect((await attempt.send()).status).toBe(200);
    expect(await answerTo(attempt.id)).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: expect.stringContaining('Only hub operators') });
    expect(await events('slack.action_refused', alertId)).toEqual([{ actor: `slack:${VIEWER}`, data: expect.objectContaining({ action: 'acknowledge', alertId, why: 'not an operator' }) }]);
    expect(await events('alert.acknowledged', alertId)).toEqual([]);
    expect(message.history).toHaveLength(0);
  });

  it('Acknowledge by an operator edits the same message; Slack retries of the press act once, a second press changes nothing', async () => {
    const first = press('alert_acknowledge', alertId, OPERATOR, '1700000100.000001');
    const answers = await Promise.all([first.send(), first.send(1), first.send(2)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect((await answerTo(first.id)).text).toContain('You acknowledged *permanent_failure* on *stripe*');
    await waitFor('the message edited', () => JSON.stringify(message.blocks).includes(`Acknowledged by <@${OPERATOR}>`));
    expect(buttonsOf(message.blocks)).toEqual(['alert_replay', 'alert_mute_1h', 'alert_open_console']);

    const again = press('alert_acknowledge', alertId, SECOND_OPERATOR, '1700000100.000002');
    await again.send();
    expect((await answerTo(again.id)).text).toContain(`acknowledged already by <@${OPERATOR}>`);
    expect(await events('alert.acknowledged', alertId)).toEqual([{ actor: `slack:${OPERATOR}`, data: { alertId, kind: 'permanent_failure' } }]);
    const requested = await events('slack.action_requested', alertId);
    expect(requested.map((e) => [e.actor, e.data.actionTs, e.data.outcome])).toEqual([
      [`slack:${OPERATOR}`, '1700000100.000001', 'acknowledged'],
      [`slack:${SECOND_OPERATOR}`, '1700000100.000002', 'already_acknowledged'],
    ]);
    expect(slack.responses.filter((r) => r.id === first.id)).toHaveLength(1);
    expect(postsOf(alertId)).toHaveLength(1); // edited, never posted again
  });

  it('Mute 1 h mutes the connector and kind for an hour, and the same message says until when and by whom', async () => {
    const mute = press('alert_mute_1h', alertId, OPERATOR);
    await mute.send();
    expect((await answerTo(mute.id)).text).toMatch(/is muted until <!date/);
    const alert = await new AlertLifecycle({ pool: hub.resources.pool, store: hub.resources.store, log: testLogger }).get(alertId);
    expect(alert?.mutedUntil?.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    expect(alert?.mutedBy).toBe(`slack:${OPERATOR}`);
    expect(await events('alert.muted', alertId)).toEqual([{ actor: `slack:${OPERATOR}`, data: expect.objectContaining({ kind: 'permanent_failure', scope: 'permanent_failure' }) }]);
    await waitFor('the message edited', () => JSON.stringify(message.blocks).includes(`by <@${OPERATOR}>`) && JSON.stringify(message.blocks).includes('Muted until'));
    expect(postsOf(alertId)).toHaveLength(1);
  });

  it('/hub alerts lists the open alert with its buttons, and the mute in force', async () => {
    const cmd = await client.slash('alerts', { user: VIEWER });
    const answer = await answerTo(cmd.id);
    expect(answer.text).toBe('1 open alert(s)');
    const blocks = answer.blocks as Block[];
    expect(blocks.find((b) => b.block_id === `alert_${alertId}`)?.text?.text).toMatch(/\*permanent_failure\* on \*stripe\*[\s\S]*Acknowledged by <@U0OPERATOR>[\s\S]*Muted until/);
    expect(buttonsOf(blocks)).toEqual(['alert_replay', 'alert_mute_1h', 'alert_open_console']);
    expect(JSON.stringify(blocks)).toContain('*stripe* permanent_failure muted until');
  });

  it('the App Home shows the health overview and the open alert with its buttons when opened', async () => {
    expect((await client.event({ type: 'app_home_opened', user: VIEWER, channel: 'D0HOME', tab: 'home', event_ts: `${Date.now() / 1000}` })).status).toBe(200);
    const home = await waitFor('the Home published', () => slack.homeOf(VIEWER));
    const blocks = home.view.blocks as Block[];
    expect(JSON.stringify(blocks)).toMatch(/\*stripe\* failing/);
    expect(blocks.find((b) => b.block_id === `alert_${alertId}`)).toBeDefined();
    expect(buttonsOf(blocks.filter((b) => b.block_id === `alert_actions_${alertId}`))).toEqual(['alert_replay', 'alert_mute_1h', 'alert_open_console']);
  });

  it('Replay failed replays the dead-lettered events: the downstream receives them, with the operator as actor', { timeout: 30_000 }, async () => {
    downstream.respondWith = () => ({ status: 200 });
    const replay = press('alert_replay', alertId, OPERATOR);
    await replay.send();
    expect((await answerTo(replay.id)).text).toMatch(/Replayed 2 failed stripe event\(s\) since/);
    for (const id of failed) {
      await waitFor(`${id} processed`, async () => (await statusOf(id)) === 'webhook.processed');
      expect(downstream.sideEffects.filter((r) => JSON.stringify(r.body).includes(id))).toHaveLength(1);
      expect(await events('webhook.replayed', id)).toEqual([{ actor: `slack:${OPERATOR}`, data: expect.objectContaining({ reason: 'Replay failed on the stripe alert' }) }]);
    }
  });

  it('resolving the alert edits the same message (no buttons but the console link) and republishes the Home without another app_home_opened', { timeout: 30_000 }, async () => {
    const opened = slack.calls.filter((c) => c.method === 'views.publish').length;
    await waitFor('the alert resolved by the evaluator', async () => (await events('alert.resolved', alertId)).length === 1, 20_000);
    await waitFor('the message edited to resolved', () => (message.blocks as Block[])[0]?.text?.text.includes('Resolved: permanent_failure on stripe'));
    expect(buttonsOf(message.blocks)).toEqual(['alert_open_console']);
    expect(postsOf(alertId)).toHaveLength(1);
    expect(message.history.length).toBeGreaterThanOrEqual(3); // acknowledged, muted, resolved
    await waitFor('the Home republished without the alert', () => !JSON.stringify(slack.homeOf(VIEWER)?.view.blocks).includes(alertId));
    expect(slack.calls.filter((c) => c.method === 'views.publish').length).toBeGreaterThan(opened);
  });
});

describe('/hub mute and /hub unmute', () => {
  let githubAlert: string;

  beforeAll(async () => {
    // Raised as the worker would (it posts the message): the Home of the viewer shows it without being opened again.
    const lifecycle = new AlertLifecycle({ pool: hub.resources.pool, store: hub.resources.store, log: testLogger, targets: ['slack'] });
    githubAlert = (await lifecycle.open('github', 'circuit_open', { evidence: { circuits: [{ circuit: 'github:api.github.com' }] } }))?.alert.id as string;
    await waitFor('the github alert message', () => messageOf(githubAlert));
  });

  it('a new alert republishes the Home of whoever opened it', async () => {
    await waitFor('the Home shows the new alert', () => JSON.stringify(slack.homeOf(VIEWER)?.view.blocks).includes(`alert_${githubAlert}`));
  });

  it('answers a press on the Home tab on that Home (a Home has no response_url): here, a refused Acknowledge', async () => {
    const home = slack.homeOf(VIEWER);
    const homePress = client.press({ action_id: 'alert_acknowledge', value: githubAlert, block_id: `alert_actions_${githubAlert}` }, { user: VIEWER });
    const payload = homePress.payload as Record<string, unknown>;
    for (const key of ['response_url', 'channel', 'message']) delete payload[key];
    payload.container = { type: 'view', view_id: home?.id };
    payload.view = { id: home?.id, type: 'home', blocks: [] };
    expect((await homePress.send()).status).toBe(200);
    await waitFor('the note on the Home', () => JSON.stringify(slack.homeOf(VIEWER)?.view.blocks).includes('Only hub operators may acknowledge'));
    expect(slack.responses.some((r) => r.id === homePress.id)).toBe(false);
    expect(await events('slack.action_refused', githubAlert)).toEqual([{ actor: `slack:${VIEWER}`, data: expect.objectContaining({ action: 'acknowledge' }) }]);
  });

  it("refuses a non-operator's /hub mute, records the attempt, mutes nothing", async () => {
    const cmd = await client.slash('mute github 2h', { user: VIEWER });
    expect(cmd.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Only hub operators may mute') });
    const { rows } = await hub.db.admin.query(`SELECT actor, data->>'action' AS action FROM events WHERE type = 'slack.action_refused' AND connector = 'github' AND data->>'action' = 'mute'`);
    expect(rows).toEqual([{ actor: `slack:${VIEWER}`, action: 'mute' }]);
    expect((await hub.db.admin.query(`SELECT 1 FROM alert_mutes WHERE connector = 'github'`)).rowCount).toBe(0);
  });

  it('explains a bad duration or kind instead of failing', async () => {
    expect((await client.slash('mute github forever', { user: OPERATOR })).json?.text).toContain('must look like 30m, 1h or 2d');
    expect((await client.slash('mute github 1h nonsense', { user: OPERATOR })).json?.text).toContain('No alert kind "nonsense"');
    expect((await client.slash('mute paypal 1h', { user: OPERATOR })).json?.text).toContain('No connector "paypal"');
  });

  it("/hub mute github 2h mutes every kind of github's alerts and edits their messages; /hub unmute github lifts it", async () => {
    const mute = await client.slash('mute github 2h', { user: OPERATOR });
    expect(mute.json?.text).toMatch(/Muted every alert of \*github\* until .+ \(1 open alert\(s\) reached\)/);
    expect((await hub.db.admin.query(`SELECT kind, muted_by FROM alert_mutes WHERE connector = 'github'`)).rows).toEqual([{ kind: '*', muted_by: `slack:${OPERATOR}` }]);
    const githubMessage = messageOf(githubAlert) as FakeSlackMessage;
    await waitFor('the github message says muted', () => JSON.stringify(githubMessage.blocks).includes('Muted until'));

    const unmute = await client.slash('unmute github', { user: OPERATOR });
    expect(unmute.json?.text).toContain('Unmuted *github*: 1 open alert(s) notify again');
    expect((await hub.db.admin.query(`SELECT 1 FROM alert_mutes WHERE connector = 'github'`)).rowCount).toBe(0);
    expect(await events('alert.unmuted', githubAlert)).toEqual([{ actor: `slack:${OPERATOR}`, data: expect.objectContaining({ removed: ['*'] }) }]);
    await waitFor('the github message no longer muted', () => !JSON.stringify(githubMessage.blocks).includes('Muted until'));
    expect(postsOf(githubAlert)).toHaveLength(1);
    expect((await client.slash('unmute github', { user: OPERATOR })).json?.text).toContain('Nothing of *github* is muted');
  });
});
