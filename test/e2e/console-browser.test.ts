import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchTestBrowser } from '../support/browser.js';
import { faults, startDownstream, type Downstream } from '../support/downstream.js';
import { ledgerRoute } from '../support/ledger-route.js';
import { postStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';

// The operations console in Debian's chromium against a whole hub in this process: real ingress,
// outbox relay, SQS emulator, worker and a provider simulator that can be switched to failing.
const SECRET = 'whsec_console_browser';
const TOKEN = 'console-browser-token-0123456789';
// Screenshots for the README go to docs/ only when asked (HUB_UPDATE_SCREENSHOTS=1), so a test run leaves the tree clean.
const SHOTS = process.env.HUB_UPDATE_SCREENSHOTS === '1' ? path.resolve('docs') : path.join(os.tmpdir(), 'hub-console-shots');

let hub: TestHub;
let downstream: Downstream;
let browser: Browser;
let page: Page;
let consoleUrl: string;

async function api<T>(url: string): Promise<T> {
  return (await hub.console.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKEN}` } })).json() as T;
}
const statusOf = async (eventId: string) => (await api<{ status: string }>(`/api/events/${eventId}`)).status;

beforeAll(async () => {
  downstream = await startDownstream();
  hub = await startTestHub({
    label: 'consolebrowser',
    secrets: { stripe: SECRET },
    routes: [ledgerRoute(downstream.url)],
    consoleToken: TOKEN,
    // Two attempts, then the DLQ; a breaker that never opens keeps the failures plain 500s.
    connectorOverrides: { http: { retry: { retries: 1, minTimeout: 100, maxTimeout: 200 }, breaker: { volumeThreshold: 1000 } } },
  });
  consoleUrl = await hub.console.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchTestBrowser();
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await mkdir(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await downstream?.close();
});

describe('operations console in a browser', () => {
  it('asks for the token, then shows every connector on the overview', async () => {
    await page.goto(consoleUrl);
    await page.getByLabel('console token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[data-testid="live"][data-state="live"]').waitFor();
    const { connectors } = await api<{ connectors: { id: string }[] }>('/api/connectors');
    expect(connectors.length).toBeGreaterThan(3);
    for (const { id } of connectors) await page.locator(`.card[data-connector="${id}"]`).waitFor();
    expect(await page.locator('.card[data-connector]').count()).toBe(connectors.length);
  });

  it('turns a failing connector red without a reload', { timeout: 60_000 }, async () => {
    const ok = await postStripeEvent(hub.ingress, 'evt_console_ok', SECRET);
    await waitFor('the first event processed', async () => (await statusOf(ok)) === 'processed', 30_000, 100);
    const stripeCard = page.locator('.card[data-connector="stripe"]');
    await page.locator('.card[data-connector="stripe"][data-status="green"]').waitFor();
    // A reload would lose this, and the page would ask for the token again.
    await page.evaluate(() => Object.assign(globalThis, { hubNoReloadMarker: true }));

    downstream.respondWith = faults.failing(500);
    for (let i = 0; i < 3; i += 1) await postStripeEvent(hub.ingress, `evt_console_fail_${i}`, SECRET);
    await page.locator('.card[data-connector="stripe"][data-status="red"]').waitFor({ timeout: 45_000 });
    expect(await page.evaluate(() => (globalThis as { hubNoReloadMarker?: boolean }).hubNoReloadMarker)).toBe(true);
    expect(await stripeCard.locator('[data-field="success"]').textContent()).toMatch(/%/);
  });

  it('opens a dead-lettered event from the explorer and shows its timeline with each attempt', { timeout: 60_000 }, async () => {
    await waitFor('3 dead letters', async () => (await api<{ deadLetters: unknown[] }>('/api/connectors/stripe/dlq')).deadLetters.length === 3, 45_000, 100);
    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await page.locator('input[name="connector"]').fill('stripe');
    await page.locator('select[name="status"]').selectOption('dead_lettered');
    await page.getByRole('button', { name: 'Filter' }).click();
    const rows = page.locator('[data-testid="events"] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    await rows.first().locator('a').click();

    const timeline = page.locator('[data-testid="timeline"]');
    await timeline.locator('[data-type="webhook.dead_lettered"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="event-status"]').textContent()).toBe('dead_lettered');
    expect(await timeline.locator('[data-type="webhook.received"]').count()).toBe(1);
    expect(await timeline.locator('[data-type="action.requested"]').count()).toBe(2);
    const responses = await timeline.locator('[data-testid="response"] h4').allTextContents();
    expect(responses.length).toBeGreaterThanOrEqual(2);
    for (const r of responses) expect(r).toContain('HTTP 500');
    expect(await timeline.locator('[data-testid="request"] h4').first().textContent()).toContain(`${downstream.url}/ledger`);
    await page.screenshot({ path: path.join(SHOTS, 'console-event.png'), fullPage: true });
  });

  it('replays a dead-lettered event from the DLQ page and shows it processed', { timeout: 60_000 }, async () => {
    downstream.respondWith = faults.healthy;
    await page.goto(`${consoleUrl}/#/dlq/stripe`);
    const rows = page.locator('[data-testid="dlq"] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    const eventId = (await rows.first().getAttribute('data-event-id')) as string;
    await rows.first().getByRole('button', { name: 'Replay' }).click();

    await page.locator('[data-testid="replay-progress"][data-processed="1"][data-total="1"]').waitFor({ timeout: 45_000 });
    expect(await statusOf(eventId)).toBe('processed');
    expect(downstream.sideEffects.some((r) => (r.body as { hubEventId?: string }).hubEventId === eventId)).toBe(true);
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    expect(await page.locator(`[data-testid="dlq"] tr[data-event-id="${eventId}"]`).count()).toBe(0);
  });
});
