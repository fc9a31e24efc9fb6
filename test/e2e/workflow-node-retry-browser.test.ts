import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateWorkflow, WorkflowStore, type WorkflowGraph } from '@hub/core/workflows';
import { launchTestBrowser } from '../support/browser.js';
import { connectors as repoConnectors, yamlConnector } from '../support/repo-connectors.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { selectNode } from '../support/workflow-builder-page.js';

// The builder's "Attempts for this node" field: what an operator types there is the node's
// `retry` in the saved version (attempts = retries + 1; empty = the connector's policy).
const TOKEN = 'workflow-node-retry-browser-token-01';

let hub: TestHub;
let browser: Browser;
let page: Page;
let consoleUrl: string;

async function savedGraph(name: string): Promise<{ activeVersion: number; graph: WorkflowGraph }> {
  const res = await hub.console.inject({ method: 'GET', url: `/api/workflows/${name}`, headers: { authorization: `Bearer ${TOKEN}` } });
  const { workflow } = res.json() as { workflow: { activeVersion: number; versions: { version: number; definition: WorkflowGraph }[] } };
  return { activeVersion: workflow.activeVersion, graph: workflow.versions.find((v) => v.version === workflow.activeVersion)?.definition as WorkflowGraph };
}
const retryOf = (graph: WorkflowGraph, id: string) => {
  const node = graph.nodes.find((n) => n.id === id);
  return node && 'retry' in node ? node.retry : undefined;
};

beforeAll(async () => {
  const slack = await yamlConnector('slack');
  const salesforce = await yamlConnector('salesforce');
  hub = await startTestHub({ label: 'wfnoderetrybrowser', workerConnectors: [], consoleToken: TOKEN, extraConnectors: { salesforce, slack } });
  consoleUrl = await hub.console.listen({ port: 0, host: '127.0.0.1' });
  const definition = validateWorkflow(
    {
      name: 'orders-with-retries',
      trigger: { connector: 'shopify', event: 'orders/create' },
      nodes: [
        { id: 'crm', type: 'action', connector: 'salesforce', action: 'create_contact', input: { email: 'email', lastName: 'customer.last_name' } },
        { id: 'tell', type: 'notify', channel: 'sales', text: 'order {{ name }} did not reach Salesforce', retry: { retries: 0 } },
      ],
      edges: [
        { from: 'trigger', to: 'crm' },
        { from: 'crm', to: 'tell', branch: 'failure' },
      ],
    },
    { ...repoConnectors, salesforce, slack },
  );
  await new WorkflowStore(hub.resources.pool, hub.resources.store).saveVersion(definition, { actor: 'test:node-retry-browser' });
  browser = await launchTestBrowser();
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  page.setDefaultTimeout(10_000);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

describe('the builder’s attempts field', () => {
  it('shows a node’s retry as attempts, saves what is typed as retries, empty as the connector’s policy, and refuses 11', { timeout: 45_000 }, async () => {
    await page.goto(`${consoleUrl}/#/workflows/orders-with-retries/edit`);
    const tokenField = page.getByLabel('console token');
    const builder = page.locator('[data-testid="workflow-builder"]');
    await Promise.race([tokenField.waitFor(), builder.waitFor()]);
    if (await tokenField.isVisible()) {
      await tokenField.fill(TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    await builder.waitFor();

    const tell = await selectNode(page, 'tell');
    expect(await tell.getByLabel('Attempts for this node').inputValue()).toBe('1');
    await tell.getByLabel('Attempts for this node').fill('');

    const crm = await selectNode(page, 'crm');
    const attempts = crm.getByLabel('Attempts for this node');
    expect(await attempts.inputValue()).toBe('');
    await attempts.fill('11');
    await crm.getByText('A whole number from 1 to 10, or empty.').waitFor();
    await attempts.fill('3');
    expect(await crm.getByText('A whole number from 1 to 10, or empty.').count()).toBe(0);

    await page.getByTestId('save-message').fill('crm retried 3 times at most, the message as the policy says');
    await page.getByTestId('save').click();
    await page.locator('[data-testid="save-notice"]', { hasText: 'Saved version 2.' }).waitFor();

    const { activeVersion, graph } = await savedGraph('orders-with-retries');
    expect(activeVersion).toBe(2);
    expect(retryOf(graph, 'crm')).toEqual({ retries: 2 });
    expect(retryOf(graph, 'tell')).toBeUndefined();
  });
});
