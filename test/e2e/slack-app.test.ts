import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLAY_ACTION } from '@hub/slack';
import type { FakeSlack } from '@hub/simulators';
import { startDownstream, type Downstream } from '../support/downstream.js';
import { ledgerRoute } from '../support/ledger-route.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-app.js';
import { slackSignature, type SlackTestClient } from '../support/slack-requests.js';
import { postStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';

const SECRET = 'whsec_slack_app';
const OPERATOR = 'U0OPERATOR';
const VIEWER = 'U0VIEWER';
let harness: SlackHarness;
let hub: TestHub;
let downstream: Downstream;
let slack: FakeSlack;
let client: SlackTestClient;

/** A press of the Replay button of one dead-lettered stripe event in a /hub dlq list. */
const replayPress = (eventId: string, { user = VIEWER, actionTs = `${Date.now() / 1000}` } = {}) =>
  client.press({ action_id: REPLAY_ACTION, block_id: `dlq_${eventId}`, value: JSON.stringify({ eventId, connector: 'stripe' }) }, { user, actionTs });

const responseText = (id: string) => waitFor(`a response to ${id}`, () => slack.responses.find((r) => r.id === id)?.body.text as string | undefined);

async function statusOf(eventId: string): Promise<string | undefined> {
  const { rows } = await hub.db.admin.query<{ type: string }>(
    `SELECT type FROM events WHERE stream = $1 AND type LIKE 'webhook.%' AND type NOT IN ('webhook.normalized') ORDER BY id DESC LIMIT 1`,
    [eventId],
  );
  return rows[0]?.type;
}

async function deadLettered(id: string): Promise<string> {
  const eventId = await postStripeEvent(hub.ingress, id, SECRET);
  await waitFor(`${id} dead-lettered`, async () => (await statusOf(eventId)) === 'webhook.dead_lettered');
  return eventId;
}

beforeAll(async () => {
  downstream = await startDownstream();
  downstream.respondWith = () => ({ status: 422 });
  harness = await startSlackHarness(() => startTestHub({ label: 'slackapp', secrets: { stripe: SECRET }, routes: [ledgerRoute(downstream.url)] }), { label: 'slack-app', operators: [OPERATOR, 'U0OTHER'] });
  ({ hub, slack, client } = harness);
});
afterAll(async () => {
  await harness?.stop();
  await downstream?.close();
});

describe('Slack request verification', () => {
  it('answers 401 to a bad signature, a stale (> 300 s) timestamp and a missing signature, and 200 to a good one', async () => {
    const body = new URLSearchParams({ team_id: harness.teamId, user_id: OPERATOR, command: '/hub', text: 'help', response_url: slack.responseUrl('sig') }).toString();
    expect((await client.post(body, slackSignature(body, 'not-the-secret'))).status).toBe(401);
    expect((await client.post(body, slackSignature(body, harness.signingSecret, Math.floor(Date.now() / 1000) - 301))).status).toBe(401);
    expect((await client.post(body, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(401);
    expect((await client.post(`${body}&text=tampered`, slackSignature(body, harness.signingSecret))).status).toBe(401);
    const good = await client.post(body);
    expect(good.status).toBe(200);
    expect(JSON.parse(good.text)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/hub dlq stripe') });
  });

  it('refuses a request signed correctly but from another workspace', async () => {
    const other = await client.slash('health', { user: OPERATOR, team: 'T0ELSEWHERE' });
    expect(other.status).toBe(200);
    expect(other.text).toContain('another Slack workspace');
    const mine = await client.slash('health', { user: OPERATOR });
    await responseText(mine.id);
    expect(slack.responses.some((r) => r.id === other.id)).toBe(false);
  });
});

describe('/hub', () => {
  let first: string;
  let second: string;

  beforeAll(async () => {
    first = await deadLettered('evt_slack_1');
    second = await deadLettered('evt_slack_2');
  });

  it('/hub health shows stripe failing, with the figures of the health module; /hub health stripe shows its windows', async () => {
    const all = await client.slash('health', { user: OPERATOR });
    expect(all.status).toBe(200);
    const text = await responseText(all.id);
    expect(text).toMatch(/:red_circle: \*stripe\* failing — ok 0\.0% \(1 h\), p95 .+, queue \d+, DLQ \d+, circuit (closed|open|half_open)/);
    expect(text).toContain('*github*');
    const one = await client.slash('health stripe', { user: OPERATOR });
    const detail = await responseText(one.id);
    expect(detail).not.toContain('*github*');
    expect(detail).toMatch(/`5m ` received \d+, ok 0\.0%, failed \d+ transient \/ \d+ permanent/);
  });

  it('/hub dlq stripe lists the dead-lettered events with class, age and a Replay button each', async () => {
    const cmd = await client.slash('dlq stripe', { user: OPERATOR });
    await responseText(cmd.id);
    const blocks = slack.responses.find((r) => r.id === cmd.id)?.body.blocks as { block_id?: string; text?: { text: string }; accessory?: { action_id: string; value: string } }[];
    for (const eventId of [first, second]) {
      const block = blocks.find((b) => b.block_id === `dlq_${eventId}`);
      expect(block?.text?.text).toMatch(/dead_lettered · permanent · \d+ s ago/);
      expect(block?.accessory).toMatchObject({ action_id: REPLAY_ACTION });
      expect(JSON.parse(block?.accessory?.value ?? '{}')).toEqual({ eventId, connector: 'stripe' });
    }
  });

  it('explains an unknown subcommand or connector instead of failing', async () => {
    const unknown = await client.slash('frobnicate', { user: OPERATOR });
    expect(JSON.parse(unknown.text)).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/I do not know `\/hub frobnicate`[\s\S]*\/hub health/) });
    const paypal = await client.slash('dlq paypal', { user: OPERATOR });
    expect(JSON.parse(paypal.text).text).toContain('try one of: github, stripe');
  });

  it('refuses a non-operator: an ephemeral explanation, nothing replayed, the attempt audited', async () => {
    const press = replayPress(first, { user: VIEWER });
    expect((await press.send()).status).toBe(200);
    expect(await responseText(press.id)).toContain('Only hub operators');
    expect(slack.responses.find((r) => r.id === press.id)?.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const { rows } = await hub.db.admin.query(`SELECT type, actor, data->>'action' AS action FROM events WHERE stream = $1 AND type LIKE 'slack.%'`, [first]);
    expect(rows).toEqual([{ type: 'slack.action_refused', actor: `slack:${VIEWER}`, action: 'replay' }]);
    expect(await statusOf(first)).toBe('webhook.dead_lettered');
  });

  it("replays an operator's press once, whatever the retries and second presses, with the Slack user as actor", async () => {
    downstream.respondWith = () => ({ status: 200 });
    const press = replayPress(first, { user: OPERATOR, actionTs: '1700000001.000001' });
    // The press, Slack's retry of the same delivery, and a concurrent retry.
    const answers = await Promise.all([press.send(), press.send(1), press.send(2)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await responseText(press.id)).toMatch(/Replayed `.+` for <@U0OPERATOR>/);
    // The DLQ message is replaced: the replayed event left the list, the other one is still there.
    const updated = slack.responses.filter((r) => r.id === press.id);
    expect(updated).toHaveLength(1);
    expect(updated[0]?.body.replace_original).toBe(true);
    const blockIds = (updated[0]?.body.blocks as { block_id?: string }[]).map((b) => b.block_id);
    expect(blockIds).toContain(`dlq_${second}`);
    expect(blockIds).not.toContain(`dlq_${first}`);
    await waitFor('the replayed event processed', async () => (await statusOf(first)) === 'webhook.processed');
    const again = replayPress(first, { user: OPERATOR, actionTs: '1700000002.000002' });
    await again.send();
    expect(await responseText(again.id)).toContain('is processed now, not in the DLQ: nothing replayed');

    const replayed = await hub.db.admin.query(`SELECT actor FROM events WHERE stream = $1 AND type = 'webhook.replayed'`, [first]);
    expect(replayed.rows).toEqual([{ actor: `slack:${OPERATOR}` }]);
    const audit = await hub.db.admin.query(`SELECT data->>'outcome' AS outcome FROM events WHERE stream = $1 AND type = 'slack.action_requested' ORDER BY id`, [first]);
    expect(audit.rows).toEqual([{ outcome: 'replayed' }, { outcome: 'skipped' }]);
    const effects = downstream.sideEffects.filter((r) => JSON.stringify(r.body).includes(first));
    expect(effects).toHaveLength(1);
    // The other event stays where it was.
    expect(await statusOf(second)).toBe('webhook.dead_lettered');
  });
});
