import type { WorkflowEdge, WorkflowGraph, WorkflowNode, WorkflowTrigger } from '@hub/core/workflows';
import type { WorkflowFlowEdge, WorkflowFlowNode, WorkflowMeta } from './graph-types';
import { branchOfHandle } from './source-handles';

const EMPTY_TRIGGER: WorkflowTrigger = { connector: '', event: '' };

/**
 * The canvas as the document `POST /api/workflows` and `hub workflows apply` take: the trigger
 * node's trigger, the other nodes in canvas order, each edge with the branch of the handle it
 * leaves by, and every node's position as `layout` (so the builder reopens it as it was left).
 * Nothing is checked here: the server's validation says what is wrong, node by node.
 */
export function documentOf(meta: WorkflowMeta, nodes: readonly WorkflowFlowNode[], edges: readonly WorkflowFlowEdge[]): WorkflowGraph {
  let trigger = EMPTY_TRIGGER;
  const documentNodes: WorkflowNode[] = [];
  const layout: Record<string, { x: number; y: number }> = {};
  for (const flowNode of nodes) {
    const { item } = flowNode.data;
    if (item.kind === 'trigger') trigger = item.trigger;
    else documentNodes.push(item.node);
    layout[flowNode.id] = { x: Math.round(flowNode.position.x), y: Math.round(flowNode.position.y) };
  }
  const documentEdges = edges.map((edge): WorkflowEdge => {
    const branch = edge.data?.branch ?? branchOfHandle(edge.sourceHandle);
    return { from: edge.source, to: edge.target, ...(branch ? { branch } : {}) };
  });
  return {
    name: meta.name,
    ...(meta.description ? { description: meta.description } : {}),
    trigger,
    nodes: documentNodes,
    edges: documentEdges,
    layout,
  };
}
