import { z } from 'zod';
import { ActionStep, ConditionStep, ForwardStep, NotifyStep, StepId, TransformStep, WorkflowCondition, WorkflowDefinition, WorkflowName, WorkflowTrigger } from './workflow-definition.js';

/** The trigger's id in edges: `{ from: "trigger", to: <first node> }`. No node may take it. */
export const TRIGGER_NODE = 'trigger';

/** Most attempts a node may ask for: 10, as `retries: 9`. */
export const NODE_MAX_RETRIES = 9;

/**
 * A call node's own retry limit, in the connector retry policy's words (p-retry's `retries`: the
 * retries after the first attempt). The event is what is retried (redelivered with the target
 * connector's backoff), so a node can only spend fewer of its attempts: at attempt `retries + 1`
 * its transient failure is for good. `retries: 0` does not retry the node (a Slack message whose
 * repeat would spam). More than the connector's policy gives changes nothing (capped by it).
 */
export const NodeRetry = z.strictObject(
  { retries: z.number().int().min(0, 'at least 0 (0: the node is not retried)').max(NODE_MAX_RETRIES, `at most ${NODE_MAX_RETRIES} (10 attempts); the connector's retry policy gives the event its attempts`) },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `a node's retry takes only retries (${issue.keys.join(', ')}: the backoff and time budget are the connector's retry policy)` : undefined) },
);
export type NodeRetry = z.infer<typeof NodeRetry>;

/**
 * What a call node does when its call fails for good (permanent, data format, outcome unknown,
 * or transient on the event's last attempt, or the node's own last by `retry`): `continueOnFailure`
 * takes its plain edges anyway, a `failure` edge (on failure → notify) runs its target. Either
 * way the event is not failed.
 */
const callOptions = { continueOnFailure: z.boolean().optional(), retry: NodeRetry.optional() };

/** A branch label: `true`/`false` out of a condition, a case (or `default`) out of a switch, `failure` out of a call. */
export const BranchName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'a letter or digit, then letters, digits, _ or - (at most 40)');

/** One case of a switch: the switch's `value` equals `equals` (as conditions compare), or `when` holds. The first that matches wins. */
export const SwitchCase = z.object({
  branch: BranchName,
  equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
  when: WorkflowCondition.optional(),
});
export type SwitchCase = z.infer<typeof SwitchCase>;

/** Picks one branch: the first case that matches, else `default`. */
export const SwitchNode = z.object({ id: StepId, type: z.literal('switch'), value: z.string().min(1).optional(), cases: z.array(SwitchCase).min(1).max(20) });

export const WorkflowNode = z.discriminatedUnion('type', [
  TransformStep,
  ConditionStep,
  SwitchNode,
  ActionStep.extend(callOptions),
  ForwardStep.extend(callOptions),
  NotifyStep.extend(callOptions),
]);
export type WorkflowNode = z.infer<typeof WorkflowNode>;

/** `branch`: which outcome of `from` takes the edge (none: every outcome that is not a failure). */
export const WorkflowEdge = z.object({ from: z.string().min(1), to: z.string().min(1), branch: BranchName.optional() });
export type WorkflowEdge = z.infer<typeof WorkflowEdge>;

/**
 * One immutable version of a branching workflow: a directed acyclic graph from the trigger.
 * Every edge out of one node that its outcome takes runs in parallel (fan-out); a node with
 * several incoming edges waits for all its predecessors to finish or be skipped, and runs when
 * at least one of the edges into it was taken (join). `layout` (node positions of the builder)
 * is kept and never read by the runtime.
 */
export const WorkflowGraph = z.object({
  name: WorkflowName,
  description: z.string().optional(),
  trigger: WorkflowTrigger,
  nodes: z.array(WorkflowNode).min(1).max(50),
  edges: z.array(WorkflowEdge).min(1).max(200),
  layout: z.record(z.string(), z.object({ x: z.number(), y: z.number() })).optional(),
});
export type WorkflowGraph = z.infer<typeof WorkflowGraph>;

/** What a workflow version is written as: a graph, or (stored before graphs, or simpler) a list of steps. */
export const WorkflowDocument = z.union([WorkflowGraph, WorkflowDefinition]);
export type WorkflowDocument = z.infer<typeof WorkflowDocument>;

export function isWorkflowGraph(document: WorkflowDocument): document is WorkflowGraph {
  return Array.isArray((document as { nodes?: unknown }).nodes);
}

/**
 * A document parsed with the schema of its form (`nodes`: a graph, else a list), so the problems
 * are those of the form the author wrote.
 */
export function parseWorkflowDocument(input: unknown): z.ZodSafeParseResult<WorkflowDocument> {
  const graph = typeof input === 'object' && input !== null && 'nodes' in input;
  return graph ? WorkflowGraph.safeParse(input) : WorkflowDefinition.safeParse(input);
}
