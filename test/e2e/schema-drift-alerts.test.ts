import { ApiTokenStore } from '@hub/core/api-tokens';
import { startFakeSlack, type FakeSlack } from '@hub/simulators';
import { operatorCheck, pressAlertAction } from '@hub/slack';
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub, type HubProcess } from '../support/hub-process.js';
import { connectors } from '../support/repo-connectors.js';
import { testLogger } from '../support/silent-logger.js';
import { signedStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';

// A provider's format change raises one grouped alert per connector and event type, with the
// diff, in Slack; an operator who expected it accepts it and the new shape is the baseline.
const SECRET = 'whsec_drift_alerts';
const SLACK_TOKEN = 'xoxb-drift-alerts';
const CONSOLE_TOKEN = 'console-token-drift-alerts';
const KIND = 'schema_drift:customer.created';
// Field names come from the payload: whoever sends it chooses them.
const HOSTILE_FIELD = '<!channel> *bold*';
let hub: TestHub;
let slack: FakeSlack;
let worker: HubProcess;

type Json = Record<string, unknown>;
type Block = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: Json[] };

/** A customer.created fixture with this event id, its data.object changed by `edit`, posted signed; our event id. */
async function postCustomer(id: string, edit: (object: Json) => void = () => undefined): Promise<string> {
  const fixture = structuredClone(connectors.stripe.fixtures['customer.created']) as { data: { object: Json } };
  edit(fixture.data.object);
  const res = await hub.ingress.inject({ method: 'POST', url: '/webhooks/stripe', ...signedStripeEvent(id, SECRET, { data: fixture.data }, 'customer.created') });
  expect(res.statusCode).toBe(202);
  return (res.json() as { eventId: string }).eventId;
}

async function processed(eventId: string): Promise<string[]> {
  return waitFor(`event ${eventId} processed`, async () => {
    const view = (await hub.console.inject({ method: 'GET', url: `/api/events/${eventId}`, headers: { authorization: `Bearer ${CONSOLE_TOKEN}` } })).json() as { status: string; timeline: { type: string }[] };
    return view.status === 'processed' ? view.timeline.map((e) => e.type) : undefined;
  }, 30_000, 100);
}

async function driftAlerts(): Promise<{ id: string; status: string; occurrences: number; sample_event_ids: string[]; evidence: Json }[]> {
  return (await hub.db.admin.query(`SELECT id, status, occurrences, sample_event_ids, evidence FROM alerts WHERE connector = 'stripe' AND kind = $1 ORDER BY opened_at`, [KIND])).rows;
}

const addHostileField = (o: Json) => (o[HOSTILE_FIELD] = 'x');
const retypeSequence = (o: Json) => (o.next_invoice_sequence = 'one');

beforeAll(async () => {
  slack = await startFakeSlack({ token: SLACK_TOKEN, channels: { alerts: 'C0DRIFT' } });
  hub = await startTestHub({ label: 'driftalerts', secrets: { stripe: SECRET }, workerConnectors: [], consoleToken: CONSOLE_TOKEN });
  worker = spawnHub(['worker', '--connector', 'stripe'], {
    ...hub.env,
    LOG_LEVEL: 'info',
    HUB_ALERT_SLACK_TOKEN: SLACK_TOKEN,
    HUB_ALERT_SLACK_CHANNEL: '#alerts',
    HUB_ALERT_SLACK_API_URL: slack.url,
    HUB_CONSOLE_URL: 'https://console.example.com',
    HUB_ALERT_DELIVERY_INTERVAL_MS: '100',
  });
  await worker.waitForLog('worker consuming');
}, 60_000);
afterAll(async () => {
  await worker?.kill('SIGTERM');
  await hub?.stop();
  await slack?.close();
});

describe('schema drift alerts', () => {
  let alertId: string;
  let driftedId: string;

  it('a drifted payload raises schema_drift:<eventType> with the diff, delivered to Slack escaped', { timeout: 60_000 }, async () => {
    expect(await processed(await postCustomer('evt_sda_base'))).not.toContain('schema.drift');
    expect(await driftAlerts()).toEqual([]);

    driftedId = await postCustomer('evt_sda_hostile', addHostileField);
    expect(await processed(driftedId)).toContain('schema.drift');
    const [alert] = await driftAlerts();
    expect(alert).toMatchObject({ status: 'open', occurrences: 1, sample_event_ids: [driftedId] });
    expect(alert?.evidence).toEqual({ eventType: 'customer.created', eventId: driftedId, added: [{ path: `data.object.${HOSTILE_FIELD}`, type: 'string' }], removed: [], retyped: [] });
    alertId = alert?.id as string;

    const message = await waitFor('the drift alert in Slack', () => [...slack.messages.values()].find((m) => m.channel === 'C0DRIFT'), 15_000);
    const blocks = message.blocks as Block[];
    expect(blocks[0]?.text?.text).toContain(`${KIND} on stripe`);
    const fields = blocks[1]?.fields?.map((f) => f.text).join('\n') ?? '';
    // Escaped and as inline code: it pings nobody and *bold* stays literal.
    expect(fields).toContain('*Evidence*\nadded: `data.object.&lt;!channel&gt; *bold*` (string)');
    expect(JSON.stringify(blocks[2]?.elements)).toContain(driftedId);
    const everything = JSON.stringify(message);
    expect(everything).not.toContain('<!channel>');
    expect(blocks[3]?.elements?.map((e) => e.action_id)).toContain('alert_acknowledge');
  });

  it('a second drift of the same event type counts on the open alert instead of raising another', { timeout: 30_000 }, async () => {
    const secondId = await postCustomer('evt_sda_retyped', (o) => {
      addHostileField(o);
      retypeSequence(o);
    });
    expect(await processed(secondId)).toContain('schema.drift');
    const alerts = await driftAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ id: alertId, status: 'open', occurrences: 2, sample_event_ids: [driftedId, secondId] });
    expect(alerts[0]?.evidence).toMatchObject({ eventId: secondId, retyped: [{ path: 'data.object.next_invoice_sequence', from: 'number', to: 'string' }] });
    const raised = await hub.db.admin.query(`SELECT 1 FROM events WHERE type = 'alert.raised' AND data->>'kind' = $1`, [KIND]);
    expect(raised.rowCount).toBe(1);
  });

  it('a viewer token may not accept a drift (403); an operator accepts it, resolving the alert, and the new shape raises nothing', { timeout: 30_000 }, async () => {
    const url = '/api/connectors/stripe/drift/customer.created/accept';
    const viewer = (await new ApiTokenStore(hub.resources.pool).create({ name: 'drift-viewer', role: 'viewer', actor: 'test' })).token;
    const refused = await hub.console.inject({ method: 'POST', url, headers: { authorization: `Bearer ${viewer}` } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'HUB_FORBIDDEN' } });
    expect((await driftAlerts())[0]?.status).toBe('open');

    const unknown = await hub.console.inject({ method: 'POST', url: '/api/connectors/stripe/drift/invoice.paid/accept', headers: { authorization: `Bearer ${CONSOLE_TOKEN}` } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'HUB_DRIFT_NOT_OBSERVED' } });

    const res = await hub.console.inject({ method: 'POST', url, headers: { authorization: `Bearer ${CONSOLE_TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ accepted: { eventType: 'customer.created', distinctShapes: 3, resolvedAlertId: alertId } });
    expect((await driftAlerts())[0]?.status).toBe('resolved');
    const { rows } = await hub.db.admin.query(`SELECT stream, actor, data FROM events WHERE type = 'schema.drift_accepted'`);
    expect(rows).toEqual([{ stream: alertId, actor: expect.stringMatching(/^api:/), data: expect.objectContaining({ eventType: 'customer.created', resolvedAlertId: alertId }) }]);

    const nextId = await postCustomer('evt_sda_next', (o) => {
      addHostileField(o);
      retypeSequence(o);
      o.email = 'someone.else@example.com';
    });
    expect(await processed(nextId)).not.toContain('schema.drift');
    expect(await driftAlerts()).toHaveLength(1);
    expect((await driftAlerts())[0]?.status).toBe('resolved');
  });

  it("a new drift after acceptance opens a new alert; an operator's Acknowledge in Slack accepts it the same way", { timeout: 30_000 }, async () => {
    const addTier = (o: Json) => {
      addHostileField(o);
      retypeSequence(o);
      o.loyalty_tier = 'gold';
    };
    const tierId = await postCustomer('evt_sda_tier', addTier);
    expect(await processed(tierId)).toContain('schema.drift');
    const open = (await driftAlerts()).find((a) => a.status === 'open');
    expect(open?.evidence).toMatchObject({ added: [{ path: 'data.object.loyalty_tier', type: 'string' }] });

    const client = new webApi.WebClient(SLACK_TOKEN, { slackApiUrl: `${slack.url}/`, retryConfig: { retries: 0 } });
    const operators = operatorCheck({ userIds: new Set(['U0OPS']), groupIds: [], client, log: testLogger });
    const deps = { pool: hub.resources.pool, store: hub.resources.store, log: testLogger, operators };
    expect(await pressAlertAction(deps, { userId: 'U0STRANGER', alertId: open?.id as string, action: 'acknowledge', actionTs: '1.1' })).toEqual({ outcome: 'refused' });
    const pressed = await pressAlertAction(deps, { userId: 'U0OPS', alertId: open?.id as string, action: 'acknowledge', actionTs: '1.2' });
    expect(pressed).toMatchObject({ outcome: 'drift_accepted', alert: { id: open?.id, status: 'resolved', acknowledgedBy: 'slack:U0OPS' } });
    const { rows } = await hub.db.admin.query(`SELECT actor FROM events WHERE type = 'schema.drift_accepted' AND stream = $1`, [open?.id]);
    expect(rows).toEqual([{ actor: 'slack:U0OPS' }]);

    expect(await processed(await postCustomer('evt_sda_tier_next', addTier))).not.toContain('schema.drift');
    expect((await driftAlerts()).map((a) => a.status)).toEqual(['resolved', 'resolved']);
  });
});
