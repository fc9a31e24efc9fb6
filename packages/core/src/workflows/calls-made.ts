import { EventTypes, type StoredEvent } from '../event-store/index.js';
import { FORWARD_ACTION, NOTIFY_ACTION } from './compile-workflow.js';
import type { WorkflowDocument, WorkflowNode } from './workflow-graph.js';
import { workflowGraphOf } from './workflow-graph-of.js';

/** A call a workflow made for an event, as its stream records it. */
export interface CallMade {
  /** `workflow:<name>:<node>`, the call's label in action.* events. */
  label: string;
  node: string;
  /** The version that made it. */
  version: number | null;
  connector: string | null;
  action: string | null;
  /** What the node mapped (its workflow.node_ran's input, secret-looking fields [redacted]); absent when not recorded. */
  input?: unknown;
  /** `sent`: requested, no answer recorded (the worker stopped, or the outcome is unknown). */
  outcome: 'succeeded' | 'failed' | 'sent';
}

/** The connector action a call node calls (forward and notify through their built-in actions). */
export function callTarget(node: WorkflowNode | undefined): { connector: string; action: string } | undefined {
  if (!node) return undefined;
  if (node.type === 'action') return { connector: node.connector, action: node.action };
  if (node.type === 'forward') return { ...FORWARD_ACTION };
  if (node.type === 'notify') return { ...NOTIFY_ACTION };
  return undefined;
}

const CALL_EVENTS = new Set<string>([EventTypes.actionRequested, EventTypes.actionSucceeded, EventTypes.actionFailed]);

type CallData = { workflow?: unknown; version?: unknown; step?: unknown; route?: unknown; idempotencyKey?: unknown };

/**
 * The calls workflow `name` made for this event, each idempotency key once (a retry's second
 * request is the same call), in the order they were first requested: from action.requested /
 * succeeded / failed, with the connector action its version's node names and the input its
 * workflow.node_ran recorded.
 */
export function callsMade(stream: readonly StoredEvent[], name: string, versions: ReadonlyMap<number, WorkflowDocument>): CallMade[] {
  const calls = new Map<string, CallMade>();
  const inputs = new Map<string, unknown>();
  for (const e of stream) {
    const d = e.data as CallData & { name?: unknown; node?: unknown; input?: unknown };
    if (e.type === EventTypes.workflowNodeRan && d.name === name && d.input !== undefined) inputs.set(`${String(d.version)}:${String(d.node)}`, d.input);
    if (!CALL_EVENTS.has(e.type) || d.workflow !== name || typeof d.idempotencyKey !== 'string') continue;
    let call = calls.get(d.idempotencyKey);
    if (!call) {
      const version = typeof d.version === 'number' ? d.version : null;
      const node = String(d.step);
      const definition = version === null ? undefined : versions.get(version);
      const target = definition ? callTarget(workflowGraphOf(definition).nodes.find((n) => n.id === node)) : undefined;
      call = { label: String(d.route), node, version, connector: target?.connector ?? null, action: target?.action ?? null, outcome: 'sent' };
      calls.set(d.idempotencyKey, call);
    }
    // Once succeeded, a call stays succeeded (a later delivery skips it); otherwise its last answer counts.
    if (e.type === EventTypes.actionSucceeded) call.outcome = 'succeeded';
    else if (e.type === EventTypes.actionFailed && call.outcome !== 'succeeded') call.outcome = 'failed';
  }
  return [...calls.values()].map((call) => {
    const input = inputs.get(`${call.version}:${call.node}`);
    return input === undefined ? call : Object.assign({}, call, { input });
  });
}
