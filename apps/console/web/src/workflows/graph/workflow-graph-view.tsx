import { Background, Controls, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import type { WorkflowDocument } from '@hub/core/workflows';
import { flowOf } from './document-to-flow';
import type { NodeHighlight } from './graph-types';
import { withMarks } from './with-marks';
import { workflowNodeTypes } from './workflow-node-card';
import './workflow-graph.css';

export interface WorkflowGraphViewProps {
  /** A graph or a list of steps (shown as the chain it runs as). */
  document: WorkflowDocument;
  /** Marks per node id: a diff's added/removed/changed, or `taken` (a dry run's path). */
  highlight?: Readonly<Record<string, NodeHighlight>>;
  /** Located problems per node id. */
  problems?: Readonly<Record<string, string[]>>;
  /** Height of the canvas (CSS length). */
  height?: string;
}

/** A workflow version drawn read-only: nothing moves, connects or is deleted; pan and zoom only. */
export function WorkflowGraphView({ document, highlight, problems, height = '420px' }: WorkflowGraphViewProps) {
  const { nodes, edges } = useMemo(() => {
    const flow = flowOf(document);
    return { nodes: withMarks(flow.nodes, highlight, problems), edges: flow.edges };
  }, [document, highlight, problems]);
  return (
    <div className="wf-graph-view" style={{ height }} data-testid="workflow-graph-view">
      <ReactFlowProvider>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={workflowNodeTypes}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          deleteKeyCode={null}
          fitView
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <Controls showInteractive={false} />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}
