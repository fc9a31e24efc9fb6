import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '../support/repo-connectors.js';
import { launchTestBrowser } from '../support/browser.js';
import { settledOutcome } from '../support/event-outcomes.js';
import { postStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

// The events explorer in Debian's chromium against a whole hub in this process: search by a
// declared field and by provider event id, page with "Older events", download both exports.
const SECRET = 'whsec_console_explorer_browser';
const TOKEN = 'console-explorer-browser-token-0123';
const fixture = connectors.stripe.fixtures['payment_intent.succeeded'] as { data: { object: Record<string, unknown> } };
const PAYMENTS = 7;

let hub: TestHub;
let browser: Browser;
let page: Page;
let consoleUrl: string;
const ids: string[] = [];

const rowIds = () => page.locator('table[data-testid="events"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event-id')));

beforeAll(async () => {
  hub = await startTestHub({ label: 'explorerbrowser', secrets: { stripe: SECRET }, workerConnectors: ['stripe'], consoleToken: TOKEN });
  for (let n = 1; n <= PAYMENTS; n += 1) {
    const object = { ...fixture.data.object, id: `pi_browser_${n}`, customer: `cus_Browser${n}`, receipt_email: `grace.hopper+${n}@navy.example` };
    ids.push(await postStripeEvent(hub.ingress, n === 1 ? '=evt_formula_1' : `evt_browser_${n}`, SECRET, { data: { object } }));
  }
  // Stripe's event ids start with evt_: the first one does not parse and is quarantined, and is still found by its fields.
  for (const [i, id] of ids.entries()) expect((await settledOutcome(hub.db.admin, id)).status).toBe(i === 0 ? 'quarantined' : 'processed');
  consoleUrl = await hub.console.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchTestBrowser();
  page = await browser.newPage({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  await page.goto(`${consoleUrl}/#/events`);
  await page.getByLabel('console token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

describe('events explorer in a browser', () => {
  it('searches by a declared field and by provider event id, with the search kept in the URL', async () => {
    await page.locator('input[name="q"]').fill('grace.hopper+4@navy.example');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/q=grace\.hopper%2B4%40navy\.example/);
    await page.locator(`tr[data-event-id="${ids[3]}"]`).waitFor();
    expect(await rowIds()).toEqual([ids[3]]);

    await page.locator('input[name="q"]').fill('evt_browser_6');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.locator(`tr[data-event-id="${ids[5]}"]`).waitFor();
    expect(await rowIds()).toEqual([ids[5]]);
    expect(await page.locator(`tr[data-event-id="${ids[5]}"]`).textContent()).toContain('evt_browser_6');
  });

  it('pages with "Older events" through every match, newest first, each once', async () => {
    // Only the hash changes. Every state the table passes through is recorded: the previous
    // search's single row must never stand under the new search.
    // (A string: the test's TypeScript has no DOM types.)
    await page.evaluate(`(() => {
      const seen = (globalThis.rowsSeen = []);
      const rows = () => [...document.querySelectorAll('table[data-testid="events"] tbody tr')].map((r) => r.getAttribute('data-event-id'));
      new MutationObserver(() => seen.push(rows())).observe(document.body, { childList: true, subtree: true, attributes: true });
    })()`);
    await page.goto(`${consoleUrl}/#/events?q=navy.example&limit=3`);
    await expect.poll(rowIds, { timeout: 10_000 }).toEqual([...ids].reverse().slice(0, 3));
    const seen = await page.evaluate(() => (globalThis as unknown as { rowsSeen: string[][] }).rowsSeen);
    expect(seen.filter((rows) => rows.length === 1 && rows[0] === ids[5])).toEqual([]);
    for (const shown of [6, 7]) {
      await page.getByRole('button', { name: 'Older events' }).click();
      await page.locator('table[data-testid="events"] tbody tr').nth(shown - 1).waitFor();
    }
    expect(await rowIds()).toEqual([...ids].reverse());
    await expect.poll(() => page.getByRole('button', { name: 'Older events' }).count(), { timeout: 10_000 }).toBe(0);
  });

  it('downloads the filtered list as CSV and NDJSON', async () => {
    await page.goto(`${consoleUrl}/#/events?q=navy.example&connector=stripe`);
    // The previous list held the same rows: wait until the form shows the new filter.
    await expect.poll(() => page.locator('input[name="connector"]').inputValue(), { timeout: 10_000 }).toBe('stripe');
    await expect.poll(rowIds, { timeout: 10_000 }).toEqual([...ids].reverse());

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(csvDownload.suggestedFilename()).toMatch(/^events-stripe-\d{8}T\d{6}Z\.csv$/);
    const [header, ...rows] = parse(await readFile(await csvDownload.path(), 'utf8')) as string[][];
    expect(header?.[0]).toBe('eventId');
    expect(rows.map((r) => r[0])).toEqual([...ids].reverse());
    // The provider event id that looks like a formula is defused.
    expect(rows.at(-1)?.[5]).toBe("'=evt_formula_1");

    const [ndjsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export NDJSON' }).click()]);
    expect(ndjsonDownload.suggestedFilename()).toMatch(/\.ndjson$/);
    const lines = (await readFile(await ndjsonDownload.path(), 'utf8')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { eventId: string }).eventId)).toEqual([...ids].reverse());
    expect((JSON.parse(lines.at(-1) as string) as { providerEventId: string }).providerEventId).toBe('=evt_formula_1');
  });
});
