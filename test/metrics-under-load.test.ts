import { HubMetrics } from '@hub/core/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults, startDownstream, type Downstream } from './support/downstream.js';
import { ledgerRoute } from './support/ledger-route.js';
import { postStripeEvent, signedStripeEvent } from './support/stripe-webhooks.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

// /metrics scraped after a load run through the real ingress and worker: the series an operator's
// dashboard needs are there, with the counts the run produced, labelled by connector (never by event).
const SECRET = 'whsec_metrics_load';
const EVENTS = 150;
const FORGED = 5;
let hub: TestHub;
let downstream: Downstream;
const metrics = new HubMetrics('hub');

/** `name{labels} value` lines of the Prometheus text format, parsed. */
function series(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      return { name: match[1]!, labels: labels as Record<string, string>, value: Number(match[3]) };
    });
}

const sum = (rows: ReturnType<typeof series>, name: string, labels: Record<string, string> = {}) =>
  rows.filter((r) => r.name === name && Object.entries(labels).every(([k, v]) => r.labels[k] === v)).reduce((n, r) => n + r.value, 0);

beforeAll(async () => {
  downstream = await startDownstream();
  downstream.respondWith = faults.flaky(10); // every 10th call a 503: some retries in the run
  hub = await startTestHub({ label: 'metricsload', secrets: { stripe: SECRET }, routes: [ledgerRoute(downstream.url)], metrics, env: { HUB_WORKER_CONCURRENCY: '20' } });
});
afterAll(async () => {
  await hub.stop();
  await downstream.close();
});

describe('/metrics after a load run', () => {
  it('counts what the run did, by connector, with latency histograms, queue depth and the runtime series', { timeout: 90_000 }, async () => {
    await Promise.all(Array.from({ length: EVENTS }, (_, i) => postStripeEvent(hub.ingress, `evt_metrics_load_${i}`, SECRET)));
    for (let i = 0; i < FORGED; i += 1) {
      const forged = signedStripeEvent(`evt_metrics_forged_${i}`, 'whsec_not_ours');
      await hub.ingress.inject({ method: 'POST', url: '/webhooks/stripe', ...forged });
    }
    await waitFor('every event to be processed', async () => {
      const { rows } = await hub.db.admin.query(`SELECT count(DISTINCT stream)::int AS n FROM events WHERE type = 'webhook.processed'`);
      return rows[0].n === EVENTS;
    }, 60_000);

    const rows = series(await metrics.registry.metrics());
    expect(sum(rows, 'hub_webhooks_received_total', { connector: 'stripe' })).toBe(EVENTS);
    expect(sum(rows, 'hub_webhooks_rejected_total', { connector: 'stripe', reason: 'HUB_WEBHOOK_SIGNATURE_INVALID' })).toBe(FORGED);
    expect(sum(rows, 'hub_webhook_ack_seconds_count', { connector: 'stripe' })).toBe(EVENTS);
    // At least once: a redelivered message (visibility expiry under load) is counted again, never lost.
    expect(sum(rows, 'hub_processing_outcomes_total', { connector: 'stripe', outcome: 'processed' })).toBeGreaterThanOrEqual(EVENTS);
    expect(sum(rows, 'hub_processing_outcomes_total', { connector: 'stripe', outcome: 'retry' })).toBeGreaterThan(0);
    expect(sum(rows, 'hub_outbound_request_seconds_count', { connector: 'http', status_class: '2xx' })).toBeGreaterThanOrEqual(EVENTS);
    expect(sum(rows, 'hub_outbound_request_seconds_count', { connector: 'http', status_class: '5xx' })).toBeGreaterThan(0);
    expect(rows.some((r) => r.name === 'hub_queue_messages' && r.labels.connector === 'stripe' && r.labels.state === 'dlq')).toBe(true);
    for (const runtime of ['nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes', 'process_cpu_seconds_total']) {
      expect(rows.some((r) => r.name === runtime), runtime).toBe(true);
    }
    // Cardinality: no label carries an event id, a URL or an account.
    const values = rows.flatMap((r) => Object.values(r.labels));
    expect(values.filter((v) => /evt_|[0-9a-f]{8}-[0-9a-f]{4}-|https?:\/\//.test(v))).toEqual([]);
  });
});
