import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApiTokenStore } from '@hub/core/api-tokens';
import { AccountWebhookSecrets, CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { WebhookIngestor } from '@hub/core/event-store';
import { buildApp as buildIngress } from '@hub/ingress';
import { startFakeSlack, type FakeSlack } from '@hub/simulators';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchTestBrowser } from '../support/browser.js';
import { spawnHub, type HubProcess } from '../support/hub-process.js';
import { testLogger } from '../support/silent-logger.js';
import { connectors as repoConnectors } from '../support/repo-connectors.js';
import { postShopifyOrder } from '../support/shopify-orders.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';

// The connector page's drift list and per-account views in Debian's chromium, against a real
// ingress, relay, SQS emulator and a `hub worker` process that sends alerts to a fake Slack.
// Three shops send orders; one of them starts sending a changed format (a field added, another
// turned from number to string), which drifts and is quarantined: that shop is the failing one.
const SECRET = 'shpss_drift_accounts_browser';
const SLACK_TOKEN = 'xoxb-drift-accounts-browser';
const TOKEN = 'console-token-drift-accounts-browser-0123';
const KIND = 'schema_drift:orders/create';
const SHOTS = process.env.HUB_UPDATE_SCREENSHOTS === '1' ? path.resolve('docs') : path.join(os.tmpdir(), 'hub-console-shots');
const BUSY = 'busy-shop.myshopify.com';
const QUIET = 'quiet-shop.myshopify.com';
const FAILING = 'failing-shop.myshopify.com';
/** The provider's new format: a new field, and order_number as a string (the canonical model refuses it). */
const NEW_SHAPE = { loyalty_tier: 'gold', order_number: '1001' };

// A webhook is stored with its account only when the account's own secret (credential store) signed it.
const MASTER_KEYS = `k1:${Buffer.alloc(32, 7).toString('base64')}`;
const shopSecret = (shop: string) => `${SECRET}-${shop}`;
let hub: TestHub;
let ingress: ReturnType<typeof buildIngress>;
let slack: FakeSlack;
let worker: HubProcess;
let browser: Browser;
let page: Page;
let consoleUrl: string;
let orderId = 1000;

async function api<T>(url: string): Promise<T> {
  return (await hub.console.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKEN}` } })).json() as T;
}
async function finished(eventId: string, status: 'processed' | 'quarantined'): Promise<string[]> {
  return waitFor(`event ${eventId} ${status}`, async () => {
    const view = await api<{ status: string; timeline: { type: string }[] }>(`/api/events/${eventId}`);
    return view.status === status ? view.timeline.map((e) => e.type) : undefined;
  }, 30_000, 100);
}
const order = (shop: string, fields: Record<string, unknown> = {}) => postShopifyOrder({ ...hub, ingress }, shopSecret(shop), (orderId += 1), '10.00', shop, fields);
const driftAlerts = async () => (await hub.db.admin.query<{ status: string }>(`SELECT status FROM alerts WHERE connector = 'shopify' AND kind = $1`, [KIND])).rows;

beforeAll(async () => {
  slack = await startFakeSlack({ token: SLACK_TOKEN, channels: { alerts: 'C0DRIFTUI' } });
  hub = await startTestHub({ label: 'driftaccbrowser', secrets: { shopify: SECRET }, workerConnectors: [], consoleToken: TOKEN });
  const credentials = new CredentialStore(hub.resources.pool, new EnvMasterKeys(MASTER_KEYS));
  for (const shop of [BUSY, QUIET, FAILING]) await credentials.put('shopify', shop, { webhookSecret: shopSecret(shop) });
  ingress = buildIngress({
    connectors: repoConnectors,
    webhookSecrets: new Map([['shopify', [SECRET]]]),
    accountSecrets: new AccountWebhookSecrets(credentials, ['shopify']),
    ingestor: new WebhookIngestor(hub.resources.pool, { onQueued: () => hub.relay.wake() }),
    pool: hub.resources.pool,
    bodyLimit: 1024 * 1024,
    log: testLogger,
  });
  worker = spawnHub(['worker', '--connector', 'shopify'], {
    ...hub.env,
    LOG_LEVEL: 'info',
    HUB_ALERT_SLACK_TOKEN: SLACK_TOKEN,
    HUB_ALERT_SLACK_CHANNEL: '#alerts',
    HUB_ALERT_SLACK_API_URL: slack.url,
    HUB_CONSOLE_URL: 'https://console.example.com',
    HUB_ALERT_DELIVERY_INTERVAL_MS: '100',
    HUB_MASTER_KEYS: MASTER_KEYS,
  });
  await worker.waitForLog('worker consuming');
  consoleUrl = await hub.console.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchTestBrowser();
  page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
  await mkdir(SHOTS, { recursive: true });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await worker?.kill('SIGTERM');
  await ingress?.close();
  await hub?.stop();
  await slack?.close();
});

describe('drift list and per-account views in a browser', () => {
  let drifted: string;

  it('a shop changing its format raises schema_drift:orders/create, delivered to Slack with the diff', { timeout: 90_000 }, async () => {
    const normal = [...(await Promise.all([1, 2, 3, 4, 5].map(() => order(BUSY)))), ...(await Promise.all([1, 2].map(() => order(QUIET))))];
    for (const id of normal) expect(await finished(id, 'processed')).not.toContain('schema.drift');
    drifted = await order(FAILING, NEW_SHAPE);
    expect(await finished(drifted, 'quarantined')).toContain('schema.drift');
    // The same new shape again: quarantined, but no second drift report.
    expect(await finished(await order(FAILING, NEW_SHAPE), 'quarantined')).not.toContain('schema.drift');

    const message = await waitFor('the drift alert in Slack', () => [...slack.messages.values()].find((m) => m.channel === 'C0DRIFTUI'), 20_000);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain(`${KIND} on shopify`);
    expect(text).toContain('added: `loyalty_tier` (string)');
    expect(text).toContain('retyped: `order_number` number → string');
  });

  it('the connector page lists the drift with its diff, the quarantined webhooks and a sample', { timeout: 60_000 }, async () => {
    await page.goto(`${consoleUrl}/#/connectors/shopify`);
    await page.getByLabel('console token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const entry = page.locator('.drift[data-event-type="orders/create"]');
    await entry.waitFor({ timeout: 20_000 });
    expect(await entry.locator('.diff-added').allInnerTexts()).toEqual([expect.stringMatching(/added\s+loyalty_tier\s+string/)]);
    expect(await entry.locator('.diff-retyped').allInnerTexts()).toEqual([expect.stringMatching(/retyped\s+order_number\s+number → string/)]);
    expect(await entry.locator('[data-testid="new-shape-events"]').innerText()).toBe('2');
    expect(await entry.locator('[data-testid="quarantined"]').innerText()).toBe('2 quarantined');
    expect(await entry.getByRole('link', { name: drifted }).getAttribute('href')).toBe(`#/events/${drifted}`);
    await entry.screenshot({ path: path.join(SHOTS, 'console-drift.png') });
  });

  it('a viewer sees Accept disabled and why', { timeout: 30_000 }, async () => {
    const viewer = (await new ApiTokenStore(hub.resources.pool).create({ name: 'drift-ui-viewer', role: 'viewer', actor: 'test' })).token;
    const viewerPage = await browser.newPage();
    try {
      await viewerPage.goto(`${consoleUrl}/#/connectors/shopify`);
      await viewerPage.getByLabel('console token').fill(viewer);
      await viewerPage.getByRole('button', { name: 'Sign in' }).click();
      const button = viewerPage.locator('.drift').getByRole('button', { name: 'Accept as expected' });
      await button.waitFor();
      expect(await button.isDisabled()).toBe(true);
      expect(await viewerPage.locator('.drift .hint').innerText()).toContain('"drift-ui-viewer" is a viewer token');
    } finally {
      await viewerPage.close();
    }
  });

  it('lists the failing shop first, then the busiest; its account page shows only its figures', { timeout: 60_000 }, async () => {
    const rows = page.locator('.account-table tbody tr');
    await expect.poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-account'))), { timeout: 15_000 }).toEqual([FAILING, BUSY, QUIET]);
    expect(await rows.first().getAttribute('class')).toContain('status-red');
    expect(await rows.first().innerText()).toContain('2 data format');
    await page.locator('.accounts').screenshot({ path: path.join(SHOTS, 'console-accounts.png') });

    await rows.first().getByRole('link', { name: FAILING }).click();
    await page.locator(`section.connector[data-account="${FAILING}"]`).waitFor();
    expect(page.url()).toContain(`#/connectors/shopify/accounts/${encodeURIComponent(FAILING)}`);
    await expect.poll(() => page.locator('.account-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-account')))).toEqual([FAILING]);
    // The windows table is the account's: 2 received, none processed, 2 quarantined.
    const windowRow = (label: string) => page.locator('.windows tbody tr', { has: page.locator('th', { hasText: new RegExp(`^${label}$`) }) }).locator('td').first();
    await expect.poll(() => windowRow('received').innerText()).toBe('2');
    expect(await windowRow('processed').innerText()).toBe('0');
    expect(await windowRow('quarantined').innerText()).toBe('2');
    // The drift list is filtered too: both webhooks of the new shape came from this shop.
    expect(await page.locator('.drift [data-testid="new-shape-events"]').innerText()).toContain('2');
  });

  it('Accept as expected clears the entry; the next webhook of the new shape raises no drift and no alert', { timeout: 60_000 }, async () => {
    await page.goto(`${consoleUrl}/#/connectors/shopify`);
    const entry = page.locator('.drift[data-event-type="orders/create"]');
    await entry.getByRole('button', { name: 'Accept as expected' }).click();
    await entry.waitFor({ state: 'detached', timeout: 15_000 });
    expect(await page.locator('.drift-list').innerText()).toContain('No unaccepted drift');
    expect(await driftAlerts()).toEqual([{ status: 'resolved' }]);

    const next = await order(FAILING, NEW_SHAPE);
    expect(await finished(next, 'quarantined')).not.toContain('schema.drift');
    expect(await driftAlerts()).toEqual([{ status: 'resolved' }]);
    expect((await api<{ pending: unknown[] }>('/api/connectors/shopify/drift')).pending).toEqual([]);
    expect(await page.locator('.drift').count()).toBe(0);
  });
});
