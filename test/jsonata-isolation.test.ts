import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { RouteConfig } from '@hub/core/routes';
import { startDownstream, type Downstream } from './support/downstream.js';
import { spawnHub, type HubProcess } from './support/hub-process.js';
import { signedStripeEvent } from './support/stripe-webhooks.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

const SECRET = 'whsec_jsonata_isolation';
// Long enough that a worker whose event loop a loop held would show it beyond doubt (see the ordering check).
const TIMEOUT_MS = 8_000;
const GOOD_PER_PHASE = 20;

let hub: TestHub;
let downstream: Downstream;
let worker: HubProcess;
let sent = 0;

/** Stripe events of three types, each with its route: one maps well, one never ends, one builds 50 MB. */
function routes(downstreamUrl: string): RouteConfig[] {
  const stripe = (event: string) => ({ connector: 'stripe', event });
  const post = { connector: 'http', name: 'post' };
  return [
    { name: 'ledger', on: stripe('payment_intent.succeeded'), action: post, input: `{ "url": "${downstreamUrl}/ledger", "body": { "payment": data.object.id, "hubEventId": $eventId } }` },
    { name: 'loop', on: stripe('payment_intent.payment_failed'), action: post, input: '($f := function($x){ $f($x) }; $f(1))' },
    { name: 'pad', on: stripe('charge.refunded'), action: post, input: `{ "url": "${downstreamUrl}/pad", "body": { "padding": $pad("", 50000000) } }` },
  ];
}

async function send(type: string): Promise<string> {
  const res = await hub.ingress.inject({ method: 'POST', url: '/webhooks/stripe', ...signedStripeEvent(`evt_jsonata_${++sent}`, SECRET, {}, type) });
  expect(res.statusCode).toBe(202);
  return (res.json() as { eventId: string }).eventId;
}

async function sendGood(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(await send('payment_intent.succeeded'));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return ids;
}

/** webhook.received -> webhook.processed of each event (in the order given), once all are processed. */
async function processedLatencies(ids: string[]): Promise<{ ms: number[]; lastProcessedAt: number }> {
  const rows = await waitFor(
    `${ids.length} events processed`,
    async () => {
      const { rows } = await hub.db.admin.query<{ stream: string; received: Date; processed: Date }>(
        `SELECT r.stream, r.created_at AS received, p.created_at AS processed FROM events r JOIN events p ON p.stream = r.stream AND p.type = 'webhook.processed'
          WHERE r.type = 'webhook.received' AND r.stream = ANY($1::uuid[])`,
        [ids],
      );
      return rows.length === ids.length ? rows : undefined;
    },
    60_000,
    100,
  );
  const byId = new Map(rows.map((r) => [r.stream, r.processed.getTime() - r.received.getTime()]));
  return { ms: ids.map((id) => byId.get(id) as number), lastProcessedAt: Math.max(...rows.map((r) => r.processed.getTime())) };
}

async function quarantines(ids: string[]): Promise<{ code: string; at: number }[]> {
  return waitFor(
    `${ids.length} events quarantined`,
    async () => {
      const { rows } = await hub.db.admin.query<{ data: { code: string }; created_at: Date }>(`SELECT data, created_at FROM events WHERE type = 'webhook.quarantined' AND stream = ANY($1::uuid[])`, [ids]);
      return rows.length === ids.length ? rows.map((r) => ({ code: r.data.code, at: r.created_at.getTime() })) : undefined;
    },
    60_000,
    100,
  );
}

function summary(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${sorted.at(-1)} ms (${sorted.length} events)`;
}

beforeAll(async () => {
  downstream = await startDownstream();
  hub = await startTestHub({ label: 'jsonataiso', secrets: { stripe: SECRET }, workerConnectors: [] });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-jsonata-'));
  const file = path.join(dir, 'hub.config.yaml');
  await writeFile(file, stringify({ routes: routes(downstream.url) }));
  worker = spawnHub(['worker', '--connector', 'stripe'], { ...hub.env, HUB_CONFIG_FILE: file, HUB_JSONATA_TIMEOUT_MS: String(TIMEOUT_MS), LOG_LEVEL: 'info' });
  await worker.waitForLog('worker consuming');
});
afterAll(async () => {
  await worker?.kill();
  await hub?.stop();
  await downstream?.close();
});

describe('JSONata limits in a worker process', () => {
  it('a route that never ends and one that builds 50 MB fail their own events; the other events keep flowing', async () => {
    // Evaluators start on first use: one event first, so that the baseline is the steady state.
    await processedLatencies([await send('payment_intent.succeeded')]);
    const baseline = await processedLatencies(await sendGood(GOOD_PER_PHASE));

    const loops = [await send('payment_intent.payment_failed'), await send('payment_intent.payment_failed')];
    const pads = [await send('charge.refunded'), await send('charge.refunded')];
    const during = await processedLatencies(await sendGood(GOOD_PER_PHASE));
    const loopOutcomes = await quarantines(loops);
    const padOutcomes = await quarantines(pads);

    console.log(`other events' latency (webhook.received -> webhook.processed), calm: ${summary(baseline.ms)}`);
    console.log(`other events' latency while 2 endless and 2 50-MB expressions run (timeout ${TIMEOUT_MS} ms): ${summary(during.ms)}; in order sent: ${during.ms.join(' ')}`);

    expect(loopOutcomes.map((o) => o.code)).toEqual(['HUB_JSONATA_TIMEOUT', 'HUB_JSONATA_TIMEOUT']);
    expect(padOutcomes.map((o) => o.code)).toEqual(['HUB_JSONATA_RESOURCE_LIMIT', 'HUB_JSONATA_RESOURCE_LIMIT']);
    // Every event sent after the loops was done before the first loop was stopped: nothing waited on it.
    expect(during.lastProcessedAt).toBeLessThan(Math.min(...loopOutcomes.map((o) => o.at)));
    const ledger = downstream.sideEffects.filter((r) => r.path === '/ledger');
    expect(ledger).toHaveLength(2 * GOOD_PER_PHASE + 1);
    expect(downstream.requests.filter((r) => r.path === '/pad')).toHaveLength(0);
  }, 90_000);
});
