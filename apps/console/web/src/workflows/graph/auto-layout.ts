import dagre from '@dagrejs/dagre';
import type { WorkflowFlowEdge, WorkflowFlowNode } from './graph-types';

/** The size a node card is laid out with (the CSS gives cards this width; the height is about two lines). */
export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 76;

export type Positions = Record<string, { x: number; y: number }>;

/** Top-to-bottom positions (top-left corners, as React Flow places nodes) of a graph, by dagre. */
export function layoutPositions(ids: readonly string[], edges: readonly { source: string; target: string; id: string }[]): Positions {
  // A multigraph: a node may have two edges to the same node (a condition's true and false both to one action).
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 50, ranksep: 70, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const id of ids) graph.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of edges) if (graph.hasNode(edge.source) && graph.hasNode(edge.target)) graph.setEdge(edge.source, edge.target, {}, edge.id);
  dagre.layout(graph);
  const positions: Positions = {};
  for (const id of ids) {
    const { x, y } = graph.node(id);
    positions[id] = { x: Math.round(x - NODE_WIDTH / 2), y: Math.round(y - NODE_HEIGHT / 2) };
  }
  return positions;
}

/** The nodes moved to dagre's top-to-bottom layout. */
export function autoLayout(nodes: readonly WorkflowFlowNode[], edges: readonly WorkflowFlowEdge[]): WorkflowFlowNode[] {
  const positions = layoutPositions(
    nodes.map((n) => n.id),
    edges,
  );
  return nodes.map((n) => ({ ...n, position: positions[n.id] ?? n.position }));
}
