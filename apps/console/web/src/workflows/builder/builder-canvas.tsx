import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type Connection, type Edge, type IsValidConnection } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useMemo, useState, type DragEvent } from 'react';
import { TRIGGER_ID } from '../graph/document-to-flow';
import type { NodeHighlight, WorkflowFlowEdge, WorkflowFlowNode } from '../graph/graph-types';
import { withMarks } from '../graph/with-marks';
import { workflowNodeTypes } from '../graph/workflow-node-card';
import '../graph/workflow-graph.css';
import { PALETTE_MIME, type PaletteItem } from './palette-item';
import type { Builder } from './use-builder';

interface Props {
  builder: Builder;
  highlight: Readonly<Record<string, NodeHighlight>>;
  problems: Readonly<Record<string, string[]>>;
}

/**
 * The editable canvas: palette items dropped where the pointer is (React Flow's drag-and-drop
 * pattern: the palette's dataTransfer, screenToFlowPosition here), edges drawn between handles,
 * Delete or Backspace removes what is selected (not the trigger).
 */
export function BuilderCanvas({ builder, highlight, problems }: Props) {
  const { screenToFlowPosition } = useReactFlow();
  const { canvas } = builder;
  const nodes = useMemo(() => withMarks(canvas.nodes, highlight, problems), [canvas.nodes, highlight, problems]);
  // Fit a loaded workflow into view; an empty canvas keeps its viewport, or React Flow would
  // centre the first node dropped on it, moving the canvas under the pointer.
  const [fitView] = useState(() => canvas.nodes.length > 0);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const raw = event.dataTransfer.getData(PALETTE_MIME);
      if (!raw) return;
      event.preventDefault();
      const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      // The card's middle under the pointer rather than its corner.
      builder.drop(JSON.parse(raw) as PaletteItem, { x: Math.round(point.x - 110), y: Math.round(point.y - 30) });
    },
    [builder, screenToFlowPosition],
  );

  const isValidConnection: IsValidConnection<WorkflowFlowEdge> = useCallback(
    (connection: Connection | Edge) =>
      connection.source !== connection.target &&
      connection.target !== TRIGGER_ID &&
      !canvas.edges.some((e) => e.source === connection.source && e.target === connection.target && (e.sourceHandle ?? 'out') === (connection.sourceHandle ?? 'out')),
    [canvas.edges],
  );

  return (
    <div className="wf-canvas" data-testid="workflow-canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<WorkflowFlowNode, WorkflowFlowEdge>
        nodes={nodes}
        edges={canvas.edges}
        nodeTypes={workflowNodeTypes}
        onNodesChange={builder.onNodesChange}
        onEdgesChange={builder.onEdgesChange}
        onConnect={builder.onConnect}
        onNodeDragStart={builder.checkpoint}
        onBeforeDelete={async () => {
          builder.checkpoint();
          return true;
        }}
        isValidConnection={isValidConnection}
        deleteKeyCode={['Delete', 'Backspace']}
        fitView={fitView}
        fitViewOptions={{ maxZoom: 1 }}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls />
        <MiniMap pannable zoomable />
      </ReactFlow>
      {canvas.nodes.length === 0 ? <p className="wf-canvas-empty">Drag a trigger from the left onto this canvas to start, then the steps that follow it. Connect them by dragging from a node's bottom handle to another node's top.</p> : null}
    </div>
  );
}
