import { graphOf, TRIGGER_ID } from '../graph/document-to-flow';
import type { WorkflowDocument, WorkflowGraph } from './workflow-types';

export type NodeChange = 'added' | 'removed' | 'changed';

/** One field of a node that differs; `undefined` on a side means the field is absent there. */
export interface FieldChange {
  /** Dotted path in the node (`when.value`, `input.email`), or `edges` for its outgoing edges (as `target (branch)` labels). */
  path: string;
  before: unknown;
  after: unknown;
}

export interface NodeDiff {
  id: string;
  change: NodeChange;
  /** The node's type (the newer one's when both have it); `trigger` for the trigger. */
  type: string;
  /** Empty for added and removed nodes. */
  fields: FieldChange[];
}

export interface WorkflowDiff {
  /** Nodes that differ: the trigger first, then the newer version's order, then the removed ones. */
  nodes: NodeDiff[];
  /** Highlights for drawing the older version: its removed and changed nodes. */
  before: Record<string, 'removed' | 'changed'>;
  /** Highlights for drawing the newer version: its added and changed nodes. */
  after: Record<string, 'added' | 'changed'>;
  /** Fields of the document itself (description) that differ. */
  document: FieldChange[];
}

type Plain = Record<string, unknown>;

/**
 * What changed from `before` to `after`, node by node (matched by id). A node is changed when any
 * of its fields or any of its outgoing edges differ; the trigger is the node `trigger`. The layout
 * (where the builder placed each node) is not compared: moving a node changes no behaviour.
 */
export function diffWorkflows(beforeDocument: WorkflowDocument, afterDocument: WorkflowDocument): WorkflowDiff {
  const older = nodeMap(graphOf(beforeDocument));
  const newer = nodeMap(graphOf(afterDocument));
  const diff: WorkflowDiff = { nodes: [], before: {}, after: {}, document: fieldChanges(pick(beforeDocument, 'description'), pick(afterDocument, 'description'), '') };

  for (const [id, node] of newer) {
    const old = older.get(id);
    const type = String(node.type);
    if (!old) {
      diff.nodes.push({ id, change: 'added', type, fields: [] });
      diff.after[id] = 'added';
      continue;
    }
    const fields = fieldChanges(old, node, '');
    if (fields.length === 0) continue;
    diff.nodes.push({ id, change: 'changed', type, fields });
    diff.before[id] = 'changed';
    diff.after[id] = 'changed';
  }
  for (const [id, node] of older) {
    if (newer.has(id)) continue;
    diff.nodes.push({ id, change: 'removed', type: String(node.type), fields: [] });
    diff.before[id] = 'removed';
  }
  return diff;
}

/** Each node (and the trigger) as plain fields plus `edges`: its outgoing edges as sorted `target (branch)` labels. */
function nodeMap(graph: WorkflowGraph): Map<string, Plain> {
  const out = new Map<string, string[]>();
  for (const edge of graph.edges) {
    const labels = out.get(edge.from) ?? [];
    labels.push(edge.branch === undefined ? edge.to : `${edge.to} (${edge.branch})`);
    out.set(edge.from, labels);
  }
  const edgesOf = (id: string) => (out.get(id) ?? []).sort();
  const map = new Map<string, Plain>([[TRIGGER_ID, { type: 'trigger', ...graph.trigger, edges: edgesOf(TRIGGER_ID) }]]);
  for (const { id, ...fields } of graph.nodes) map.set(id, { ...fields, edges: edgesOf(id) });
  return map;
}

function pick(document: WorkflowDocument, key: 'description'): Plain {
  return document[key] === undefined ? {} : { [key]: document[key] };
}

const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Differences between two plain objects, by dotted path; arrays and scalars compare as whole values. */
function fieldChanges(before: Plain, after: Plain, prefix: string): FieldChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((key) => {
    const path = prefix ? `${prefix}.${key}` : key;
    const a = before[key];
    const b = after[key];
    if (isPlain(a) && isPlain(b)) return fieldChanges(a, b, path);
    return sameValue(a, b) ? [] : [{ path, before: a, after: b }];
  });
}

/** Deep equality of JSON values, key order ignored. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (isPlain(a) && isPlain(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    return keys.length === Object.keys(b).filter((k) => b[k] !== undefined).length && keys.every((k) => sameValue(a[k], b[k]));
  }
  return false;
}
