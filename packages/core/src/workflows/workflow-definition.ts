import { z } from 'zod';

/**
 * A step's id: part of the idempotency key of its call and the key of its result in `$steps`
 * (no `:`, so keys cannot collide). Ids with a dash are read as `$steps.\`notify-1\`` in JSONata.
 */
export const StepId = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, 'a letter, then letters, digits, _ or - (at most 40)');

export const ConditionOperator = z.enum(['equals', 'not_equals', 'contains', 'greater_than', 'less_than', 'exists', 'not_exists']);
export type ConditionOperator = z.infer<typeof ConditionOperator>;

/**
 * A test on the payload: a field (a JSONata path such as `data.object.amount`) compared with a
 * value, or a JSONata expression whose result is truthy (JSONata's `$boolean` rules).
 */
export const WorkflowCondition = z.union([
  z.object({ field: z.string().min(1), operator: ConditionOperator, value: z.union([z.string(), z.number(), z.boolean()]).optional() }),
  z.object({ expression: z.string().min(1) }),
]);
export type WorkflowCondition = z.infer<typeof WorkflowCondition>;

/** Its JSONata result becomes `$steps.<id>`; the payload `$` stays as it came. */
export const TransformStep = z.object({ id: StepId, type: z.literal('transform'), expression: z.string().min(1) });
/** In a list, false ends the run (`workflow.filtered`); in a graph, it picks the `true` or `false` edges. */
export const ConditionStep = z.object({ id: StepId, type: z.literal('condition'), when: WorkflowCondition });
/** A connector's declared action; `input` maps each input field to a JSONata expression. */
export const ActionStep = z.object({ id: StepId, type: z.literal('action'), connector: z.string(), action: z.string(), input: z.record(z.string(), z.string()) });
/** POSTs the payload to the URL (the http connector's post action). */
export const ForwardStep = z.object({ id: StepId, type: z.literal('forward'), url: z.string().url() });
/** A Slack message (the slack connector's post_message); `text` may hold `{{ jsonata }}` placeholders. */
export const NotifyStep = z.object({ id: StepId, type: z.literal('notify'), channel: z.string().min(1), text: z.string().min(1) });

export const WorkflowStep = z.discriminatedUnion('type', [TransformStep, ConditionStep, ActionStep, ForwardStep, NotifyStep]);
export type WorkflowStep = z.infer<typeof WorkflowStep>;

/** Stable name: part of every call's idempotency key, and the key of the workflow everywhere. */
export const WorkflowName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes');

/** When a workflow runs: a connector's event, optionally only when the filter holds. */
export const WorkflowTrigger = z.object({ connector: z.string(), event: z.string(), filter: WorkflowCondition.optional() });
export type WorkflowTrigger = z.infer<typeof WorkflowTrigger>;

/**
 * One immutable version of a linear workflow: when the trigger fires (and its filter passes), the
 * steps run in order. Still accepted and stored as written; it runs as a chain (`workflowGraphOf`).
 */
export const WorkflowDefinition = z.object({
  name: WorkflowName,
  description: z.string().optional(),
  trigger: WorkflowTrigger,
  steps: z.array(WorkflowStep).min(1).max(20),
});
export type WorkflowDefinition = z.infer<typeof WorkflowDefinition>;
