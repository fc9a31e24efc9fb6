import type { WorkflowDocument, WorkflowEdge, WorkflowGraph } from './workflow-types';

/** The trigger's id in edges (TRIGGER_NODE on the server). */
export const TRIGGER_ID = 'trigger';

/**
 * The graph a document runs as, as the server's workflowGraphOf reads it: a list of steps is a chain
 * from the trigger, and the edge out of a condition is its `true` branch. Copied here (a few lines)
 * because the server's function lives in a module that also holds the store.
 */
export function documentGraph(document: WorkflowDocument): WorkflowGraph {
  if ('nodes' in document) return document;
  const { steps, ...rest } = document;
  const edges: WorkflowEdge[] = steps.map((step, index) => {
    const before = index === 0 ? undefined : steps[index - 1];
    return { from: before?.id ?? TRIGGER_ID, to: step.id, ...(before?.type === 'condition' ? { branch: 'true' } : {}) };
  });
  return { ...rest, nodes: steps, edges };
}
