import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiTokenStore } from '@hub/core/api-tokens';
import type { WorkflowDetail, WorkflowGraph } from '@hub/core/workflows';
import { launchTestBrowser } from '../support/browser.js';
import { startDownstream, type Downstream } from '../support/downstream.js';
import { settledOutcome } from '../support/event-outcomes.js';
import { postStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

// The console's workflow pages in Debian's chromium against a real hub: versions saved through the
// API, then listed, compared, rolled back and canaried by clicking, as an operator would.
const BOOTSTRAP = 'workflow-manage-browser-bootstrap-0123';
const SECRET = 'whsec_workflow_manage_browser';
const NAME = 'high-value-orders';
/** Run by the worker on Stripe payments: its canary breaks every call, and the guard rolls it back. */
const PAYMENTS = 'payments-ledger';
// Screenshots for the README go to docs/ only when asked (HUB_UPDATE_SCREENSHOTS=1), so a test run leaves the tree clean.
const SHOTS = process.env.HUB_UPDATE_SCREENSHOTS === '1' ? path.resolve('docs') : path.join(os.tmpdir(), 'hub-workflow-manage-shots');

let hub: TestHub;
let downstream: Downstream;
let browser: Browser;
let page: Page;
let consoleUrl: string;
let operatorToken: string;
let viewerToken: string;

const crm = (path: string) => ({ type: 'action' as const, connector: 'http', action: 'post', input: { url: `"https://crm.example.com/${path}"`, body: '$' } });

/** The brief's example, with http posts standing in for Salesforce and Slack: big orders to the CRM and the audit log, the others to the CRM. */
const v1: WorkflowGraph = {
  name: NAME,
  trigger: { connector: 'shopify', event: 'orders/create' },
  nodes: [
    { id: 'big', type: 'condition', when: { field: 'total_price', operator: 'greater_than', value: 1000 } },
    { id: 'crm', ...crm('contacts') },
    { id: 'audit', ...crm('audit') },
  ],
  edges: [
    { from: 'trigger', to: 'big' },
    { from: 'big', to: 'crm', branch: 'true' },
    { from: 'big', to: 'audit', branch: 'true' },
    { from: 'big', to: 'crm', branch: 'false' },
  ],
};
/** A higher threshold, the audit log replaced by a ledger on the standard branch. */
const v2: WorkflowGraph = {
  ...v1,
  nodes: [{ id: 'big', type: 'condition', when: { field: 'total_price', operator: 'greater_than', value: 5000 } }, { id: 'crm', ...crm('contacts') }, { id: 'ledger', ...crm('ledger') }],
  edges: [
    { from: 'trigger', to: 'big' },
    { from: 'big', to: 'crm', branch: 'true' },
    { from: 'big', to: 'crm', branch: 'false' },
    { from: 'big', to: 'ledger', branch: 'false' },
  ],
};

async function api<T>(method: 'GET' | 'POST', url: string, payload?: unknown): Promise<{ status: number; body: T }> {
  const res = await hub.console.inject({ method, url, headers: { authorization: `Bearer ${operatorToken}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.json<T>() };
}
const workflow = async () => (await api<{ workflow: WorkflowDetail }>('GET', `/api/workflows/${NAME}`)).body.workflow;

async function signIn(token: string) {
  await page.goto(`${consoleUrl}/#/workflows`);
  await page.getByLabel('console token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Posts each payment to the ledger simulator at `path` (`/broken` answers 400: a permanent failure, no retry). */
const payments = (path: string) => ({
  name: PAYMENTS,
  trigger: { connector: 'stripe', event: 'payment_intent.succeeded' },
  steps: [{ id: 'ledger', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}${path}"`, body: '{ "payment": id }' } }],
});

beforeAll(async () => {
  downstream = await startDownstream();
  downstream.respondWith = (req) => ({ status: req.path === '/broken' ? 400 : 201 });
  // The worker runs Stripe events only (the orders workflow is saved and operated, never run); the guard judges every second.
  hub = await startTestHub({ label: 'wfmanagebrowser', consoleToken: BOOTSTRAP, secrets: { stripe: SECRET }, env: { HUB_CANARY_CHECK_INTERVAL_S: '1' } });
  const tokens = new ApiTokenStore(hub.resources.pool);
  operatorToken = (await tokens.create({ name: 'ops.anna', role: 'operator', actor: 'test' })).token;
  viewerToken = (await tokens.create({ name: 'grafana', role: 'viewer', actor: 'test' })).token;
  consoleUrl = await hub.console.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchTestBrowser();
  page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
  await mkdir(SHOTS, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await downstream?.close();
});

describe('workflow management pages in a browser', () => {
  it('lists a workflow saved through the API with its state and active version', { timeout: 60_000 }, async () => {
    expect((await api('POST', '/api/workflows', { document: v1, message: 'the brief: big orders to the CRM and the audit log' })).status).toBe(201);
    expect((await api('POST', '/api/workflows', { document: v2, message: 'raise the threshold; ledger for standard orders' })).status).toBe(201);
    await signIn(operatorToken);
    const row = page.locator(`[data-testid="workflow-row"][data-workflow="${NAME}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('active');
    expect(await row.locator('[data-field="active-version"]').textContent()).toContain('v2');
    expect(await page.getByRole('link', { name: 'Workflows', exact: true }).count()).toBe(1);
    expect(await page.getByTestId('new-workflow').getAttribute('href')).toBe('#/workflows/new');
  });

  it('follows a change made elsewhere without a reload', { timeout: 30_000 }, async () => {
    const row = page.locator(`[data-testid="workflow-row"][data-workflow="${NAME}"]`);
    expect((await api('POST', `/api/workflows/${NAME}/disable`)).status).toBe(200);
    await page.locator(`[data-testid="workflow-row"][data-workflow="${NAME}"][data-state="disabled"]`).waitFor({ timeout: 15_000 });
    expect((await api('POST', `/api/workflows/${NAME}/enable`)).status).toBe(200);
    await page.locator(`[data-testid="workflow-row"][data-workflow="${NAME}"][data-state="active"]`).waitFor({ timeout: 15_000 });
    expect(await row.count()).toBe(1);
  });

  it('opens the detail and shows the difference between the two versions on both drawings', { timeout: 60_000 }, async () => {
    await page.getByRole('link', { name: NAME }).click();
    await page.locator('[data-testid="overview"] [data-testid="workflow-graph-view"] [data-testid="node-ledger"]').waitFor();
    expect(await page.getByTestId('edit-workflow').getAttribute('href')).toBe(`#/workflows/${NAME}/edit`);
    // Export gives back the active version's document, as `hub workflows apply` takes it.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    expect(download.suggestedFilename()).toBe(`${NAME}-v2.json`);
    expect(JSON.parse(await readFile(await download.path(), 'utf8'))).toEqual(v2);
    await page.getByTestId('tab-versions').click();

    const diff = page.getByTestId('version-diff');
    await diff.waitFor();
    expect([await diff.getAttribute('data-from'), await diff.getAttribute('data-to')]).toEqual(['1', '2']);
    const after = diff.getByTestId('diff-after');
    const before = diff.getByTestId('diff-before');
    await after.locator('[data-testid="node-big"][data-highlight="changed"]').waitFor();
    await after.locator('[data-testid="node-ledger"][data-highlight="added"]').waitFor();
    await before.locator('[data-testid="node-audit"][data-highlight="removed"]').waitFor();
    await before.locator('[data-testid="node-big"][data-highlight="changed"]').waitFor();
    // An unchanged node is drawn on both sides, unmarked.
    expect(await after.locator('[data-testid="node-crm"]').getAttribute('data-highlight')).toBe('');
    expect(await page.locator('[data-testid="version-row"][data-version="2"]').textContent()).toContain('raise the threshold; ledger for standard orders');
    const big = diff.locator('[data-testid="diff-node"][data-node="big"]');
    expect(await big.getAttribute('data-change')).toBe('changed');
    expect(await big.locator('[data-field="when.value"]').textContent()).toBe('when.value: 1000 → 5000');
    await page.screenshot({ path: path.join(SHOTS, 'workflow-versions-diff.png'), fullPage: true });
  });

  it('rolls back to the first version after a confirmation', { timeout: 30_000 }, async () => {
    await page.getByTestId('rollback-1').click();
    expect((await workflow()).activeVersion).toBe(2); // asking is not doing
    await page.getByTestId('rollback-1-confirm').getByRole('button', { name: 'Confirm' }).click();
    await page.locator('[data-testid="workflow-active-version"][data-version="1"]').waitFor();
    const after = await workflow();
    expect(after.activeVersion).toBe(1);
    expect(after.updatedBy).toBe('api:ops.anna');
  });

  it('starts a canary with the slider, changes its share, then stops it', { timeout: 30_000 }, async () => {
    await page.getByTestId('tab-canary').click();
    await page.getByTestId('canary-none').waitFor();
    expect(await page.getByTestId('canary-version').inputValue()).toBe('2');
    await page.getByTestId('canary-percent').fill('30');
    expect(await page.getByTestId('canary-percent-value').textContent()).toBe('30 %');
    await page.getByTestId('guard-min-runs').fill('50');
    await page.getByTestId('canary-start').click();
    await page.locator('[data-testid="canary-running"][data-percent="30"]').waitFor();
    expect((await workflow()).canary).toMatchObject({ version: 2, percent: 30, guard: { minRuns: 50, failureRateMargin: 0.2, p95Factor: 2 } });
    // The live figures: no run of either version yet.
    await page.locator('[data-testid="canary-figures"] td[data-side="canary"][data-field="runs"]').filter({ hasText: '0' }).waitFor();

    await page.getByTestId('canary-percent').fill('60');
    await page.getByTestId('canary-change').click();
    await page.locator('[data-testid="canary-running"][data-percent="60"]').waitFor();
    expect((await workflow()).canary).toMatchObject({ version: 2, percent: 60, guard: { minRuns: 50 } });

    await page.getByTestId('canary-stop').click();
    await page.getByTestId('canary-none').waitFor();
    expect((await workflow()).canary).toBeNull();
  });

  it('imports a YAML document as a new version, after showing the problems of an invalid one', { timeout: 30_000 }, async () => {
    await page.getByTestId('tab-import').click();
    const broken = { ...v1, nodes: [...v1.nodes.slice(0, 2), { id: 'audit', type: 'action', connector: 'nosuch', action: 'post', input: {} }] };
    await page.getByTestId('import-text').fill(stringify(broken));
    await page.getByTestId('import-save').click();
    const refusal = page.getByTestId('action-error');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('HUB_WORKFLOW_INVALID');
    expect(await refusal.getByTestId('problems').textContent()).toContain('nosuch');
    expect((await workflow()).latestVersion).toBe(2);

    await page.getByTestId('import-text').fill(stringify({ ...v1, description: 'imported from a file' }));
    await page.getByTestId('import-save').click();
    await page.locator('[data-testid="import-saved"][data-version="3"]').waitFor();
    const after = await workflow();
    expect(after.versions[0]?.definition).toEqual({ ...v1, description: 'imported from a file' });
    expect(after.activeVersion).toBe(1); // saved, not activated: the operator did not tick it
  });

  it('shows the runs, and the banner with its figures when the guard rolls a failing canary back', { timeout: 90_000 }, async () => {
    expect((await api('POST', '/api/workflows', { document: payments('/ledger'), message: 'ledger entries' })).status).toBe(201);
    expect((await api('POST', '/api/workflows?activate=false', { document: payments('/broken'), message: 'new ledger path (broken on purpose)' })).status).toBe(201);
    await page.goto(`${consoleUrl}/#/workflows/${PAYMENTS}?tab=canary`);
    await page.getByTestId('canary-percent').fill('99');
    await page.getByTestId('guard-min-runs').fill('2');
    await page.getByTestId('canary-start').click();
    await page.locator('[data-testid="canary-running"][data-percent="99"]').waitFor();

    // 99 %: all four but (rarely) one run the canary, and each of its calls fails for good.
    const eventIds: string[] = [];
    for (let i = 0; i < 4; i += 1) eventIds.push(await postStripeEvent(hub.ingress, `evt_wfmanage_${i}`, SECRET));
    const banner = page.getByTestId('canary-rolled-back');
    await banner.waitFor({ timeout: 60_000 });
    expect(await banner.getAttribute('data-reason')).toBe('failure_rate');
    expect(await banner.getAttribute('data-version')).toBe('2');
    const failed = Number(await banner.locator('td[data-side="canary"][data-field="failed"]').textContent());
    expect(failed).toBeGreaterThanOrEqual(2);
    expect(await banner.locator('td[data-side="canary"][data-field="failure-rate"]').textContent()).toBe('100 %');
    await page.getByTestId('canary-none').waitFor();
    expect((await api<{ workflow: WorkflowDetail }>('GET', `/api/workflows/${PAYMENTS}`)).body.workflow.canary).toBeNull();

    // The guard decides on the runs finished when it looks; a webhook already past its choice of
    // version finishes on the canary. Every run, counted once all four webhooks are done:
    for (const id of eventIds) await settledOutcome(hub.db.admin, id);
    const finished = await hub.db.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM workflow_runs WHERE event_id = ANY($1::uuid[]) AND status = 'failed'`, [eventIds]);
    const failedInAll = finished.rows[0]?.n as number;
    expect(failedInAll).toBeGreaterThanOrEqual(failed);
    await page.getByTestId('tab-runs').click();
    const failedRuns = page.locator('[data-testid="run-row"][data-status="failed"]');
    await expect.poll(() => failedRuns.count(), { timeout: 15_000 }).toBe(failedInAll);
    expect(await failedRuns.first().textContent()).toContain('canary');
    const eventId = await failedRuns.first().getAttribute('data-event-id');
    expect(await failedRuns.first().locator(`a[href="#/events/${eventId}"]`).count()).toBe(1);

    await page.locator('header.top nav').getByRole('link', { name: 'Workflows' }).click();
    const row = page.locator(`[data-testid="workflow-row"][data-workflow="${PAYMENTS}"]`);
    await expect.poll(() => row.locator('[data-field="runs"]').textContent(), { timeout: 15_000 }).toContain(`${failedInAll} failed`);
    expect(await row.locator('[data-field="last-error"] a').getAttribute('href')).toMatch(/^#\/events\/[0-9a-f-]{36}$/);
  });

  it("shows a viewer the API's refusal of an operator action instead of hiding it", { timeout: 30_000 }, async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(viewerToken);
    await page.goto(`${consoleUrl}/#/workflows/${NAME}`);
    await page.getByTestId('disable-workflow').click();
    const refusal = page.getByTestId('action-error');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('HUB_FORBIDDEN');
    expect(await refusal.textContent()).toContain('needs an operator token');
    expect((await workflow()).status).toBe('active');
  });
});
