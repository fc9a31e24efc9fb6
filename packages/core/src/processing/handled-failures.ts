import { EventTypes, type StoredEvent } from '../event-store/index.js';

/** A call node's failure for good that its workflow took (a failure branch, continueOnFailure), as recorded. */
export interface HandledFailure {
  outcome: 'failed_handled' | 'failed_continued';
  class: string;
  code?: string | undefined;
  message?: string | undefined;
}

/** The key of a node of one workflow version in handledFailures. */
export const handledFailureKey = (workflow: string, version: number, node: string) => `${workflow}\u0000${version}\u0000${node}`;

/**
 * The call nodes whose failure an earlier attempt of this delivery (since the last replay) took,
 * from their `workflow.node_ran`. A retry of the event (for another node's sake) keeps that
 * decision instead of calling again: a node with `retry: { retries: 0 }` is called once.
 */
export function handledFailures(delivery: readonly StoredEvent[]): Map<string, HandledFailure> {
  const handled = new Map<string, HandledFailure>();
  for (const e of delivery) {
    if (e.type !== EventTypes.workflowNodeRan) continue;
    const d = e.data as { name?: unknown; version?: unknown; node?: unknown; outcome?: unknown; class?: unknown; code?: unknown; message?: unknown };
    if (typeof d.name !== 'string' || typeof d.version !== 'number' || typeof d.node !== 'string') continue;
    if (d.outcome !== 'failed_handled' && d.outcome !== 'failed_continued') continue;
    handled.set(handledFailureKey(d.name, d.version, d.node), {
      outcome: d.outcome,
      class: typeof d.class === 'string' ? d.class : 'permanent',
      code: typeof d.code === 'string' ? d.code : undefined,
      message: typeof d.message === 'string' ? d.message : undefined,
    });
  }
  return handled;
}
