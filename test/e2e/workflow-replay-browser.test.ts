import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiTokenStore } from '@hub/core/api-tokens';
import { launchTestBrowser } from '../support/browser.js';
import { startDownstream, type Downstream } from '../support/downstream.js';
import { postStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';

// The Replay tab in Debian's chromium against a real hub: stored payments run by v1, then a dry
// run of v2 over them (what v2 would call beside what v1 did), then v2 for real.
const BOOTSTRAP = 'workflow-replay-browser-bootstrap-0123';
const SECRET = 'whsec_workflow_replay_browser';
const NAME = 'payments-archive';

let hub: TestHub;
let downstream: Downstream;
let browser: Browser;
let page: Page;
let consoleUrl: string;
let operatorToken: string;

/** Each payment to the ledger; v2 also posts it to the archive. */
const payments = (archive: boolean) => ({
  name: NAME,
  trigger: { connector: 'stripe', event: 'payment_intent.succeeded' },
  steps: [
    { id: 'ledger', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/ledger"`, body: '{ "payment": id }' } },
    ...(archive ? [{ id: 'archive', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/archive"`, body: '{ "payment": id }' } }] : []),
  ],
});

async function api(method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await hub.console.inject({ method, url, headers: { authorization: `Bearer ${operatorToken}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.json<{ status: string }>() };
}
const calls = (path: string) => downstream.requests.filter((r) => r.path === path).length;

beforeAll(async () => {
  downstream = await startDownstream();
  hub = await startTestHub({ label: 'wfreplaybrowser', consoleToken: BOOTSTRAP, secrets: { stripe: SECRET } });
  operatorToken = (await new ApiTokenStore(hub.resources.pool).create({ name: 'ops.anna', role: 'operator', actor: 'test' })).token;
  consoleUrl = await hub.console.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchTestBrowser();
  page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await downstream?.close();
});

describe('replay against a version in a browser', () => {
  it('dry-runs v2 over stored payments, shows the call v1 never made, then replays them for real', { timeout: 90_000 }, async () => {
    expect((await api('POST', '/api/workflows', { document: payments(false), message: 'ledger only' })).status).toBe(201);
    const eventIds = [await postStripeEvent(hub.ingress, 'evt_wfreplay_1', SECRET), await postStripeEvent(hub.ingress, 'evt_wfreplay_2', SECRET)];
    await waitFor('both payments processed', async () => (await Promise.all(eventIds.map(async (id) => (await api('GET', `/api/events/${id}`)).body.status))).every((s) => s === 'processed'), 30_000, 100);
    expect(calls('/ledger')).toBe(2);
    expect((await api('POST', '/api/workflows?activate=false', { document: payments(true), message: 'archive every payment too' })).status).toBe(201);

    await page.goto(`${consoleUrl}/#/workflows/${NAME}?tab=replay`);
    await page.getByLabel('console token').fill(operatorToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('replay-version').selectOption('2');
    await page.getByTestId('replay-from').fill('1h');
    await page.getByTestId('replay-dry-run').click();

    const rows = page.getByTestId('replay-event');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    for (const id of eventIds) {
      const row = page.locator(`[data-testid="replay-event"][data-event-id="${id}"]`);
      expect(await row.getAttribute('data-diff')).toBe('different');
      expect(await row.locator('[data-testid="would-call"][data-node="ledger"]').getAttribute('data-paired')).toBe('true');
      expect(await row.locator('[data-testid="would-call"][data-node="archive"]').getAttribute('data-paired')).toBe('false');
      expect(await row.locator('[data-testid="did-call"]').count()).toBe(1);
    }
    expect(calls('/archive')).toBe(0); // a dry run calls nothing

    await page.getByTestId('replay-real').click();
    await page.getByTestId('replay-real-confirm').getByRole('button', { name: 'Confirm' }).click();
    await page.locator('[data-testid="replay-queued"][data-queued="2"]').waitFor({ timeout: 15_000 });
    await waitFor('v2 archived both payments', async () => calls('/archive') === 2, 30_000, 100);

    await page.getByTestId('tab-runs').click();
    await expect.poll(() => page.locator('[data-testid="run-row"][data-status="completed"]').filter({ hasText: 'v2' }).count(), { timeout: 15_000 }).toBe(2);
  });
});
