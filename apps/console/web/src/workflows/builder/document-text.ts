import { parse, stringify } from 'yaml';
import type { WorkflowDocument } from '@hub/core/workflows';

/** The document as `hub workflows apply` reads it: JSON, or YAML. */
export function documentText(document: WorkflowDocument, format: 'json' | 'yaml'): string {
  return format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : stringify(document);
}

export type ReadDocument = { ok: true; document: WorkflowDocument } | { ok: false; problem: string };

/**
 * A pasted or uploaded JSON/YAML document (YAML reads JSON too). Only its outline is checked
 * here (a trigger, and nodes or steps); the rest is the server's to judge on Check or Save.
 */
export function readDocument(text: string): ReadDocument {
  let value: unknown;
  try {
    value = parse(text);
  } catch (err) {
    return { ok: false, problem: `not JSON or YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problem: 'a workflow is an object with name, trigger and nodes (or steps)' };
  const doc = value as Record<string, unknown>;
  const trigger = doc.trigger as Record<string, unknown> | undefined;
  if (typeof trigger !== 'object' || trigger === null || typeof trigger.connector !== 'string' || typeof trigger.event !== 'string') return { ok: false, problem: 'trigger: needs connector and event' };
  if (Array.isArray(doc.nodes)) {
    if (!Array.isArray(doc.edges)) return { ok: false, problem: 'a graph with nodes needs edges' };
    const malformed = [...doc.nodes, ...doc.edges].some((x) => typeof x !== 'object' || x === null);
    if (malformed) return { ok: false, problem: 'every node and edge is an object' };
    return { ok: true, document: { name: '', ...doc } as WorkflowDocument };
  }
  if (Array.isArray(doc.steps)) {
    if (doc.steps.some((x) => typeof x !== 'object' || x === null)) return { ok: false, problem: 'every step is an object' };
    return { ok: true, document: { name: '', ...doc } as WorkflowDocument };
  }
  return { ok: false, problem: 'needs nodes and edges (a graph) or steps (a list)' };
}
