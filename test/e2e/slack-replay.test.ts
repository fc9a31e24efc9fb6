import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorQueues, type ConnectorQueue } from '@hub/core/queue';
import { listDeadLetters } from '@hub/core/replay';
import { startSlackApp, REPLAY_ALL_ACTION } from '@hub/slack';
import type { FakeSlack, FakeSlackMessage } from '@hub/simulators';
import { runHealth } from '../../apps/cli/src/commands/health.js';
import { startDownstream, type Downstream } from '../support/downstream.js';
import { ledgerRoute } from '../support/ledger-route.js';
import { connectors } from '../support/repo-connectors.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-app.js';
import type { SlackTestClient } from '../support/slack-requests.js';
import { signedStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';

const SECRET = 'whsec_slack_replay';
const OPERATOR = 'U0OPERATOR';
const GROUP_MEMBER = 'U0GROUPIE';
const VIEWER = 'U0VIEWER';

let harness: SlackHarness;
let hub: TestHub;
let downstream: Downstream;
let slack: FakeSlack;
let client: SlackTestClient;
/** Payments whose ledger call answers 422 until they are healed. */
const healed = new Set<string>();

/** A Stripe payment_intent.succeeded for `payment` (ids starting pi_fail fail until healed; `amount` may break the schema). */
async function stripeEvent(payment: string, objectFields: Record<string, unknown> = {}): Promise<string> {
  const fixture = structuredClone(connectors.stripe.fixtures['payment_intent.succeeded']) as { data: { object: Record<string, unknown> } };
  Object.assign(fixture.data.object, { id: payment, ...objectFields });
  const res = await hub.ingress.inject({ method: 'POST', url: '/webhooks/stripe', ...signedStripeEvent(`evt_${payment}`, SECRET, { data: fixture.data }) });
  return (res.json() as { eventId: string }).eventId;
}

async function statusOf(eventId: string): Promise<string | undefined> {
  const { rows } = await hub.db.admin.query<{ type: string }>(
    `SELECT type FROM events WHERE stream = $1 AND type = ANY($2::text[]) ORDER BY id DESC LIMIT 1`,
    [eventId, ['webhook.received', 'webhook.replayed', 'webhook.processing', 'webhook.processed', 'webhook.failed', 'webhook.dead_lettered', 'webhook.quarantined']],
  );
  return rows[0]?.type;
}

const settled = (eventId: string, type: string) => waitFor(`${eventId} ${type}`, async () => (await statusOf(eventId)) === type);

async function replaysOf(eventId: string): Promise<{ actor: string; reason: string }[]> {
  const { rows } = await hub.db.admin.query<{ actor: string; reason: string }>(`SELECT actor, data->>'reason' AS reason FROM events WHERE stream = $1 AND type = 'webhook.replayed' ORDER BY id`, [eventId]);
  return rows;
}

const responsesTo = (id: string) => slack.responses.filter((r) => r.id === id).map((r) => r.body);
const responseText = (id: string, timeoutMs?: number) => waitFor(`a response to ${id}`, () => responsesTo(id)[0]?.text as string | undefined, timeoutMs);
const channelPosts = (match: (text: string) => boolean) => [...slack.messages.values()].filter((m) => m.threadTs === undefined && match(m.text ?? ''));
const threadOf = (parent: FakeSlackMessage) => [...slack.messages.values()].filter((m) => m.threadTs === parent.ts).map((m) => m.text ?? '');
const finalReply = (parent: FakeSlackMessage) => waitFor('the final reply', () => threadOf(parent).find((t) => /Replay finished|Stopped following/.test(t)), 30_000);

/** Time-ordered (UUIDv7 layout) ids, as the hub gives webhook events, for events written straight into the store. */
function timeOrderedId(): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(Date.now(), 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

beforeAll(async () => {
  downstream = await startDownstream();
  downstream.respondWith = (req) => {
    const payment = String((req.body as { payment?: unknown }).payment ?? '');
    return { status: payment.startsWith('pi_fail') && !healed.has(payment) ? 422 : 200 };
  };
  harness = await startSlackHarness(() => startTestHub({ label: 'slackreplay', secrets: { stripe: SECRET }, routes: [ledgerRoute(downstream.url)] }), {
    label: 'slack-replay',
    operators: [OPERATOR],
    fakeSlack: { channels: { ops: 'C0OPS' }, userGroups: { S0OPERATORS: [GROUP_MEMBER] } },
    config: { HUB_SLACK_OPERATOR_GROUPS: 'S0OPERATORS' },
  });
  ({ hub, slack, client } = harness);
});
afterAll(async () => {
  await harness?.stop();
  await downstream?.close();
});

describe('/hub replay', () => {
  it.each([
    ['replay', /What should I replay/],
    ['replay not-an-event', /`not-an-event` is neither an event id .* nor a connector \(github, stripe\)/],
    ['replay paypal --since 2h', /`paypal` is neither an event id .* nor a connector/],
    ['replay stripe --since yesterday', /--since yesterday: not a time/],
    ['replay stripe --from 2026-01-02T00:00:00Z --to 2026-01-01T00:00:00Z', /--from \(2026-01-02 00:00 UTC\) must be before --to \(2026-01-01 00:00 UTC\)/],
  ])('answers `/hub %s` at once with what to type instead', async (text, message) => {
    const answer = await client.slash(text, { user: OPERATOR });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(message) });
  });

  it('lets a member of an operator user group replay, and refuses a non-member with an ephemeral explanation and an audit event', async () => {
    const eventId = await stripeEvent('pi_fail_group');
    await settled(eventId, 'webhook.dead_lettered');

    const refused = await client.slash(`replay ${eventId}`, { user: VIEWER });
    expect(refused.json?.text).toBe(':repeat: Replaying 1 event…');
    expect(await responseText(refused.id)).toMatch(/^Only hub operators may replay events \(ask an admin to add you to the operators user group/);
    expect(responsesTo(refused.id)[0]).toMatchObject({ response_type: 'ephemeral' });
    const audit = await hub.db.admin.query(`SELECT actor, data->>'action' AS action, data->>'triggerId' AS trigger FROM events WHERE type = 'slack.action_refused'`);
    expect(audit.rows).toEqual([{ actor: `slack:${VIEWER}`, action: 'replay', trigger: refused.triggerId }]);
    expect(await replaysOf(eventId)).toEqual([]);

    healed.add('pi_fail_group');
    const allowed = await client.slash(`replay ${eventId}`, { user: GROUP_MEMBER });
    expect(allowed.status).toBe(200);
    const [parent] = await waitFor('the replay message in the channel', () => {
      const posts = channelPosts((t) => t.startsWith(`:repeat: <@${GROUP_MEMBER}> replays 1 stripe event`));
      return posts.length > 0 ? posts : undefined;
    });
    expect(parent?.channel).toBe('C0OPS');
    expect(await finalReply(parent as FakeSlackMessage)).toMatch(/^:white_check_mark: Replay finished: 1 processed · 0 dead-lettered again · 0 quarantined \(replay `[0-9a-f-]{36}`\)\.$/);
    expect(await replaysOf(eventId)).toEqual([{ actor: `slack:${GROUP_MEMBER}`, reason: `/hub replay ${eventId} (Slack)` }]);
    const requested = await hub.db.admin.query(`SELECT actor, connector, data->>'outcome' AS outcome FROM events WHERE type = 'slack.action_requested' AND data->>'triggerId' = $1`, [allowed.triggerId]);
    expect(requested.rows).toEqual([{ actor: `slack:${GROUP_MEMBER}`, connector: 'stripe', outcome: 'replayed' }]);
  });

  it("replays a connector's events of a time window once whatever Slack's retries, and gives the counts in a thread", async () => {
    const from = new Date();
    const ok = [await stripeEvent('pi_ok_window_1'), await stripeEvent('pi_ok_window_2')];
    const failing = await stripeEvent('pi_fail_window');
    const invalid = await stripeEvent('pi_bad_window', { amount: 'ten dollars' });
    for (const id of ok) await settled(id, 'webhook.processed');
    await settled(failing, 'webhook.dead_lettered');
    await settled(invalid, 'webhook.quarantined');

    const command = client.command(`replay stripe --from ${from.toISOString()} --reason ledger fixed`, { user: OPERATOR });
    const answers = await Promise.all([command.send(), command.send(1), command.send(2)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[0]?.json?.text).toMatch(/^:repeat: Replaying stripe events since \d{4}-\d\d-\d\d \d\d:\d\d UTC…$/);

    const [parent] = await waitFor('the replay message', () => {
      const posts = channelPosts((t) => t.startsWith(`:repeat: <@${OPERATOR}> replays 4 stripe events since`));
      return posts.length > 0 ? posts : undefined;
    });
    expect(await finalReply(parent as FakeSlackMessage)).toMatch(/^:warning: Replay finished: 2 processed · 1 dead-lettered again · 1 quarantined \(replay `[0-9a-f-]{36}`\)\. `\/hub dlq` lists the failed ones\.$/);
    // One message for three deliveries of the command, and each event replayed once.
    expect(channelPosts((t) => t.includes('replays 4 stripe events'))).toHaveLength(1);
    for (const id of [...ok, failing, invalid]) expect(await replaysOf(id)).toEqual([{ actor: `slack:${OPERATOR}`, reason: 'ledger fixed' }]);
    const requested = await hub.db.admin.query(`SELECT data->>'selected' AS selected FROM events WHERE type = 'slack.action_requested' AND data->>'triggerId' = $1`, [command.triggerId]);
    expect(requested.rows).toEqual([{ selected: '4' }]);
    // The channel message shows the outcome too.
    expect(slack.messages.get(parent?.ts ?? '')?.text).toContain('Replay finished: 2 processed');
  });

  it('counts a large selection with --dry-run without replaying, and follows 1,000 replayed events with a handful of messages', async () => {
    const ids = Array.from({ length: 1000 }, timeOrderedId);
    await hub.db.admin.query(
      `INSERT INTO events (id, stream, connector, type, provider_event_id, data) SELECT id, id, 'github', 'webhook.received', id::text, '{"eventType":"push"}' FROM unnest($1::uuid[]) AS id`,
      [ids],
    );
    // Processed once already (a replay of events still queued would skip them as queued).
    await hub.db.admin.query(`INSERT INTO events (id, stream, connector, type, data) SELECT t.id, t.stream, 'github', 'webhook.processed', '{}' FROM unnest($1::uuid[], $2::uuid[]) AS t(id, stream)`, [
      ids.map(() => timeOrderedId()),
      ids,
    ]);

    const dry = await client.slash('replay github --since 10m --dry-run', { user: OPERATOR });
    expect(dry.json?.text).toMatch(/^:mag: Counting github events since .* \(dry run\)…$/);
    const listing = await responseText(dry.id);
    expect(listing).toMatch(/^Dry run: 1000 github events since .* would be replayed\. First 10 ids: (`[0-9a-f-]{36}`, ){9}`[0-9a-f-]{36}` …and 990 more\nNothing was replayed/);
    for (const [shown] of listing.matchAll(/[0-9a-f]{8}-[0-9a-f-]{27}/g)) expect(ids).toContain(shown);
    const none = await hub.db.admin.query(`SELECT count(*)::int AS n FROM events WHERE connector = 'github' AND type = 'webhook.replayed'`);
    expect(none.rows[0].n).toBe(0);

    await client.slash('replay github --since 10m', { user: OPERATOR });
    const [parent] = await waitFor('the replay message', () => {
      const posts = channelPosts((t) => t.startsWith(`:repeat: <@${OPERATOR}> replays 1000 github events since`));
      return posts.length > 0 ? posts : undefined;
    });
    // Announced when the first 100 are queued; the rest follow at the bounded rate.
    await waitFor('all 1,000 queued again', async () => {
      const { rows } = await hub.db.admin.query(`SELECT count(*)::int AS n FROM events WHERE connector = 'github' AND type = 'webhook.replayed'`);
      return rows[0].n === 1000;
    }, 30_000);
    // No github worker runs here: the test finishes the events as a worker would, in one statement.
    await hub.resources.store.append(ids.map((stream, i) => ({ stream, connector: 'github', type: i < 990 ? 'webhook.processed' : 'webhook.dead_lettered', data: {} })));
    expect(await finalReply(parent as FakeSlackMessage)).toMatch(/^:warning: Replay finished: 990 processed · 10 dead-lettered again · 0 quarantined \(replay `[0-9a-f-]{36}`\)\./);
    const replies = threadOf(parent as FakeSlackMessage);
    expect(replies.length).toBeLessThanOrEqual(3);
    expect(channelPosts((t) => t.includes('1000 github events'))).toHaveLength(1);
  });

  it('follows on the response_url, saying why, when the bot cannot post in the channel', async () => {
    const eventId = await stripeEvent('pi_ok_elsewhere');
    await settled(eventId, 'webhook.processed');
    const elsewhere = harness.clientFor({ channelId: 'C0NOTMINE' });
    const unknown = randomUUID();
    const command = await elsewhere.slash(`replay ${eventId} ${unknown}`, { user: OPERATOR });
    await waitFor('the final counts on the response_url', () => responsesTo(command.id).some((r) => String(r.text).includes('Replay finished')), 30_000);
    const texts = responsesTo(command.id).map((r) => String(r.text));
    expect(texts[0]).toContain(`\nNot webhook events of this hub, skipped: \`${unknown}\``);
    expect(texts[0]).toMatch(/^:repeat: <@U0OPERATOR> replays 1 stripe event\n.*\n_I cannot post in this channel \(`channel_not_found`\), so the progress comes here, to you only/);
    expect(texts.at(-1)).toMatch(/^:white_check_mark: Replay finished: 1 processed · 0 dead-lettered again · 0 quarantined \(replay `[0-9a-f-]{36}`\)\.$/);
    expect(texts.length).toBeLessThanOrEqual(5);
    expect(responsesTo(command.id).every((r) => r.response_type === 'ephemeral')).toBe(true);
  });
});

describe('/hub health <connector>', () => {
  it('shows the last errors by class with code, message, age and event id, as `hub health <connector>` prints them', async () => {
    const failing = await stripeEvent('pi_fail_health');
    const invalid = await stripeEvent('pi_bad_health', { amount: 'eleven' });
    await settled(failing, 'webhook.dead_lettered');
    await settled(invalid, 'webhook.quarantined');

    const command = await client.slash('health stripe', { user: VIEWER });
    await responseText(command.id);
    const sections = (responsesTo(command.id)[0]?.blocks as { type: string; text?: { text: string } }[]).map((b) => b.text?.text ?? '');
    const permanent = sections.find((t) => t.startsWith('*Permanent errors*'));
    expect(permanent).toMatch(new RegExp(`\`HUB_ACTION_PERMANENT\` .+ — \\d+ s ago, event \`${failing}\``));
    const dataFormat = sections.find((t) => t.startsWith('*Data format errors*'));
    expect(dataFormat).toMatch(new RegExp(`\`HUB_PAYLOAD_INVALID\` payload does not match the payment_intent.succeeded schema — \\d+ s ago, event \`${invalid}\``));
    expect(sections.find((t) => t.startsWith('*Transient errors*'))).toBe('*Transient errors* — none lately');

    const printed: string[] = [];
    await runHealth(hub.env, 'stripe', {}, (line) => printed.push(line));
    const permanentAt = printed.indexOf('  last permanent errors:');
    expect(permanentAt).toBeGreaterThan(0);
    expect(printed[permanentAt + 1]).toMatch(new RegExp(`^    \\d+ s ago  HUB_ACTION_PERMANENT  .+  event ${failing}$`));
    expect(printed).toContain('  last transient errors: none in 7 days');
  });

  it('acknowledges within 3 s although the figures take 10 s, and posts them to the response_url when ready', async () => {
    // The hub's real queues, answering only after 10 s (an SQS endpoint that hangs).
    class SlowQueues extends ConnectorQueues {
      constructor(private readonly real: ConnectorQueues) {
        super(real.sqs, real.prefix);
      }
      override async get(connector: string): Promise<ConnectorQueue> {
        await sleep(10_000);
        return this.real.get(connector);
      }
    }
    const slow = await startSlackApp(harness.appOptions({ queues: new SlowQueues(hub.resources.queues) }), 0, '127.0.0.1');
    try {
      const slowClient = harness.clientFor({ app: slow });
      const sent = performance.now();
      const command = await slowClient.slash('health stripe', { user: VIEWER });
      expect(command.status).toBe(200);
      expect(command.elapsedMs).toBeLessThan(3_000);
      const text = await responseText(command.id, 30_000);
      expect(performance.now() - sent).toBeGreaterThanOrEqual(10_000);
      expect(text).toMatch(/\*stripe\* .* queue \d+, DLQ \d+, circuit/);
    } finally {
      await slow.stop();
    }
  });
});

describe('Replay all', () => {
  it('offers Replay all with a confirmation on /hub dlq; replays every dead-lettered and quarantined event once for an operator, whatever the retries and second presses', async () => {
    const dead = await stripeEvent('pi_fail_all');
    const invalid = await stripeEvent('pi_bad_all', { amount: 'twelve' });
    await settled(dead, 'webhook.dead_lettered');
    await settled(invalid, 'webhook.quarantined');
    const inDlq = (await listDeadLetters(hub.resources.pool, 'stripe')).map((d) => d.eventId);
    expect(inDlq).toEqual(expect.arrayContaining([dead, invalid]));

    const list = await client.slash('dlq stripe', { user: VIEWER });
    await responseText(list.id);
    const [header] = responsesTo(list.id)[0]?.blocks as { accessory?: Record<string, unknown> }[];
    expect(header?.accessory).toMatchObject({
      action_id: REPLAY_ALL_ACTION,
      value: JSON.stringify({ connector: 'stripe' }),
      confirm: { title: { text: 'Replay all stripe events?' }, confirm: { text: 'Replay all' }, deny: { text: 'Cancel' } },
    });
    const button = { action_id: REPLAY_ALL_ACTION, value: JSON.stringify({ connector: 'stripe' }), block_id: 'dlq_header' };

    const refused = client.press(button, { user: VIEWER });
    await refused.send();
    expect(await responseText(refused.id)).toMatch(/^Only hub operators may replay events/);
    const audit = await hub.db.admin.query(`SELECT actor FROM events WHERE type = 'slack.action_refused' AND data->>'action' = 'replay_all'`);
    expect(audit.rows).toEqual([{ actor: `slack:${VIEWER}` }]);
    expect(await replaysOf(dead)).toEqual([]);

    // Every payment that failed in this file succeeds from now on (the quarantined payloads stay invalid).
    healed.add('pi_fail_all').add('pi_fail_window').add('pi_fail_health');
    // Held in the outbox while the presses run, so no replayed event is back in the DLQ before the second press looks.
    await hub.relay.stop();
    const first = client.press(button, { user: OPERATOR, actionTs: '1700000100.000001' });
    const second = client.press(button, { user: OPERATOR, actionTs: '1700000101.000002' });
    const answers = await Promise.all([first.send(), first.send(1), first.send(2), second.send()]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    await waitFor('both presses answered', () => responsesTo(first.id).length > 0 && responsesTo(second.id).length > 0);
    const bodies = [...responsesTo(first.id), ...responsesTo(second.id)];
    // The retries of the first press answered nothing; one press replayed, the other found nothing left.
    expect(bodies).toHaveLength(2);
    expect(bodies.every((b) => b.replace_original === true)).toBe(true);
    const texts = bodies.map((b) => String(b.text));
    expect(texts.filter((t) => t.startsWith(`:repeat: <@${OPERATOR}> replayed all ${inDlq.length} dead-lettered and quarantined stripe events`))).toHaveLength(1);
    expect(texts.filter((t) => t.startsWith('Nothing of stripe was dead-lettered or quarantined any more'))).toHaveLength(1);
    // Updated in place: the replayed events are gone from the list.
    for (const b of bodies) expect(JSON.stringify(b.blocks)).not.toContain(`dlq_${dead}`);
    for (const id of inDlq) expect((await replaysOf(id)).filter((r) => r.reason === 'Replay all button in Slack')).toEqual([{ actor: `slack:${OPERATOR}`, reason: 'Replay all button in Slack' }]);

    await hub.relay.start();
    await settled(dead, 'webhook.processed');
    await settled(invalid, 'webhook.quarantined');
  });
});
