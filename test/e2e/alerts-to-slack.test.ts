import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { ApiTokenStore } from '@hub/core/api-tokens';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_SIGNATURE_HEADER, verifyAlertSignature } from '@hub/core/alerts';
import { startFakeSlack, type FakeSlack } from '@hub/simulators';
import { startDownstream, faults, type Downstream } from '../support/downstream.js';
import { spawnHub, type HubProcess } from '../support/hub-process.js';
import { ledgerRoute } from '../support/ledger-route.js';
import { postStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';

const SECRET = 'whsec_alerts_e2e';
const SLACK_TOKEN = 'xoxb-alerts-e2e';
const WEBHOOK_SECRET = 'alert-webhook-secret-e2e';
const CONSOLE_TOKEN = 'console-token-alerts';
const auth = { authorization: `Bearer ${CONSOLE_TOKEN}` };
let hub: TestHub;
let downstream: Downstream;
let slack: FakeSlack;
let worker: HubProcess;
const received: { body: string; signature: string | undefined }[] = [];
let receiver: http.Server;

async function alertEvents(type: string): Promise<{ connector: string; data: Record<string, unknown> }[]> {
  return (await hub.db.admin.query(`SELECT connector, data FROM events WHERE type = $1 ORDER BY id`, [type])).rows;
}

beforeAll(async () => {
  downstream = await startDownstream();
  downstream.respondWith = faults.failing(500);
  slack = await startFakeSlack({ token: SLACK_TOKEN, channels: { alerts: 'C0ALERTS' } });
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers[ALERT_SIGNATURE_HEADER] as string | undefined });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hub = await startTestHub({ label: 'alertsslack', secrets: { stripe: SECRET }, workerConnectors: [], consoleToken: CONSOLE_TOKEN });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-alerts-'));
  const file = path.join(dir, 'hub.config.yaml');
  await writeFile(file, stringify({ routes: [ledgerRoute(downstream.url)], connectors: { http: { breaker: { errorThresholdPercentage: 50, volumeThreshold: 3, resetTimeout: 2_000 } } } }));
  worker = spawnHub(['worker', '--connector', 'stripe'], {
    ...hub.env,
    HUB_CONFIG_FILE: file,
    LOG_LEVEL: 'info',
    HUB_RETRY_MAX_ATTEMPTS: '50',
    HUB_ALERT_SLACK_TOKEN: SLACK_TOKEN,
    HUB_ALERT_SLACK_CHANNEL: '#alerts',
    HUB_ALERT_SLACK_API_URL: slack.url,
    HUB_ALERT_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/alerts`,
    HUB_ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    HUB_CONSOLE_URL: 'https://console.example.com',
    HUB_ALERT_EVALUATE_INTERVAL_MS: '200',
    HUB_ALERT_DELIVERY_INTERVAL_MS: '100',
  });
  await worker.waitForLog('worker consuming');
});
afterAll(async () => {
  await worker?.kill('SIGTERM');
  await hub?.stop();
  await downstream?.close();
  await slack?.close();
  await new Promise((resolve) => receiver.close(resolve));
});

type Block = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: Record<string, unknown>[] };

describe('alerts end to end (worker process, fake Slack, signed webhook)', () => {
  it('a provider at 100 % 500s raises circuit_open, posts it to Slack with its buttons, and a healthy provider resolves it and updates the same message', { timeout: 60_000 }, async () => {
    const onset = Date.now();
    for (let i = 0; i < 6; i += 1) await postStripeEvent(hub.ingress, `evt_alert_${i}`, SECRET);

    const [raised] = await waitFor('alert.raised', async () => ((await alertEvents('alert.raised')).length > 0 ? alertEvents('alert.raised') : undefined), 30_000, 100);
    expect(raised).toMatchObject({ connector: 'http', data: { kind: 'circuit_open', severity: 'critical', muted: false } });
    const alertId = raised?.data.alertId as string;

    const message = await waitFor('a Slack message', () => [...slack.messages.values()][0], 15_000);
    console.log(`alert e2e: first failing webhook -> Slack message in ${Date.now() - onset} ms`);
    expect(message.channel).toBe('C0ALERTS');
    const blocks = message.blocks as Block[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'actions']);
    expect(blocks[0]?.text?.text).toContain('circuit_open on http');
    const fields = blocks[1]?.fields?.map((f) => f.text).join('\n') ?? '';
    for (const label of ['*Connector*\nhttp', '*Kind*\ncircuit_open', '*Severity*\ncritical', '*Count*\n1', '*Since*']) expect(fields).toContain(label);
    expect(JSON.stringify(blocks[2]?.elements)).toContain('http:127.0.0.1'); // the evidence names the open circuit
    expect(fields).toContain('*Evidence*\nopen circuits: http:127.0.0.1');
    expect(blocks[3]?.elements).toEqual([
      expect.objectContaining({ type: 'button', action_id: 'alert_replay', value: alertId, text: expect.objectContaining({ text: 'Replay failed' }), confirm: expect.objectContaining({ confirm: expect.objectContaining({ text: 'Replay' }) }) }),
      expect.objectContaining({ type: 'button', action_id: 'alert_mute_1h', value: alertId, text: expect.objectContaining({ text: 'Mute 1 h' }) }),
      expect.objectContaining({ type: 'button', action_id: 'alert_acknowledge', value: alertId, text: expect.objectContaining({ text: 'Acknowledge' }) }),
      expect.objectContaining({ type: 'button', url: `https://console.example.com/alerts/${alertId}`, text: expect.objectContaining({ text: 'Open in console' }) }),
    ]);

    // The same alert reached the outbound webhook, signed so the receiver can verify it.
    const hook = await waitFor('the raised webhook', () => received.find((r) => (JSON.parse(r.body) as { type: string }).type === 'alert.raised'));
    expect(verifyAlertSignature({ secret: WEBHOOK_SECRET, body: hook.body, header: hook.signature, nowMs: Date.now() })).toEqual({ ok: true });
    expect(verifyAlertSignature({ secret: 'another-secret-entirely', body: hook.body, header: hook.signature, nowMs: Date.now() })).toEqual({ ok: false, reason: 'invalid_signature' });
    expect(JSON.parse(hook.body)).toMatchObject({ alert: { id: alertId, connector: 'http', kind: 'circuit_open', status: 'open' } });

    downstream.respondWith = faults.healthy;
    const [resolved] = await waitFor('alert.resolved', async () => ((await alertEvents('alert.resolved')).length > 0 ? alertEvents('alert.resolved') : undefined), 30_000, 100);
    expect(resolved).toMatchObject({ connector: 'http', data: { alertId, kind: 'circuit_open', resolution: { reason: 'circuit closed' } } });

    await waitFor('the Slack message updated', () => message.history.length === 1, 15_000);
    expect(slack.messages.size).toBe(1); // updated in place, not posted again
    const update = slack.calls.find((c) => c.method === 'chat.update');
    expect(update?.body).toMatchObject({ channel: 'C0ALERTS', ts: message.ts });
    const after = message.blocks as Block[];
    expect(after[0]?.text?.text).toContain('Resolved: circuit_open on http');
    expect(after[3]?.elements?.map((e) => e.action_id)).toEqual(['alert_open_console']);
    await waitFor('the resolved webhook', () => received.some((r) => (JSON.parse(r.body) as { type: string }).type === 'alert.resolved'));
    expect(await alertEvents('alert.raised')).toHaveLength(1); // one alert for the whole outage
  });

  it('the console API lists the alert, mutes it for a period, refuses to resolve it twice, and answers 400/404 for bad ids', async () => {
    const list = await hub.console.inject({ method: 'GET', url: '/api/alerts?status=all&connector=http', headers: auth });
    const [alert] = (list.json() as { alerts: { id: string; status: string; kind: string }[] }).alerts;
    expect(alert).toMatchObject({ kind: 'circuit_open', status: 'resolved' });
    const id = alert?.id as string;
    expect((await hub.console.inject({ method: 'GET', url: `/api/alerts/${id}`, headers: auth })).json()).toMatchObject({ alert: { id, connector: 'http' } });

    const ops = (await new ApiTokenStore(hub.resources.pool).create({ name: 'ops@example.com', role: 'operator', actor: 'test' })).token;
    const muted = await hub.console.inject({ method: 'POST', url: `/api/alerts/${id}/mute`, headers: { authorization: `Bearer ${ops}` }, payload: { for: '1h' } });
    expect(muted.statusCode).toBe(200);
    expect(Date.parse((muted.json() as { alert: { mutedUntil: string } }).alert.mutedUntil)).toBeGreaterThan(Date.now() + 3_500_000);
    const { rows } = await hub.db.admin.query(`SELECT actor FROM events WHERE type = 'alert.muted' AND stream = $1`, [id]);
    expect(rows).toEqual([{ actor: 'api:ops@example.com' }]);

    expect((await hub.console.inject({ method: 'POST', url: `/api/alerts/${id}/resolve`, headers: auth })).statusCode).toBe(409);
    expect((await hub.console.inject({ method: 'POST', url: `/api/alerts/${id}/mute`, headers: auth, payload: { for: 'forever' } })).json()).toMatchObject({ error: { code: 'HUB_BAD_REQUEST' } });
    expect((await hub.console.inject({ method: 'GET', url: '/api/alerts/not-a-uuid', headers: auth })).statusCode).toBe(400);
    const unknown = await hub.console.inject({ method: 'GET', url: '/api/alerts/0190a6c4-0000-7000-8000-000000000000', headers: auth });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'HUB_ALERT_NOT_FOUND' } });
  });
});
