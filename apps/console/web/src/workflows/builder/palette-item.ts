import type { WorkflowNode } from '@hub/core/workflows';
import type { CatalogConnector } from '@hub/console';

/** What can be dropped on the canvas. */
export type PaletteItem =
  | { kind: 'trigger'; connector: string; event: string }
  | { kind: 'action'; connector: string; action: string }
  | { kind: 'transform' | 'condition' | 'switch' | 'forward' | 'notify' };

/** The drag payload's type: only our palette's drags are accepted by the canvas. */
export const PALETTE_MIME = 'application/x-hub-workflow-node';

export function paletteTestId(item: PaletteItem): string {
  if (item.kind === 'trigger') return `palette-trigger-${item.connector}-${item.event}`;
  if (item.kind === 'action') return `palette-action-${item.connector}-${item.action}`;
  return `palette-${item.kind}`;
}

/** A readable id not taken yet: `salesforce`, then `salesforce2`, … (ids are `$steps.<id>` in expressions). */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  const clean = base.replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[^A-Za-z]+/, '') || 'node';
  if (!taken.has(clean) && clean !== 'trigger') return clean;
  for (let n = 2; ; n += 1) if (!taken.has(`${clean}${n}`)) return `${clean}${n}`;
}

/** The node a palette item becomes, with empty fields the form asks for (validation names what is still missing). */
export function newNode(item: Exclude<PaletteItem, { kind: 'trigger' }>, taken: ReadonlySet<string>): WorkflowNode {
  switch (item.kind) {
    case 'action':
      return { id: freshId(item.connector, taken), type: 'action', connector: item.connector, action: item.action, input: {} };
    case 'transform':
      return { id: freshId('transform', taken), type: 'transform', expression: '' };
    case 'condition':
      return { id: freshId('condition', taken), type: 'condition', when: { field: '', operator: 'equals', value: '' } };
    case 'switch':
      return { id: freshId('switch', taken), type: 'switch', value: '', cases: [{ branch: 'case1', equals: '' }] };
    case 'forward':
      return { id: freshId('forward', taken), type: 'forward', url: '' };
    case 'notify':
      return { id: freshId('notify', taken), type: 'notify', channel: '', text: '' };
  }
}

/** The connector's catalog entry of an action node, for its form. */
export function catalogAction(connectors: readonly CatalogConnector[], connector: string, action: string) {
  return connectors.find((c) => c.id === connector)?.actions.find((a) => a.name === action);
}
