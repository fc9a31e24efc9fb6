import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import type { WorkflowDetail, WorkflowGraph } from '@hub/core/workflows';
import { loadSimulatorEntry, startCatalogSimulator, startFakeSlack, type CatalogSimulator, type FakeSlack } from '@hub/simulators';
import { launchTestBrowser } from '../support/browser.js';
import { yamlConnector } from '../support/repo-connectors.js';
import { postShopifyOrder } from '../support/shopify-orders.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';
import { canvasEdge, canvasNode, connect, dragToCanvas, openNewWorkflow, openTab, selectNode } from '../support/workflow-builder-page.js';

// The brief's example built in the console's workflow builder from an empty canvas, in Debian's
// chromium against a whole hub in this process (ingress storing signed Shopify webhooks, console
// API, a worker for Shopify orders), then run on signed orders against Salesforce's simulator and
// a fake Slack, and a broken version canaried until the guard rolls it back.
const SHOPIFY_SECRET = 'shopify-builder-browser';
const TOKEN = 'workflow-builder-browser-token-0123';
const SLACK_TOKEN = 'xoxb-workflow-builder-browser';
/** An access token already obtained and stored without expiry: the worker uses it and asks no token endpoint. */
const SALESFORCE_TOKEN = '00D5g000004ABCD!AQ0AQBuilderBrowserAccessToken';
const MASTER_KEYS = `k1:${randomBytes(32).toString('base64')}`;
const NAME = 'high-value-orders';
/** The canary guard judges once v2 has this many runs. */
const MIN_RUNS = 4;
const SHOTS = process.env.HUB_UPDATE_SCREENSHOTS === '1' ? path.resolve('docs') : path.join(os.tmpdir(), 'hub-console-shots');

let hub: TestHub;
let salesforce: CatalogSimulator;
let slack: FakeSlack;
let browser: Browser;
let page: Page;
let consoleUrl: string;
let highOrder: string;
let standardOrder: string;

async function api<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await hub.console.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: res.statusCode, body: res.json() as T };
}
const eventStatus = async (eventId: string) => (await api<{ status: string }>(`/api/events/${eventId}`)).body.status;
const finished = async (eventId: string) => ['processed', 'dead_lettered'].includes(await eventStatus(eventId));

/** The Contact creates Salesforce's simulator received for this (mapped) email. */
const contactsFor = (email: string) => salesforce.requests.filter((r) => (r.body as { Email?: string }).Email === email);
/** What the fake Slack holds now whose text mentions this. */
const slackMessages = (text: string) => [...slack.messages.values()].filter((m) => m.text?.includes(text));

type Row = { actor: string; data: Record<string, unknown> };
async function rolledBackEvents(): Promise<Row[]> {
  const { rows } = await hub.db.admin.query<Row>(
    `SELECT e.actor, e.data FROM events e JOIN workflows w ON w.id = e.stream WHERE w.name = $1 AND e.type = 'workflow.canary_rolled_back' ORDER BY e.id`,
    [NAME],
  );
  return rows;
}

beforeAll(async () => {
  // Salesforce as its connector documents it (simulator.yaml): 201 { id: "003…", success, errors } to a Contact create.
  salesforce = await startCatalogSimulator(loadSimulatorEntry(new URL('../../connectors/salesforce/', import.meta.url)));
  // `sales` for the notify node, `alerts` for the hub's alerts.
  slack = await startFakeSlack({ token: SLACK_TOKEN, channels: { sales: 'C0SALES', alerts: 'C0ALERTS' } });
  hub = await startTestHub({
    label: 'wfbuilderbrowser',
    secrets: { shopify: SHOPIFY_SECRET },
    workerConnectors: ['shopify'],
    consoleToken: TOKEN,
    extraConnectors: { salesforce: await yamlConnector('salesforce'), slack: await yamlConnector('slack') },
    // Slack's declared 1 message a second would hold the orders sent one after the other back.
    connectorOverrides: { slack: { rateLimit: { points: 100, durationMs: 1_000 } } },
    env: {
      HUB_MASTER_KEYS: MASTER_KEYS,
      SALESFORCE_BASE_URL: salesforce.url,
      SLACK_BASE_URL: slack.url,
      // One attempt: a failed run is final, and the webhook dead-letters without an alert of its own.
      HUB_RETRY_MAX_ATTEMPTS: '1',
      HUB_CANARY_CHECK_INTERVAL_S: '1',
      HUB_ALERT_SLACK_TOKEN: SLACK_TOKEN,
      HUB_ALERT_SLACK_CHANNEL: '#alerts',
      HUB_ALERT_SLACK_API_URL: slack.url,
      HUB_ALERT_DELIVERY_INTERVAL_MS: '100',
      // No rule alerts (dlq_growing would post too): the only alert is the rollback's.
      HUB_ALERT_EVALUATE_INTERVAL_MS: '0',
      HUB_CONSOLE_URL: 'https://console.example.com',
    },
  });
  // The worker calls for the order's account (the shop), which has no credentials of these
  // connectors: it falls back to their default account ''.
  const credentials = new CredentialStore(hub.resources.pool, new EnvMasterKeys(MASTER_KEYS));
  await credentials.put('salesforce', '', { clientId: '3MVG9builder', clientSecret: 'builder-browser-secret', accessToken: SALESFORCE_TOKEN });
  await credentials.put('slack', '', { token: SLACK_TOKEN });
  consoleUrl = await hub.console.listen({ port: 0, host: '127.0.0.1' });
  // Stored webhooks of the trigger, to preview on and to try the draft on (the newest first). The
  // worker handles them now, before any workflow exists: they call nothing, and the calls counted
  // later are the later orders'.
  standardOrder = await postShopifyOrder(hub, SHOPIFY_SECRET, 920002, '403.00');
  highOrder = await postShopifyOrder(hub, SHOPIFY_SECRET, 920001, '1500.00');
  await waitFor('the stored orders processed', async () => (await eventStatus(standardOrder)) === 'processed' && (await eventStatus(highOrder)) === 'processed');
  browser = await launchTestBrowser();
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  // A step that cannot happen fails with the locator it waited for, well inside the test's timeout.
  page.setDefaultTimeout(10_000);
  await mkdir(SHOTS, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await salesforce?.close();
  await slack?.close();
});

describe('workflow builder in a browser', () => {
  it('builds the brief’s branching workflow by dragging, from an empty canvas', { timeout: 60_000 }, async () => {
    await openNewWorkflow(page, consoleUrl, TOKEN);
    await dragToCanvas(page, 'palette-trigger-shopify-orders/create', { x: 420, y: 50 }, 'orders/create');
    await dragToCanvas(page, 'palette-condition', { x: 420, y: 190 });
    await dragToCanvas(page, 'palette-action-salesforce-create_contact', { x: 140, y: 360 }, 'salesforce');
    await dragToCanvas(page, 'palette-notify', { x: 420, y: 360 });
    await dragToCanvas(page, 'palette-action-salesforce-create_contact', { x: 700, y: 360 }, 'salesforce');
    for (const id of ['trigger', 'condition', 'salesforce', 'notify', 'salesforce2']) await canvasNode(page, id).waitFor();

    await connect(page, 'trigger', 'out', 'condition');
    await connect(page, 'condition', 'true', 'salesforce');
    await connect(page, 'condition', 'true', 'notify');
    await connect(page, 'condition', 'false', 'salesforce2');
    for (const [from, handle, to] of [['trigger', 'out', 'condition'], ['condition', 'true', 'salesforce'], ['condition', 'true', 'notify'], ['condition', 'false', 'salesforce2']] as const) {
      // Attached, not visible: a straight vertical edge has no width, which Playwright calls hidden.
      await canvasEdge(page, from, handle, to).waitFor({ state: 'attached' });
    }
    // Branch labels on the edges out of the condition.
    expect(await page.locator('.react-flow__edge-text').allTextContents()).toEqual(['true', 'true', 'false']);

    await page.getByTestId('workflow-name').fill('high-value-orders');
    const condition = await selectNode(page, 'condition');
    await condition.getByTestId('jsonata-condition-field').fill('total_price');
    await condition.getByTestId('condition-operator').selectOption('greater_than');
    await condition.getByTestId('condition-value').fill('1000');
    const salesforce = await selectNode(page, 'salesforce');
    // Required fields of the action's input schema are marked.
    expect(await salesforce.locator('label[for="field-input-lastName"] .wf-required').count()).toBe(1);
    await salesforce.getByTestId('jsonata-input-email').fill('email');
    await salesforce.getByTestId('jsonata-input-lastName').fill('customer.last_name');
    const notify = await selectNode(page, 'notify');
    await notify.getByTestId('notify-channel').fill('sales');
    await notify.getByTestId('notify-text').fill('High-value order {{ name }}: {{ total_price }}');
    // The second Salesforce action misses its required last name for now.
    const standard = await selectNode(page, 'salesforce2');
    await standard.getByTestId('jsonata-input-email').fill('email');
    expect(await canvasNode(page, 'condition').locator('.wf-node-summary').textContent()).toBe('if total_price > 1000');
  });

  it('undoes and redoes a dropped node, and deletes the selected node with the keyboard', async () => {
    await dragToCanvas(page, 'palette-transform', { x: 700, y: 520 });
    await canvasNode(page, 'transform').waitFor();
    await page.locator('[data-testid="workflow-canvas"] .react-flow__pane').click({ position: { x: 20, y: 600 } });
    await page.keyboard.press('Control+z');
    await canvasNode(page, 'transform').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+Shift+z');
    await canvasNode(page, 'transform').waitFor();
    await canvasNode(page, 'transform').locator('.wf-node-head').click();
    await page.keyboard.press('Delete');
    await canvasNode(page, 'transform').waitFor({ state: 'detached' });
    // The trigger cannot be deleted: a workflow always has one.
    await canvasNode(page, 'trigger').locator('.wf-node-head').click();
    await page.keyboard.press('Delete');
    expect(await canvasNode(page, 'trigger').count()).toBe(1);
  });

  it('shows a check’s and a refused save’s problem on the node that has it, and checks clean once it is fixed', { timeout: 30_000 }, async () => {
    // "Check" (the dry run's validation) and a save both mark the node.
    await page.getByTestId('check').click();
    const badge = page.getByTestId('problem-badge-salesforce2');
    await badge.waitFor();
    await page.locator('[data-testid="workflow-canvas"] .react-flow__pane').click({ position: { x: 20, y: 600 } });
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Redo' }).click();
    await page.getByTestId('save-message').fill('high-value orders to Salesforce and Slack');
    await page.getByTestId('save').click();
    await page.locator('[data-testid="problems-banner"][data-state="problems"]').waitFor();
    await badge.waitFor();
    expect(await page.locator('.wf-problem-badge').count()).toBe(1);
    const panel = await selectNode(page, 'salesforce2');
    expect(await panel.getByTestId('node-problems').textContent()).toContain('"lastName" (required)');
    expect((await api('/api/workflows/high-value-orders')).status).toBe(404);

    await panel.getByTestId('jsonata-input-lastName').fill('customer.last_name');
    await page.getByTestId('check').click();
    await page.locator('[data-testid="problems-banner"][data-state="ok"]').waitFor();
    expect(await page.locator('.wf-problem-badge').count()).toBe(0);
  });

  it('previews a JSONata mapping on a stored order', { timeout: 30_000 }, async () => {
    await page.getByTestId('sample-event').selectOption(highOrder);
    const panel = await selectNode(page, 'salesforce');
    await expect.poll(() => panel.getByTestId('preview-input-lastName').textContent().catch(() => null), { timeout: 10_000 }).toBe('"Norman"');
    await panel.getByTestId('jsonata-input-email').fill('$uppercase(email');
    await panel.getByTestId('syntax-input-email').waitFor();
    await panel.getByTestId('jsonata-input-email').fill('$lowercase(email)');
    await expect.poll(() => panel.getByTestId('preview-input-email').textContent().catch(() => null), { timeout: 10_000 }).toBe('"bob.norman@mail.example.com"');
  });

  it('tries the draft on stored orders: two calls for the high-value one, one for the standard one, its path on the canvas', { timeout: 30_000 }, async () => {
    await openTab(page, 'try');
    await page.getByTestId('try-run').click();
    const high = page.locator(`[data-testid="try-event"][data-event-id="${highOrder}"]`);
    const low = page.locator(`[data-testid="try-event"][data-event-id="${standardOrder}"]`);
    await high.waitFor();
    expect(await high.getAttribute('data-calls')).toBe('2');
    expect(await low.getAttribute('data-calls')).toBe('1');

    await high.click();
    const calls = page.locator(`[data-testid="try-detail"][data-event-id="${highOrder}"] [data-testid="try-call"]`);
    expect(await calls.evaluateAll((els) => els.map((e) => e.getAttribute('data-node')))).toEqual(['salesforce', 'notify']);
    expect(await calls.first().locator('pre').textContent()).toContain('bob.norman@mail.example.com');
    expect(await canvasNode(page, 'notify').locator('.wf-node').getAttribute('data-highlight')).toBe('taken');
    expect(await canvasNode(page, 'salesforce2').locator('.wf-node').getAttribute('data-highlight')).toBe('');

    await low.click();
    expect(await page.locator(`[data-testid="try-detail"][data-event-id="${standardOrder}"] [data-testid="try-step"][data-node="condition"]`).textContent()).toBe('condition does not hold → false');
    expect(await canvasNode(page, 'salesforce2').locator('.wf-node').getAttribute('data-highlight')).toBe('taken');
    expect(await canvasNode(page, 'notify').locator('.wf-node').getAttribute('data-highlight')).toBe('');
    await page.screenshot({ path: path.join(SHOTS, 'workflow-builder.png') });

    // Or exactly the stored orders picked (the standard one alone), not the last N.
    await page.getByTestId('try-mode-chosen').check();
    await page.locator(`[data-testid="try-choose"][data-event-id="${standardOrder}"]`).check();
    await page.getByTestId('try-run').click();
    await page.locator('[data-testid="try-results"][data-count="1"]').waitFor();
    expect(await page.getByTestId('try-event').evaluateAll((els) => els.map((e) => [e.getAttribute('data-event-id'), e.getAttribute('data-calls')]))).toEqual([[standardOrder, '1']]);
  });

  it('saves the graph as version 1 with its message, as GET /api/workflows/:name returns it', { timeout: 30_000 }, async () => {
    await page.getByTestId('save-message').fill('high-value orders to Salesforce and Slack');
    await page.getByTestId('save').click();
    await page.locator('[data-testid="save-notice"]', { hasText: 'Saved version 1.' }).waitFor();
    await page.waitForURL(/#\/workflows\/high-value-orders\/edit/);

    const { body } = await api<{ workflow: { activeVersion: number; versions: { version: number; message?: string | null; definition: WorkflowGraph }[] } }>('/api/workflows/high-value-orders');
    expect(body.workflow.activeVersion).toBe(1);
    const [saved] = body.workflow.versions;
    expect(saved?.message).toBe('high-value orders to Salesforce and Slack');
    const graph = saved?.definition as WorkflowGraph;
    expect(graph.trigger).toEqual({ connector: 'shopify', event: 'orders/create' });
    expect(graph.nodes).toEqual([
      { id: 'condition', type: 'condition', when: { field: 'total_price', operator: 'greater_than', value: 1000 } },
      { id: 'salesforce', type: 'action', connector: 'salesforce', action: 'create_contact', input: { email: '$lowercase(email)', lastName: 'customer.last_name' } },
      { id: 'notify', type: 'notify', channel: 'sales', text: 'High-value order {{ name }}: {{ total_price }}' },
      { id: 'salesforce2', type: 'action', connector: 'salesforce', action: 'create_contact', input: { email: 'email', lastName: 'customer.last_name' } },
    ]);
    expect(graph.edges).toEqual([
      { from: 'trigger', to: 'condition' },
      { from: 'condition', to: 'salesforce', branch: 'true' },
      { from: 'condition', to: 'notify', branch: 'true' },
      { from: 'condition', to: 'salesforce2', branch: 'false' },
    ]);
    expect(Object.keys(graph.layout ?? {}).sort()).toEqual(['condition', 'notify', 'salesforce', 'salesforce2', 'trigger']);

    // The editor reopens the saved version as it was left.
    await canvasNode(page, 'salesforce2').waitFor();
    expect(await page.locator('.react-flow__edge').count()).toBe(4);
  });

  it('runs version 1 on signed orders: a Contact in Salesforce for each, the Slack message for the high-value one only, both runs on the Runs tab', { timeout: 60_000 }, async () => {
    // Emails and names of their own: what the provider simulators receive is told apart from anything else.
    const high = await postShopifyOrder(hub, SHOPIFY_SECRET, 930001, '2750.00', undefined, { name: '#3001', email: 'Ada.Lovelace@Example.com' });
    const standard = await postShopifyOrder(hub, SHOPIFY_SECRET, 930002, '89.00', undefined, { name: '#3002', email: 'grace.hopper@example.com' });
    await waitFor('both orders processed', async () => (await eventStatus(high)) === 'processed' && (await eventStatus(standard)) === 'processed', 20_000);

    // The high-value order: one Contact create (its email lower-cased by the mapping) and one Slack message.
    const [highContact] = contactsFor('ada.lovelace@example.com');
    expect(contactsFor('ada.lovelace@example.com')).toHaveLength(1);
    expect(highContact).toMatchObject({ method: 'POST', path: '/services/data/v60.0/sobjects/Contact', body: { LastName: 'Norman', Email: 'ada.lovelace@example.com' }, mismatches: [], status: 201 });
    // The stored access token, as it was: no token endpoint was asked.
    expect(highContact?.headers.authorization).toBe(`Bearer ${SALESFORCE_TOKEN}`);
    expect(slackMessages('#3001').map((m) => [m.channel, m.text])).toEqual([['C0SALES', 'High-value order #3001: 2750.00']]);
    // The standard order: one Contact create, nothing in Slack.
    expect(contactsFor('grace.hopper@example.com')).toEqual([expect.objectContaining({ body: { LastName: 'Norman', Email: 'grace.hopper@example.com' }, mismatches: [], status: 201 })]);
    expect(slackMessages('#3002')).toEqual([]);
    expect(salesforce.requests.filter((r) => r.path === '/services/data/v60.0/sobjects/Contact')).toHaveLength(2);
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'sales')).toHaveLength(1);

    await page.goto(`${consoleUrl}/#/workflows/${NAME}`);
    await page.getByTestId('tab-runs').click();
    const run = (eventId: string) => page.locator(`[data-testid="run-row"][data-event-id="${eventId}"]`);
    await run(high).waitFor();
    expect(await page.locator('[data-testid="run-row"]').count()).toBe(2);
    for (const [eventId, path] of [[high, ['condition', 'notify', 'salesforce']], [standard, ['condition', 'salesforce2']]] as const) {
      expect(await run(eventId).getAttribute('data-status')).toBe('completed');
      // The true branch's two nodes run in parallel: the path lists them in the order they ended.
      const shown = (await run(eventId).locator('code').first().textContent())?.split(' → ') ?? [];
      expect([shown[0], ...shown.slice(1).sort()]).toEqual(path);
      expect(await run(eventId).textContent()).toContain('v1');
    }
  });

  it('saves a broken version 2 from the editor, without activating it', { timeout: 30_000 }, async () => {
    await page.goto(`${consoleUrl}/#/workflows/${NAME}/edit`);
    // A typo a person makes: a Slack channel that does not exist (the hub cannot know it before Slack answers).
    const notify = await selectNode(page, 'notify');
    await notify.getByTestId('notify-channel').fill('sales-team');
    await page.getByTestId('save-message').fill('notify the sales team channel');
    await page.getByTestId('save-activate').uncheck();
    await page.getByTestId('save').click();
    await page.locator('[data-testid="save-notice"]', { hasText: 'Saved version 2.' }).waitFor();

    const { body } = await api<{ workflow: WorkflowDetail }>(`/api/workflows/${NAME}`);
    expect(body.workflow).toMatchObject({ activeVersion: 1, latestVersion: 2, canary: null });
    expect(body.workflow.versions[0]).toMatchObject({ version: 2, message: 'notify the sales team channel' });
    expect((body.workflow.versions[0]?.definition as WorkflowGraph).nodes.find((n) => n.id === 'notify')).toMatchObject({ channel: 'sales-team' });
  });

  it('canaries version 2 at 50 % from the Canary tab; the guard rolls it back, the page shows it without a reload, Slack gets the alert', { timeout: 90_000 }, async () => {
    await page.locator('[data-testid="save-notice"] a', { hasText: 'Open the workflow' }).click();
    await page.getByTestId('tab-canary').click();
    await page.getByTestId('canary-none').waitFor();
    await page.getByTestId('canary-version').selectOption('2');
    await page.getByTestId('canary-percent').fill('50');
    expect(await page.getByTestId('canary-percent-value').textContent()).toBe('50 %');
    await page.getByTestId('guard-min-runs').fill(String(MIN_RUNS));
    await page.getByTestId('guard-p95-factor').fill('');
    await page.getByTestId('canary-start').click();
    await page.locator('[data-testid="canary-running"][data-version="2"][data-percent="50"]').waitFor();
    expect((await api<{ workflow: WorkflowDetail }>(`/api/workflows/${NAME}`)).body.workflow.canary).toMatchObject({ version: 2, percent: 50, guard: { minRuns: MIN_RUNS, failureRateMargin: 0.2, p95Factor: null } });

    // High-value orders only: each one v2 runs fails at its notify (channel_not_found), each one v1 runs completes.
    let sent = 0;
    while ((await rolledBackEvents()).length === 0) {
      if (sent >= 40) throw new Error(`no rollback after ${sent} orders`);
      const eventId = await postShopifyOrder(hub, SHOPIFY_SECRET, 940000 + sent, '1800.00', undefined, { name: `#4${String(sent).padStart(3, '0')}`, email: `buyer${sent}@example.com` });
      await waitFor(`${eventId} finished`, () => finished(eventId), 20_000);
      sent += 1;
    }

    // The page follows without a reload: the banner with the figures that decided, and no canary any more.
    const banner = page.getByTestId('canary-rolled-back');
    await banner.waitFor({ timeout: 15_000 });
    await page.getByTestId('canary-none').waitFor({ timeout: 15_000 });
    const [rollback] = await rolledBackEvents();
    const candidate = rollback?.data.candidate as { runs: number; failed: number };
    // Which version an order runs is a hash of its random event id: in about one run in sixteen
    // the first four high-value orders all go to v2, and the guard decides before v1 ran once
    // (a p95 of no runs is null).
    const stable = rollback?.data.stable as { runs: number };
    expect(stable.runs).toEqual(expect.any(Number));
    expect(rollback).toEqual({
      actor: 'system:canary-guard',
      data: {
        name: NAME,
        version: 2,
        percent: 50,
        activeVersion: 1,
        reason: 'failure_rate',
        message: expect.stringMatching(/^v2 failed \d+ of \d+ runs \(100\.0 %\), v1 0 of \d+ \(0\.0 %\): more than 20\.0 % above$/),
        candidate: { version: 2, runs: candidate.runs, failed: candidate.runs, failureRate: 1, p95Ms: null },
        stable: { version: 1, runs: stable.runs, failed: 0, failureRate: 0, p95Ms: stable.runs > 0 ? expect.any(Number) : null },
        guard: { failureRateMargin: 0.2, minRuns: MIN_RUNS, p95Factor: null },
      },
    });
    expect(candidate.runs).toBeGreaterThanOrEqual(MIN_RUNS);
    expect(await banner.getAttribute('data-version')).toBe('2');
    expect(await banner.getAttribute('data-reason')).toBe('failure_rate');
    expect(await banner.getByTestId('rollback-reason').textContent()).toBe(rollback?.data.message);
    const figure = (side: string, field: string) => banner.locator(`td[data-side="${side}"][data-field="${field}"]`).textContent();
    expect([await figure('canary', 'runs'), await figure('canary', 'failed'), await figure('canary', 'failure-rate')]).toEqual([String(candidate.runs), String(candidate.failed), '100 %']);
    expect([await figure('stable', 'failed'), await figure('stable', 'failure-rate')]).toEqual(['0', '0 %']);
    expect((await api<{ workflow: WorkflowDetail }>(`/api/workflows/${NAME}`)).body.workflow).toMatchObject({ activeVersion: 1, canary: null });
    // Each failed run of v2 is Slack refusing the unknown channel.
    const refused = slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'sales-team');
    expect(refused.length).toBeGreaterThanOrEqual(candidate.failed);
    expect(refused.every((c) => c.answer.error === 'channel_not_found')).toBe(true);

    // The alert reaches Slack's alert channel, with the figures.
    const alert = await waitFor('the rollback alert in Slack', () => slackMessages(`workflow_canary_rolled_back:${NAME}`)[0], 15_000);
    expect(alert.channel).toBe('C0ALERTS');
    const blocks = alert.blocks as { text?: { text: string }; fields?: { text: string }[] }[];
    expect(blocks[0]?.text?.text).toBe(`🚨 ERROR: workflow_canary_rolled_back:${NAME} on shopify`);
    expect(blocks[1]?.fields?.map((f) => f.text).join('\n')).toContain(`*Evidence*\nworkflow ${NAME}: canary v2 (50 %) rolled back to v1: ${String(rollback?.data.message)}`);
    await page.screenshot({ path: path.join(SHOTS, 'workflow-canary-rollback.png'), fullPage: true });
  });
});
