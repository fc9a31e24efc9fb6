import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorTimeSeries } from '@hub/core/health';
import { launchTestBrowser } from '../support/browser.js';
import { faults, startDownstream, type Downstream } from '../support/downstream.js';
import { ledgerRoute } from '../support/ledger-route.js';
import { connectors } from '../support/repo-connectors.js';
import { postStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';

// The console's charts in Debian's chromium. Two kinds of traffic: stripe webhooks through the
// real ingress, relay, SQS emulator and worker (successes, a transient failure retried into the
// DLQ, a permanent failure, a quarantine; the worker samples queue and circuit every second), and
// an hour of shopify history for three shops written into the real event store at known minutes
// (the rollup trigger does the rest), so a hover can be checked against exact figures.
const SECRET = 'whsec_console_charts';
const TOKEN = 'console-charts-token-0123456789';
const SHOTS = process.env.HUB_UPDATE_SCREENSHOTS === '1' ? path.resolve('docs') : path.join(os.tmpdir(), 'hub-console-shots');
const MINUTE = 60_000;
const SHOPS = ['north-shop.myshopify.com', 'south-shop.myshopify.com', 'east-shop.myshopify.com'];

let hub: TestHub;
let downstream: Downstream;
let browser: Browser;
let page: Page;
let consoleUrl: string;
const started = Date.now();
// Ten and seven minutes ago, on whole minutes: the minutes whose figures the test knows exactly.
const m10 = Math.floor(started / MINUTE) * MINUTE - 10 * MINUTE;
const m7 = m10 + 3 * MINUTE;

const api = async <T>(url: string): Promise<T> => (await hub.console.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKEN}` } })).json() as T;
const statusOf = async (eventId: string) => (await api<{ status: string }>(`/api/events/${eventId}`)).status;

type Row = { account: string | null; type: string; data?: Record<string, unknown>; at: number };
const times = (n: number, row: Row): Row[] => Array.from({ length: n }, () => ({ ...row }));

/** An hour of shopify traffic with a failure burst 25–20 minutes ago, exact figures at m10 and m7. */
function shopifyHistory(): Row[] {
  const rows: Row[] = [];
  for (let k = 60; k >= 1; k -= 1) {
    const minute = Math.floor(started / MINUTE) * MINUTE - k * MINUTE;
    if (minute === m10 || minute === m7) continue;
    const burst = k <= 25 && k >= 20;
    for (const [s, shop] of SHOPS.entries()) {
      const received = 4 + ((k * (s + 3)) % 5);
      rows.push(...times(received, { account: shop, type: 'webhook.received', at: minute + 2_000 }));
      const failed = burst && s === 1 ? Math.min(received, 3) : 0;
      rows.push(...times(received - failed, { account: shop, type: 'webhook.processed', at: minute + 4_000 }));
      rows.push(...times(failed, { account: shop, type: 'webhook.failed', data: { class: 'transient' }, at: minute + 4_000 }));
      if (failed > 0 && k % 2 === 0) rows.push({ account: shop, type: 'webhook.dead_lettered', data: { class: 'transient' }, at: minute + 5_000 });
      for (let c = 0; c < received; c += 1) rows.push({ account: shop, type: 'action.succeeded', data: { durationMs: (burst ? 240 : 35) + ((c * 37 + k * 11) % 60) }, at: minute + 3_000 });
    }
  }
  // Ten minutes ago: 9 received, 5 processed, a transient and a permanent failure, a quarantine, a dead letter.
  const [north, south] = SHOPS as [string, string];
  rows.push(
    ...times(6, { account: north, type: 'webhook.received', at: m10 + 5_000 }),
    ...times(4, { account: north, type: 'webhook.processed', at: m10 + 6_000 }),
    { account: north, type: 'webhook.failed', data: { class: 'transient' }, at: m10 + 7_000 },
    { account: north, type: 'webhook.failed', data: { class: 'permanent' }, at: m10 + 7_000 },
    { account: north, type: 'webhook.dead_lettered', data: { class: 'permanent' }, at: m10 + 8_000 },
    ...times(3, { account: north, type: 'action.succeeded', data: { durationMs: 10 }, at: m10 + 6_000 }),
    { account: north, type: 'action.failed', data: { durationMs: 500 }, at: m10 + 7_000 },
    ...times(3, { account: south, type: 'webhook.received', at: m10 + 20_000 }),
    { account: south, type: 'webhook.processed', at: m10 + 21_000 },
    { account: south, type: 'webhook.quarantined', data: { class: 'data_format' }, at: m10 + 22_000 },
    ...times(2, { account: north, type: 'webhook.received', at: m7 + 1_000 }),
    ...times(2, { account: north, type: 'webhook.processed', at: m7 + 2_000 }),
    { account: null, type: 'workflow.activated', data: { name: 'orders-to-ledger', version: 2 }, at: started - 40 * MINUTE },
    { account: null, type: 'workflow.canary_set', data: { name: 'orders-to-ledger', version: 3, percent: 10 }, at: started - 26 * MINUTE },
    { account: null, type: 'workflow.canary_rolled_back', data: { name: 'orders-to-ledger', version: 3 }, at: started - 21 * MINUTE },
  );
  return rows;
}

async function loadShopifyHistory(): Promise<void> {
  const rows = shopifyHistory();
  await hub.db.admin.query(
    `INSERT INTO events (id, stream, connector, account, type, data, created_at)
     SELECT gen_random_uuid(), gen_random_uuid(), 'shopify', a, t, d, c FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[]) AS u(a, t, d, c)`,
    [rows.map((r) => r.account), rows.map((r) => r.type), rows.map((r) => JSON.stringify(r.data ?? {})), rows.map((r) => new Date(r.at))],
  );
  await hub.db.admin.query(`INSERT INTO alerts (id, connector, kind, severity, evidence, opened_at, last_seen_at) VALUES ($1, 'shopify', 'anomaly:error_rate', 'error', '{}', $2, $2)`, [randomUUID(), new Date(started - 24 * MINUTE)]);
  // Samples every 15 s: the queue builds up and the circuit opens during the burst.
  await hub.db.admin.query(
    `INSERT INTO health_samples (connector, sampled_at, queue_visible, queue_in_flight, queue_delayed, pending, oldest_age_ms, headroom, headroom_limit, circuit)
     SELECT 'shopify', s, CASE WHEN burst THEN 30 + k ELSE k % 4 END, 2 + k % 3, CASE WHEN burst THEN 12 ELSE 0 END, CASE WHEN burst THEN 40 ELSE 3 + k % 4 END,
       CASE WHEN burst THEN 60000 + k * 4000 ELSE 800 + (k % 7) * 300 END, CASE WHEN burst THEN 5 + k % 6 ELSE 70 + k % 25 END, 100,
       CASE WHEN k BETWEEN 142 AND 154 THEN 'open' WHEN k BETWEEN 155 AND 158 THEN 'half_open' ELSE 'closed' END
     FROM generate_series(date_trunc('minute', now()) - interval '60 minutes', now(), interval '15 seconds') WITH ORDINALITY AS g(s, k),
       LATERAL (SELECT s BETWEEN now() - interval '25 minutes' AND now() - interval '20 minutes' AS burst) AS b`,
  );
}

/** Moves the mouse over a chart to the bucket starting at `tMs` (the x axis spans exactly data-from..data-to). */
async function hoverAt(chart: Locator, tMs: number): Promise<{ x: number; y: number }> {
  const from = Number(await chart.getAttribute('data-from'));
  const to = Number(await chart.getAttribute('data-to'));
  const over = chart.locator('.u-over');
  await over.scrollIntoViewIfNeeded();
  const box = await over.boundingBox();
  if (!box) throw new Error('the chart has no plot area');
  // From outside the plot: uPlot measures its plot area again when the mouse enters it (the page may have moved since).
  await page.mouse.move(1, 1);
  // The last bucket sits on the plot's right edge: a pixel inside it, still nearest to that bucket.
  const x = Math.min(box.x + box.width - 1, Math.max(box.x + 1, box.x + ((tMs / 1000 - from) / (to - from)) * box.width));
  await page.mouse.move(x, box.y + box.height / 2);
  return { x, y: box.y + box.height / 2 };
}

/** The legend of a chart: series name -> the value shown at the cursor. */
const legend = (chart: Locator): Promise<Record<string, string>> =>
  chart.locator('.u-legend .u-series').evaluateAll((rows) => Object.fromEntries(rows.map((r) => [r.querySelector('.u-label')?.textContent ?? '', r.querySelector('.u-value')?.textContent ?? ''])));

/** The legend at the bucket starting at `tMs`: hovered, then nudged a pixel at a time until uPlot's own time row names that bucket. */
async function legendAt(chart: Locator, tMs: number): Promise<Record<string, string>> {
  const label = await page.evaluate((ms) => {
    const d = new Date(ms);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
  }, tMs);
  const at = await hoverAt(chart, tMs);
  let x = at.x;
  const y = at.y;
  let shown = await legend(chart);
  // Same-format local times compare as strings.
  for (let nudge = 1; shown.time !== label && nudge <= 4; nudge += 1) {
    x += (shown.time ?? '') < label ? 1 : -1;
    await page.mouse.move(x, y);
    shown = await legend(chart);
  }
  expect(shown.time).toBe(label);
  return shown;
}

const panel = (id: string) => page.locator(`[data-testid="connector-charts"] figure[data-panel="${id}"]`);

beforeAll(async () => {
  downstream = await startDownstream();
  hub = await startTestHub({
    label: 'consolecharts',
    secrets: { stripe: SECRET },
    routes: [ledgerRoute(downstream.url)],
    consoleToken: TOKEN,
    env: { HUB_HEALTH_SAMPLE_INTERVAL_S: '1' },
    connectorOverrides: { http: { retry: { retries: 1, minTimeout: 100, maxTimeout: 200 }, breaker: { volumeThreshold: 1000 } } },
  });
  await loadShopifyHistory();
  consoleUrl = await hub.console.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchTestBrowser();
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await mkdir(SHOTS, { recursive: true });
  await page.goto(consoleUrl);
  await page.getByLabel('console token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-testid="live"][data-state="live"]').waitFor();
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await downstream?.close();
});

describe('console charts in a browser', () => {
  it('runs real stripe traffic: successes, a transient failure into the DLQ, a permanent failure, a quarantine', { timeout: 90_000 }, async () => {
    const ok = await Promise.all([0, 1, 2].map((i) => postStripeEvent(hub.ingress, `evt_charts_ok_${i}`, SECRET)));
    await waitFor('3 processed', async () => (await Promise.all(ok.map(statusOf))).every((s) => s === 'processed'), 30_000, 100);
    downstream.respondWith = faults.failing(503);
    const transient = await postStripeEvent(hub.ingress, 'evt_charts_503', SECRET);
    await waitFor('the 503 dead-lettered', async () => (await statusOf(transient)) === 'dead_lettered', 30_000, 100);
    downstream.respondWith = faults.failing(400);
    const permanent = await postStripeEvent(hub.ingress, 'evt_charts_400', SECRET);
    await waitFor('the 400 dead-lettered', async () => (await statusOf(permanent)) === 'dead_lettered', 30_000, 100);
    downstream.respondWith = faults.healthy;
    const fixture = (connectors.stripe.fixtures as Record<string, { data: { object: Record<string, unknown> } }>)['payment_intent.succeeded'];
    const bad = await postStripeEvent(hub.ingress, 'evt_charts_bad', SECRET, { data: { object: { ...fixture?.data.object, amount: 'ten dollars' } } });
    await waitFor('the bad payload quarantined', async () => (await statusOf(bad)) === 'quarantined', 30_000, 100);

    // What the chart API answers equals the event store, counted directly.
    const series = await api<ConnectorTimeSeries>('/api/connectors/stripe/timeseries?range=1h');
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const direct = (await hub.db.admin.query<{ type: string; class: string | null; n: number }>(`SELECT type, data->>'class' AS class, count(*)::int AS n FROM events WHERE connector = 'stripe' GROUP BY 1, 2`)).rows;
    const count = (type: string, cls?: string) => direct.filter((r) => r.type === type && (cls === undefined || r.class === cls)).reduce((a, r) => a + r.n, 0);
    expect(sum(series.counts.received)).toBe(6);
    expect(sum(series.counts.processed)).toBe(count('webhook.processed'));
    expect(sum(series.counts.failedTransient)).toBe(count('webhook.failed', 'transient'));
    expect(sum(series.counts.failedTransient)).toBeGreaterThanOrEqual(1);
    expect(sum(series.counts.deadLettered)).toBe(2);
    expect(sum(series.counts.quarantined)).toBe(1);
    expect(series.latencyMs.p50.some((v) => v !== null)).toBe(true);
  });

  it("shows the stripe page's series with their names, and the legend at the busiest minute equals the API", { timeout: 60_000 }, async () => {
    await page.goto(`${consoleUrl}/#/connectors/stripe`);
    await page.locator('[data-testid="connector-charts"][data-loaded="true"]').waitFor();
    const traffic = panel('traffic');
    expect(Object.keys(await legend(traffic))).toEqual(['time', 'received', 'processed', 'failed (transient)', 'failed (permanent)', 'failed (data format)', 'quarantined', 'dead-lettered']);
    expect(Object.keys(await legend(panel('latency')))).toEqual(['time', 'p50', 'p95', 'p99']);
    expect(Object.keys(await legend(panel('queue')))).toEqual(['time', 'waiting', 'in flight', 'delayed (retries)', 'unfinished webhooks']);
    expect(await traffic.locator('figcaption').textContent()).toBe('Webhooks per minute events / min');

    const series = await api<ConnectorTimeSeries>('/api/connectors/stripe/timeseries?range=1h');
    const busiest = series.counts.received.indexOf(Math.max(...series.counts.received));
    const shown = await legendAt(traffic, (series.t[busiest] as number) * 1000);
    expect(shown.received).toBe(String(series.counts.received[busiest]));
    expect(shown.processed).toBe(String(series.counts.processed[busiest]));
    // The worker sampled the queue (1 s interval): the latest minutes carry a number, not a dash.
    await waitFor('a queue sample', async () => (await api<ConnectorTimeSeries>('/api/connectors/stripe/timeseries?range=1h')).samples.queueVisible.some((v) => v !== null), 15_000, 200);
  });

  it('shows a new webhook in the chart over the live stream, without a reload', { timeout: 60_000 }, async () => {
    await page.evaluate(() => Object.assign(globalThis, { hubNoReloadMarker: true }));
    const eventId = await postStripeEvent(hub.ingress, 'evt_charts_live', SECRET);
    await waitFor('the live event processed', async () => (await statusOf(eventId)) === 'processed', 30_000, 100);
    const at = (await hub.db.admin.query<{ at: Date }>(`SELECT created_at AS at FROM events WHERE stream = $1 AND type = 'webhook.received'`, [eventId])).rows[0]?.at as Date;
    const minute = Math.floor(at.getTime() / MINUTE) * MINUTE;
    const inStore = (await hub.db.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE connector = 'stripe' AND type = 'webhook.received' AND date_trunc('minute', created_at) = $1`, [new Date(minute)])).rows[0]?.n;
    await expect.poll(async () => (await legendAt(panel('traffic'), minute)).received, { timeout: 15_000, interval: 300 }).toBe(String(inStore));
    expect(await page.evaluate(() => (globalThis as { hubNoReloadMarker?: boolean }).hubNoReloadMarker)).toBe(true);
  });

  it('shows the exact shopify figures at a minute, latency percentiles, markers and the circuit band', { timeout: 60_000 }, async () => {
    await page.goto(`${consoleUrl}/#/connectors/shopify`);
    await page.locator('[data-testid="connector-charts"][data-loaded="true"]').waitFor();
    const shown = await legendAt(panel('traffic'), m10);
    expect(shown).toMatchObject({ received: '9', processed: '5', 'failed (transient)': '1', 'failed (permanent)': '1', 'failed (data format)': '1', quarantined: '1', 'dead-lettered': '1' });
    const api1h = await api<ConnectorTimeSeries>('/api/connectors/shopify/timeseries?range=1h');
    const i = api1h.t.indexOf(m10 / 1000);
    const latency = await legendAt(panel('latency'), m10);
    expect(latency).toMatchObject({ p50: `${api1h.latencyMs.p50[i]} ms`, p99: `${api1h.latencyMs.p99[i]} ms` });
    expect(Number.parseFloat(latency.p99 ?? '')).toBeGreaterThan(362);
    expect(await legendAt(panel('traffic'), m7)).toMatchObject({ received: '2', processed: '2', quarantined: '0' });

    const markers = await page.locator('[data-testid="chart-markers"] li').allTextContents();
    expect(markers.join('\n')).toContain('orders-to-ledger v2 active');
    expect(markers.join('\n')).toContain('orders-to-ledger canary v3 at 10 %');
    expect(markers.join('\n')).toContain('orders-to-ledger canary v3 rolled back');
    expect(markers.join('\n')).toContain('alert anomaly:error_rate (error)');
    const circuitAt = async (ms: number) => (await legendAt(panel('circuit'), ms)).circuit;
    expect(await circuitAt(Math.floor(started / MINUTE) * MINUTE - 23 * MINUTE)).toBe('open');
    expect(await circuitAt(m10)).toBe('closed');
    await page.mouse.move(5, 5);
    await page.screenshot({ path: path.join(SHOTS, 'console-connector.png'), fullPage: true });
  });

  it('switches to 24 h (minutes) and 7 d (hours) and reads the same minute, then its hour', { timeout: 60_000 }, async () => {
    await page.getByRole('button', { name: '24 hours' }).click();
    await page.locator('[data-testid="connector-charts"][data-range="24h"][data-loaded="true"]').waitFor();
    // 1,441 minutes across the chart: a minute is under a pixel wide, so hover reads a bucket close to m10; compare with the API there.
    await hoverAt(panel('traffic'), m10);
    const day = await legend(panel('traffic'));
    const api24 = await api<ConnectorTimeSeries>('/api/connectors/shopify/timeseries?range=24h');
    expect(api24.t).toHaveLength(1_441);
    expect(api24.counts.received[api24.t.indexOf(m10 / 1000)]).toBe(9);
    expect(Object.keys(day)).toContain('received');

    await page.getByRole('button', { name: '7 days' }).click();
    await page.locator('[data-testid="connector-charts"][data-range="7d"][data-loaded="true"]').waitFor();
    expect(await panel('traffic').locator('figcaption').textContent()).toBe('Webhooks per hour events / hour');
    const week = await api<ConnectorTimeSeries>('/api/connectors/shopify/timeseries?range=7d');
    expect(week.t).toHaveLength(169);
    const hour = Math.floor(m10 / 3_600_000) * 3_600_000;
    const expected = week.counts.received[week.t.indexOf(hour / 1000)];
    expect(expected).toBeGreaterThanOrEqual(9);
    expect((await legendAt(panel('traffic'), hour)).received).toBe(String(expected));
  });

  it('draws a small multiple per connector on the overview with events/min and success rate at the cursor', { timeout: 60_000 }, async () => {
    await page.goto(`${consoleUrl}/#/`);
    const shopify = page.locator('.card[data-connector="shopify"] .mini-chart');
    await shopify.locator('.u-over').waitFor();
    expect(await page.locator('.card[data-connector="stripe"] .mini-chart .u-over').count()).toBe(1);
    const shown = await legendAt(shopify, m10);
    expect(shown).toMatchObject({ 'events/min': '9', success: '71.4 %' });
    // One shared time axis: every card spans the same hour.
    const spans = await page.locator('.card .mini-chart').evaluateAll((els) => [...new Set(els.map((e) => `${e.getAttribute('data-from')}-${e.getAttribute('data-to')}`))]);
    expect(spans).toHaveLength(1);
    await page.mouse.move(5, 5);
    await page.screenshot({ path: path.join(SHOTS, 'console-overview.png') });
  });
});
