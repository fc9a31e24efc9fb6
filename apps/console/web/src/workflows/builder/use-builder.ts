import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange, type XYPosition } from '@xyflow/react';
import { useCallback, useMemo } from 'react';
import type { WorkflowDocument } from '@hub/core/workflows';
import { autoLayout } from '../graph/auto-layout';
import { flowEdgeOf, flowOf, TRIGGER_ID } from '../graph/document-to-flow';
import { documentOf } from '../graph/flow-to-document';
import type { FlowItem, WorkflowFlowEdge, WorkflowFlowNode, WorkflowMeta } from '../graph/graph-types';
import { branchOfHandle, sourceHandles } from '../graph/source-handles';
import { newNode, type PaletteItem } from './palette-item';
import { useHistory } from './use-history';

export interface Canvas {
  meta: WorkflowMeta;
  nodes: WorkflowFlowNode[];
  edges: WorkflowFlowEdge[];
}

export const EMPTY_CANVAS: Canvas = { meta: { name: '' }, nodes: [], edges: [] };

export function canvasOf(document: WorkflowDocument): Canvas {
  return flowOf(document);
}

function rebuildEdgeIds(edges: WorkflowFlowEdge[]): WorkflowFlowEdge[] {
  return edges.map((e) => ({ ...flowEdgeOf({ from: e.source, to: e.target, ...(e.data?.branch ? { branch: e.data.branch } : {}) }), selected: e.selected ?? false }));
}

/** The builder's canvas with undo/redo, and every edit the page makes to it. */
export function useBuilder(initial: Canvas) {
  const history = useHistory<Canvas>(initial);
  const { present: canvas, set } = history;

  const onNodesChange = useCallback(
    (changes: NodeChange<WorkflowFlowNode>[]) => {
      // Selection, measuring and each step of a drag are no undo steps: a drag records its step when
      // it starts (onNodeDragStart), a removal before it happens (onBeforeDelete).
      set((c) => ({ ...c, nodes: applyNodeChanges(changes, c.nodes) }), false);
    },
    [set],
  );
  const onEdgesChange = useCallback((changes: EdgeChange<WorkflowFlowEdge>[]) => set((c) => ({ ...c, edges: applyEdgeChanges(changes, c.edges) }), false), [set]);
  /** Keeps the canvas before a drag or a delete, as one undo step. */
  const checkpoint = useCallback(() => set((c) => ({ ...c }), true), [set]);

  const onConnect = useCallback(
    (connection: Connection) => {
      const branch = branchOfHandle(connection.sourceHandle);
      const edge = flowEdgeOf({ from: connection.source, to: connection.target, ...(branch ? { branch } : {}) });
      set((c) => (c.edges.some((e) => e.id === edge.id) ? c : { ...c, edges: [...c.edges, edge] }));
    },
    [set],
  );

  const drop = useCallback(
    (item: PaletteItem, position: XYPosition) => {
      set((c) => {
        if (item.kind === 'trigger') {
          const trigger = { connector: item.connector, event: item.event };
          const existing = c.nodes.find((n) => n.id === TRIGGER_ID);
          if (existing) return { ...c, nodes: c.nodes.map((n) => (n.id === TRIGGER_ID ? { ...n, data: { ...n.data, item: { kind: 'trigger', trigger: { ...trigger, ...(triggerFilter(n.data.item) ?? {}) } } } } : n)) };
          const node: WorkflowFlowNode = { id: TRIGGER_ID, type: 'trigger', position, data: { item: { kind: 'trigger', trigger } }, deletable: false };
          return { ...c, nodes: [node, ...c.nodes] };
        }
        const created = newNode(item, new Set(c.nodes.map((n) => n.id)));
        const node: WorkflowFlowNode = { id: created.id, type: created.type, position, data: { item: { kind: 'node', node: created } }, selected: true };
        return { ...c, nodes: [...c.nodes.map((n) => ({ ...n, selected: false })), node], edges: c.edges.map((e) => ({ ...e, selected: false })) };
      });
    },
    [set],
  );

  /** A form's edit of one node; typing in one field of one node is one undo step. */
  const updateItem = useCallback(
    (id: string, item: FlowItem, field: string) => {
      set(
        (c) => {
          const handles = new Set(sourceHandles(item));
          return {
            ...c,
            nodes: c.nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, item } } : n)),
            // A switch case removed (or renamed) takes its edges with it: they would leave by a handle that is gone.
            edges: c.edges.filter((e) => e.source !== id || handles.has(e.sourceHandle ?? 'out')),
          };
        },
        { key: `${id}:${field}` },
      );
    },
    [set],
  );

  /** Renames a node (its `$steps` id): its edges follow. Refused (false) when the id is taken. */
  const renameNode = useCallback(
    (from: string, to: string): boolean => {
      if (from === to) return true;
      if (canvas.nodes.some((n) => n.id === to) || to === TRIGGER_ID) return false;
      set((c) => ({
        ...c,
        nodes: c.nodes.map((n) => (n.id === from && n.data.item.kind === 'node' ? { ...n, id: to, data: { ...n.data, item: { kind: 'node', node: { ...n.data.item.node, id: to } } } } : n)),
        edges: rebuildEdgeIds(c.edges.map((e) => ({ ...e, source: e.source === from ? to : e.source, target: e.target === from ? to : e.target }))),
      }));
      return true;
    },
    [canvas.nodes, set],
  );

  const setMeta = useCallback((meta: WorkflowMeta, field: string) => set((c) => ({ ...c, meta }), { key: `meta:${field}` }), [set]);
  const layout = useCallback(() => set((c) => ({ ...c, nodes: autoLayout(c.nodes, c.edges) })), [set]);
  const replace = useCallback((next: Canvas) => set(() => next), [set]);
  const select = useCallback((id: string) => set((c) => ({ ...c, nodes: c.nodes.map((n) => ({ ...n, selected: n.id === id })), edges: c.edges.map((e) => ({ ...e, selected: false })) }), false), [set]);

  const document = useMemo(() => documentOf(canvas.meta, canvas.nodes, canvas.edges), [canvas]);

  return { canvas, document, onNodesChange, onEdgesChange, onConnect, checkpoint, drop, updateItem, renameNode, setMeta, layout, replace, select, undo: history.undo, redo: history.redo, canUndo: history.canUndo, canRedo: history.canRedo };
}

function triggerFilter(item: FlowItem) {
  return item.kind === 'trigger' && item.trigger.filter ? { filter: item.trigger.filter } : undefined;
}

export type Builder = ReturnType<typeof useBuilder>;
