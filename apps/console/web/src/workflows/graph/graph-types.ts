import type { Edge, Node } from '@xyflow/react';
import type { WorkflowNode, WorkflowTrigger } from '@hub/core/workflows';

/** How a node is marked: a version diff's added/removed/changed, or `taken` on the path a dry-run event went. */
export type NodeHighlight = 'added' | 'removed' | 'changed' | 'taken';

/** What a canvas node stands for: the trigger, or one node of the document (kept whole, as the form edits it). */
export type FlowItem = { kind: 'trigger'; trigger: WorkflowTrigger } | { kind: 'node'; node: WorkflowNode };

export interface WorkflowNodeData extends Record<string, unknown> {
  item: FlowItem;
  highlight?: NodeHighlight;
  /** Problems of HUB_WORKFLOW_INVALID located on this node (a red badge). */
  problems?: string[];
}

/** The React Flow node type is the document node's type (`trigger` for the trigger), so each kind has its component and CSS class. */
export type FlowNodeType = 'trigger' | WorkflowNode['type'];
export type WorkflowFlowNode = Node<WorkflowNodeData, FlowNodeType>;

export interface WorkflowEdgeData extends Record<string, unknown> {
  /** The document edge's branch: the source handle it leaves by (none: the plain `out` handle). */
  branch?: string;
}
export type WorkflowFlowEdge = Edge<WorkflowEdgeData>;

/** Name and description: the rest of the document lives in the canvas (trigger node, nodes, edges, positions). */
export interface WorkflowMeta {
  name: string;
  description?: string;
}
