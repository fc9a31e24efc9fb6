import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadConnectorDeclaration } from '@hub/connector-sdk';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { replayEvents } from '@hub/core/replay';
import { validateWorkflow, WorkflowStore, type WorkflowDefinition } from '@hub/core/workflows';
import { startFakeSlack, type FakeSlack } from '@hub/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDownstream, type Downstream, type DownstreamRequest } from '../support/downstream.js';
import { connectors as repoConnectors } from '../support/repo-connectors.js';
import { postStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';

const SECRET = 'whsec_workflows';
const BOT_TOKEN = 'xoxb-workflows-e2e';
const MASTER_KEYS = `k1:${randomBytes(32).toString('base64')}`;
const slackConnector = await loadConnectorDeclaration(fileURLToPath(new URL('../../connectors/slack/connector.yaml', import.meta.url)));

let hub: TestHub;
let downstream: Downstream;
let slack: FakeSlack;
let workflows: WorkflowStore;
/** Provider event ids whose /archive call fails once with a 503 (a transient downstream failure). */
const failArchiveOnce = new Set<string>();
/** Provider event ids whose /archive calls fail with a 503 until the test removes them. */
const holdArchive = new Set<string>();

/** stripe payment_intent.succeeded -> amount > 1000 -> ledger action -> forward to the archive -> Slack. */
function payments(version: string): WorkflowDefinition {
  return validateWorkflow(
    {
      name: 'payments',
      trigger: { connector: 'stripe', event: 'payment_intent.succeeded' },
      steps: [
        { id: 'big', type: 'condition', when: { field: 'data.object.amount', operator: 'greater_than', value: 1000 } },
        { id: 'ledger', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/ledger"`, body: '{ "event": id, "amount": data.object.amount, "hubEventId": $eventId }' } },
        { id: 'archive', type: 'forward', url: `${downstream.url}/archive` },
        { id: 'notify', type: 'notify', channel: 'payments', text: `${version}: {{ id }} paid {{ data.object.amount / 100 }} {{ $uppercase(data.object.currency) }}, ledger entry {{ $steps.ledger.id }}` },
      ],
    },
    { ...repoConnectors, slack: slackConnector },
  );
}

beforeAll(async () => {
  downstream = await startDownstream();
  downstream.respondWith = (req) => {
    const event = (req.body as { id?: string }).id;
    if (req.path === '/archive' && event && (failArchiveOnce.delete(event) || holdArchive.has(event))) return { status: 503 };
    return { status: 201 };
  };
  slack = await startFakeSlack({ token: BOT_TOKEN, channels: { payments: 'C0PAYMENTS' } });
  hub = await startTestHub({
    label: 'workflows',
    secrets: { stripe: SECRET },
    // The worker finds the slack connector's base URL and bot token as in production: <ID>_BASE_URL and the credential store.
    // Attempts to spare: a held event keeps failing until the test has saved a new version.
    env: { HUB_MASTER_KEYS: MASTER_KEYS, SLACK_BASE_URL: slack.url, HUB_RETRY_MAX_ATTEMPTS: '30' },
    extraConnectors: { slack: slackConnector },
    // Slack's declared 1 message/s per workspace would only make this test wait.
    connectorOverrides: { slack: { rateLimit: { points: 100, durationMs: 1_000 } } },
  });
  await new CredentialStore(hub.resources.pool, new EnvMasterKeys(MASTER_KEYS)).put('slack', '', { token: BOT_TOKEN });
  workflows = new WorkflowStore(hub.resources.pool, hub.resources.store);
  await workflows.saveVersion(payments('v1'), { actor: 'test:e2e' });
}, 60_000);
afterAll(async () => {
  await hub?.stop();
  await downstream?.close();
  await slack?.close();
});

async function processed(providerId: string, fields: Record<string, unknown> = {}): Promise<string> {
  const eventId = await postStripeEvent(hub.ingress, providerId, SECRET, fields);
  await waitFor(`${providerId} processed`, async () => (await hub.console.inject({ method: 'GET', url: `/api/events/${eventId}` })).json().status === 'processed');
  return eventId;
}

async function stream(eventId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const { rows } = await hub.db.admin.query<{ type: string; data: Record<string, unknown> }>('SELECT type, data FROM events WHERE stream = $1 ORDER BY id', [eventId]);
  return rows;
}

/** Requests for one webhook: the ledger body names it as `event`, the forwarded payload as `id`. */
function sent(path: string, providerId: string): DownstreamRequest[] {
  return downstream.requests.filter((r) => r.path === path && [(r.body as { id?: string }).id, (r.body as { event?: string }).event].includes(providerId));
}
const messages = (providerId: string) => [...slack.messages.values()].filter((m) => m.text?.includes(providerId));

describe('workflows in the worker', () => {
  it('runs a matching webhook through condition, action, forward and notify, each call once, with its idempotency key', async () => {
    const eventId = await processed('evt_wf_match');
    const [ledger, ...moreLedger] = sent('/ledger', 'evt_wf_match');
    expect(moreLedger).toEqual([]);
    expect(ledger?.body).toEqual({ event: 'evt_wf_match', amount: 2000, hubEventId: eventId });
    expect(ledger?.headers['idempotency-key']).toBe(`${eventId}:workflow:payments:ledger`);
    const archived = sent('/archive', 'evt_wf_match');
    expect(archived).toHaveLength(1);
    expect(archived[0]?.body).toMatchObject({ id: 'evt_wf_match', type: 'payment_intent.succeeded', data: { object: { amount: 2000 } } });
    // The notification reads the ledger's answer ($steps.ledger.id: the simulator's obj_<request index>).
    expect(messages('evt_wf_match').map((m) => [m.channel, m.text])).toEqual([['C0PAYMENTS', `v1: evt_wf_match paid 20 USD, ledger entry obj_${downstream.requests.indexOf(ledger as DownstreamRequest)}`]]);

    const events = await stream(eventId);
    expect(events.find((e) => e.type === 'workflow.started')?.data).toEqual({ name: 'payments', version: 1, canary: false });
    expect(events.find((e) => e.type === 'workflow.completed')?.data).toMatchObject({
      name: 'payments',
      version: 1,
      steps: [
        { id: 'big', outcome: 'passed' },
        { id: 'ledger', outcome: 'succeeded' },
        { id: 'archive', outcome: 'succeeded' },
        { id: 'notify', outcome: 'succeeded' },
      ],
    });
    expect(events.filter((e) => e.type === 'action.succeeded').map((e) => [e.data.route, e.data.step])).toEqual([
      ['workflow:payments:ledger', 'ledger'],
      ['workflow:payments:archive', 'archive'],
      ['workflow:payments:notify', 'notify'],
    ]);
    // The bot token went to Slack (the fake refuses a call without it) and is not in the store.
    expect(events.find((e) => e.data.step === 'notify' && e.type === 'action.requested')?.data).toMatchObject({ request: { headers: { authorization: '[redacted]' } } });
    expect(JSON.stringify(events)).not.toContain(BOT_TOKEN);
    expect(events.find((e) => e.type === 'webhook.processed')?.data.actions).toEqual([
      { route: 'workflow:payments:ledger', outcome: 'succeeded' },
      { route: 'workflow:payments:archive', outcome: 'succeeded' },
      { route: 'workflow:payments:notify', outcome: 'succeeded' },
    ]);
  });

  it('records a webhook the condition turns away as filtered, and calls nothing', async () => {
    const eventId = await processed('evt_wf_small', { data: { object: { ...(repoConnectors.stripe.fixtures['payment_intent.succeeded'] as { data: { object: object } }).data.object, amount: 500 } } });
    const events = await stream(eventId);
    expect(events.find((e) => e.type === 'workflow.filtered')?.data).toEqual({ name: 'payments', version: 1, canary: false, step: 'big' });
    expect(events.map((e) => e.type)).not.toContain('workflow.completed');
    expect(events.map((e) => e.type)).not.toContain('action.requested');
    expect(sent('/ledger', 'evt_wf_small')).toEqual([]);
    expect(messages('evt_wf_small')).toEqual([]);
  });

  it('retries a transient downstream failure without repeating the calls that succeeded, on the version it started with', async () => {
    failArchiveOnce.add('evt_wf_retry');
    const eventId = await processed('evt_wf_retry');
    const events = await stream(eventId);
    expect(events.filter((e) => e.type === 'webhook.failed').map((e) => [e.data.class, e.data.route])).toEqual([['transient', 'workflow:payments:archive']]);
    // The ledger ran once (its retry was skipped: its key had succeeded); the archive was asked twice; one message.
    expect(sent('/ledger', 'evt_wf_retry')).toHaveLength(1);
    expect(sent('/archive', 'evt_wf_retry').length).toBe(2);
    expect(events.filter((e) => e.type === 'workflow.started')).toHaveLength(1);
    const ledger = sent('/ledger', 'evt_wf_retry')[0] as DownstreamRequest;
    // The notify of the second attempt still read the ledger's answer of the first ($steps from the store).
    expect(messages('evt_wf_retry').map((m) => m.text)).toEqual([`v1: evt_wf_retry paid 20 USD, ledger entry obj_${downstream.requests.indexOf(ledger)}`]);
  });

  it('runs a new version from the next webhook (a retry keeps the version it started), the previous one after a rollback, and nothing once disabled', async () => {
    holdArchive.add('evt_wf_pinned');
    const pinned = await postStripeEvent(hub.ingress, 'evt_wf_pinned', SECRET);
    await waitFor('the first attempt of evt_wf_pinned to fail', async () => (await stream(pinned)).some((e) => e.type === 'webhook.failed'));
    const { version } = await workflows.saveVersion(payments('v2'), { actor: 'test:e2e' });
    expect(version).toBe(2);
    holdArchive.delete('evt_wf_pinned');
    await waitFor('evt_wf_pinned processed', async () => (await stream(pinned)).some((e) => e.type === 'webhook.processed'));
    expect(messages('evt_wf_pinned').map((m) => m.text?.slice(0, 3))).toEqual(['v1:']);

    const onV2 = await processed('evt_wf_v2');
    expect(messages('evt_wf_v2').map((m) => m.text?.slice(0, 3))).toEqual(['v2:']);

    expect(await workflows.rollback('payments', 'test:e2e')).toEqual({ from: 2, to: 1 });
    const rolledBack = await processed('evt_wf_rolled_back');
    expect(messages('evt_wf_rolled_back').map((m) => m.text?.slice(0, 3))).toEqual(['v1:']);
    expect((await stream(rolledBack)).find((e) => e.type === 'workflow.started')?.data).toMatchObject({ version: 1 });

    // A replay runs the version active now, and pays nothing twice: every step's key already succeeded.
    await replayEvents(hub.resources.pool, { selection: { kind: 'ids', eventIds: [onV2] }, actor: 'test:e2e', reason: 'workflow replay' }, () => hub.relay.wake());
    await waitFor('the replay of evt_wf_v2 processed', async () => (await stream(onV2)).filter((e) => e.type === 'webhook.processed').length === 2);
    const replayed = await stream(onV2);
    expect(replayed.filter((e) => e.type === 'workflow.started').map((e) => e.data.version)).toEqual([2, 1]);
    expect(replayed.filter((e) => e.type === 'workflow.completed').at(-1)?.data.steps).toEqual([
      { id: 'big', type: 'condition', outcome: 'passed' },
      { id: 'ledger', type: 'action', outcome: 'skipped' },
      { id: 'archive', type: 'forward', outcome: 'skipped' },
      { id: 'notify', type: 'notify', outcome: 'skipped' },
    ]);
    expect(sent('/ledger', 'evt_wf_v2')).toHaveLength(1);
    expect(messages('evt_wf_v2')).toHaveLength(1);

    await workflows.disable('payments', 'test:e2e');
    const disabled = await processed('evt_wf_disabled');
    expect((await stream(disabled)).map((e) => e.type).filter((t) => t.startsWith('workflow.') || t.startsWith('action.'))).toEqual([]);
    expect(sent('/ledger', 'evt_wf_disabled')).toEqual([]);
    expect(messages('evt_wf_disabled')).toEqual([]);
  });
});
