import type { WorkflowDocument, WorkflowEdge, WorkflowGraph } from '@hub/core/workflows';
import { layoutPositions } from './auto-layout';
import type { FlowItem, WorkflowFlowEdge, WorkflowFlowNode, WorkflowMeta } from './graph-types';
import { handleOfBranch, TARGET_HANDLE } from './source-handles';

/** The trigger's id in edges and layout (TRIGGER_NODE of @hub/core/workflows, which the bundle cannot import). */
export const TRIGGER_ID = 'trigger';

/**
 * A list of steps read as the graph it runs as (as workflowGraphOf does on the server): trigger →
 * step 1 → step 2 …, the edge out of a condition labelled `true`.
 */
export function graphOf(document: WorkflowDocument): WorkflowGraph {
  if ('nodes' in document) return document;
  const { steps, ...rest } = document;
  const edges: WorkflowEdge[] = steps.map((step, index) => {
    const before = index === 0 ? undefined : steps[index - 1];
    return { from: before?.id ?? TRIGGER_ID, to: step.id, ...(before?.type === 'condition' ? { branch: 'true' } : {}) };
  });
  return { ...rest, nodes: steps, edges };
}

export const edgeId = (edge: WorkflowEdge): string => `${edge.from}->${edge.to}${edge.branch ? `:${edge.branch}` : ''}`;

export function flowEdgeOf(edge: WorkflowEdge): WorkflowFlowEdge {
  return {
    id: edgeId(edge),
    source: edge.from,
    target: edge.to,
    sourceHandle: handleOfBranch(edge.branch),
    targetHandle: TARGET_HANDLE,
    ...(edge.branch ? { label: edge.branch, data: { branch: edge.branch } } : { data: {} }),
    className: edge.branch ? `wf-edge wf-edge-${edge.branch === 'failure' ? 'failure' : 'branch'}` : 'wf-edge',
  };
}

/**
 * A document (graph or list) as canvas nodes and edges. Positions come from the document's
 * `layout`; a node it does not place (every node of a list, or of a graph written by hand) is
 * placed by the top-to-bottom auto-layout.
 */
export function flowOf(document: WorkflowDocument): { meta: WorkflowMeta; nodes: WorkflowFlowNode[]; edges: WorkflowFlowEdge[] } {
  const graph = graphOf(document);
  const edges = graph.edges.map(flowEdgeOf);
  const items: [string, FlowItem][] = [[TRIGGER_ID, { kind: 'trigger', trigger: graph.trigger }], ...graph.nodes.map((node): [string, FlowItem] => [node.id, { kind: 'node', node }])];
  const layout = graph.layout ?? {};
  const placedByHand = items.every(([id]) => Object.hasOwn(layout, id));
  const auto = placedByHand
    ? {}
    : layoutPositions(
        items.map(([id]) => id),
        edges,
      );
  const nodes = items.map(([id, item]): WorkflowFlowNode => ({
    id,
    type: item.kind === 'trigger' ? 'trigger' : item.node.type,
    position: layout[id] ?? auto[id] ?? { x: 0, y: 0 },
    data: { item },
    // The trigger is there once and for good: a workflow without one is not a workflow.
    ...(item.kind === 'trigger' ? { deletable: false } : {}),
  }));
  const meta: WorkflowMeta = { name: graph.name, ...(graph.description ? { description: graph.description } : {}) };
  return { meta, nodes, edges };
}
