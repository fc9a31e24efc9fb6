import type { WorkflowDefinition } from './workflow-definition.js';
import { isWorkflowGraph, TRIGGER_NODE, type WorkflowDocument, type WorkflowEdge, type WorkflowGraph } from './workflow-graph.js';

/**
 * The graph a document runs as. A list of steps is a chain: trigger → first step → next …, the
 * edge out of a condition labelled `true` (false: no edge, the run ends there as it always did).
 * Node i is step i, so problems keep naming `steps[i]`.
 */
export function workflowGraphOf(document: WorkflowDocument): WorkflowGraph {
  if (isWorkflowGraph(document)) return document;
  return chainOf(document);
}

function chainOf({ steps, ...rest }: WorkflowDefinition): WorkflowGraph {
  const edges: WorkflowEdge[] = steps.map((step, index) => {
    const before = index === 0 ? undefined : steps[index - 1];
    return { from: before?.id ?? TRIGGER_NODE, to: step.id, ...(before?.type === 'condition' ? { branch: 'true' } : {}) };
  });
  return { ...rest, nodes: steps, edges };
}
