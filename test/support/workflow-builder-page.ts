import type { Locator, Page } from 'playwright-core';

// Driving the console's workflow builder (apps/console/web/src/workflows/builder) like a person:
// HTML5 drag from the palette, pointer drags between React Flow handles, the side panel's forms.

/** A node on the canvas (React Flow puts the node id in data-id). */
export const canvasNode = (page: Page, id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);

/** The pane nodes are dropped on. */
const pane = (page: Page) => page.locator('[data-testid="workflow-canvas"] .react-flow__pane');

/** Opens the builder on an empty canvas (the page asks for the token first when none is stored). */
export async function openNewWorkflow(page: Page, consoleUrl: string, token: string): Promise<void> {
  await page.goto(`${consoleUrl}/#/workflows/new`);
  const tokenField = page.getByLabel('console token');
  const builder = page.locator('[data-testid="workflow-builder"]');
  await Promise.race([tokenField.waitFor(), builder.waitFor()]);
  if (await tokenField.isVisible()) {
    await tokenField.fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await builder.waitFor();
}

/**
 * Drags a palette item (by its data-testid: `palette-trigger-shopify-orders/create`,
 * `palette-action-salesforce-create_contact`, `palette-condition`, …) onto the canvas at (x, y)
 * from the pane's top-left corner. `search` first narrows the palette, which opens the
 * connector groups the item is folded in.
 */
export async function dragToCanvas(page: Page, testId: string, at: { x: number; y: number }, search?: string): Promise<void> {
  const searchBox = page.getByLabel('Find a block');
  await searchBox.fill(search ?? '');
  await page.getByTestId(testId).dragTo(pane(page), { targetPosition: at });
  await searchBox.fill('');
}

/** The centre of an element on the page. */
async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`not visible: ${locator.toString()}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Draws an edge from a node's source handle (`out`, `true`, `false`, `failure`, a case, `default`) to another node's input. */
export async function connect(page: Page, from: string, handle: string, to: string): Promise<void> {
  const start = await centre(canvasNode(page, from).locator(`.react-flow__handle.source[data-handleid="${handle}"]`));
  const end = await centre(canvasNode(page, to).locator('.react-flow__handle.target'));
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 5 });
  await page.mouse.move(end.x, end.y, { steps: 5 });
  await page.mouse.up();
}

/** The edge drawn from `from` (leaving by `handle`) to `to`, as the builder names it. */
export const canvasEdge = (page: Page, from: string, handle: string, to: string): Locator =>
  page.locator(`.react-flow__edge[data-id="${from}->${to}${handle === 'out' ? '' : `:${handle}`}"]`);

/** Selects a node, which opens its form in the side panel. */
export async function selectNode(page: Page, id: string): Promise<Locator> {
  await canvasNode(page, id).locator('.wf-node-head').click();
  const panel = page.locator(`[data-testid="node-panel"][data-node="${id}"]`);
  await panel.waitFor();
  return panel;
}

/** Opens a tab of the side panel: `node`, `try` or `files`. */
export async function openTab(page: Page, tab: 'node' | 'try' | 'files'): Promise<void> {
  await page.getByTestId(`tab-${tab}`).click();
}
