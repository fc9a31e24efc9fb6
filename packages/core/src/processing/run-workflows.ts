import { isHubError, jsonataLimitCode } from '@hub/connector-sdk';
import { hubError } from '../errors/index.js';
import { redactValue } from '../redact/index.js';
import { EventTypes, type StoredEvent } from '../event-store/index.js';
import type { CompiledEdge, CompiledWorkflow, ExpressionBindings, RunnableWorkflow, WorkflowSource } from '../workflows/index.js';
import { evaluate, replayPinOf, walkGraph, type NodeStep } from '../workflows/index.js';
import { runAction, type ActionEnvironment, type ActionRunResult } from './run-action.js';
import { handledFailureKey, handledFailures, type HandledFailure } from './handled-failures.js';
import { idempotencyKeyFor } from './run-route-action.js';
import { recordRun, type WorkflowRunOutcome, type WorkflowRunRecorder } from './workflow-run-recorder.js';

export interface RunWorkflowsInput extends ActionEnvironment {
  source: Pick<WorkflowSource, 'forEvent'>;
  /** The event's stream as loaded (what earlier attempts recorded). */
  stream: readonly StoredEvent[];
  payload: unknown;
  canonical: unknown;
  eventType: string;
  /**
   * The event's attempt (1: the first since the last replay) and how many its retry policy gives
   * a call to a connector. A transient failure on the last of them is for good (a failure branch
   * or continueOnFailure takes it), and so is one on a node's own last (`retry.retries + 1`, which
   * can only come earlier). Unset: a transient failure is never for good.
   */
  attempts?: { attempt: number; maxFor(target: string): number } | undefined;
  /** Keeps each run's row of workflow_runs (console counts, canary guard); unset: no rows. */
  runs?: Pick<WorkflowRunRecorder, 'started' | 'ended'> | undefined;
  /** The workflows' generation read with the stream (WorkflowSource.forEvent's `seenGeneration`). */
  workflowGeneration?: number | undefined;
}

/** `workflow:<name>:<step>`: the label of a step's call, and (after the event id) its idempotency key. */
export const stepLabel = (workflow: string, step: string) => `workflow:${workflow}:${step}`;

/**
 * A call's idempotency key: `<eventId>:workflow:<name>:v<version>:<node>` for a graph (one per
 * event, workflow, version and node), `<eventId>:workflow:<name>:<step>` for a list of steps (as
 * before graphs: stored versions keep behaving as they did).
 */
export function workflowCallKey(eventId: string, workflow: RunnableWorkflow, node: string): string {
  return idempotencyKeyFor(eventId, workflow.compiled.keyPerVersion ? `workflow:${workflow.name}:v${workflow.version}:${node}` : stepLabel(workflow.name, node));
}

/**
 * Runs the enabled workflows the event triggers, by name, each through its graph (a list of steps
 * is a chain); every call goes through runAction with its workflowCallKey, so a retry or a replay
 * does not repeat a call that succeeded. Stops at the first failed call that neither a failure
 * branch nor continueOnFailure takes (its outcome decides retry, DLQ or quarantine, as for
 * routes; a node whose own `retry` is spent marks it `exhausted`). Within one delivery (since the
 * last replay), a workflow that completed or was filtered is not run again, one that started runs
 * the version it started with, and a call whose failure the workflow took is not called again
 * (its recorded failure is taken again). A delivery replayed
 * against a version (replayPinOf) runs only that workflow, at that version.
 */
export async function runWorkflows(input: RunWorkflowsInput): Promise<ActionRunResult[]> {
  const { received, stream } = input;
  const delivery = stream.slice(stream.findLastIndex((e) => e.type === EventTypes.webhookReplayed) + 1);
  const pinned = new Map<string, number>();
  const finished = new Set<string>();
  for (const e of delivery) {
    const d = e.data as { name?: unknown; version?: unknown };
    if (typeof d.name !== 'string') continue;
    if (e.type === EventTypes.workflowStarted && typeof d.version === 'number') pinned.set(d.name, d.version);
    if (e.type === EventTypes.workflowCompleted || e.type === EventTypes.workflowFiltered) finished.add(d.name);
  }
  for (const name of finished) pinned.delete(name);
  // A replay against a version runs that workflow at that version, and no other workflow.
  const started = new Set(pinned.keys());
  const replayPin = replayPinOf(stream);
  if (replayPin && !finished.has(replayPin.name)) pinned.set(replayPin.name, replayPin.version);
  // A retry skips calls that succeeded; the steps after them still read their answers.
  const answers = new Map<string, unknown>();
  for (const e of stream) {
    const d = e.data as { idempotencyKey?: string; response?: { body?: unknown } };
    if (e.type === EventTypes.actionSucceeded && d.idempotencyKey) answers.set(d.idempotencyKey, d.response?.body);
  }

  const handled = handledFailures(delivery);

  const workflows = await input.source.forEvent(received.stream, received.connector, input.eventType, pinned, input.workflowGeneration);
  const results: ActionRunResult[] = [];
  const rowsWritten: Promise<void>[] = [];
  try {
    for (const workflow of workflows) {
      if (finished.has(workflow.name) || (replayPin && workflow.name !== replayPin.name)) continue;
      const key = { eventId: received.stream, workflowId: workflow.id, version: workflow.version };
      const run = await recordRun(input.runs, key, workflow.canary, rowsWritten, () => runWorkflow(workflow, input, started.has(workflow.name), { answers, handled }));
      results.push(...run.results);
      if (run.failed) break;
    }
  } finally {
    // Never rejects (the recorder logs): the attempt's rows are written before its outcome is.
    await Promise.all(rowsWritten);
  }
  return results;
}

type Node = CompiledWorkflow['steps'][number];
type Edge = CompiledEdge;
type CallNode = Extract<Node, { buildInput: unknown }>;

/** What one node did: the edges it takes (none: the path ends there) and its entry in workflow.completed. */
interface NodeRun extends NodeStep {
  taken: readonly Edge[];
  entry: { id: string; type: string; outcome: string; branch?: string };
}

/**
 * One workflow on one event: the trigger filter, then the graph from the trigger. A node runs
 * once every node with an edge into it has finished or been skipped, and at least one of those
 * edges was taken (a condition takes its `true` or `false` edges, a switch its chosen branch's,
 * a call its plain edges, or on a failure for good its `failure` edges); the nodes that become
 * ready together run in parallel. A node none of whose incoming edges was taken is skipped, and
 * so are the nodes only it leads to.
 */
async function runWorkflow(
  workflow: RunnableWorkflow,
  input: RunWorkflowsInput,
  resumed: boolean,
  { answers, handled }: { answers: ReadonlyMap<string, unknown>; handled: ReadonlyMap<string, HandledFailure> },
): Promise<WorkflowRunOutcome> {
  const { received } = input;
  const { name, version, canary, compiled } = workflow;
  const base = { stream: received.stream, connector: received.connector, account: received.account };
  const about = { name, version, canary };
  const results: ActionRunResult[] = [];
  const path: string[] = [];

  if (workflow.problems.length > 0) {
    results.push({ route: `workflow:${name}`, outcome: 'permanent', error: hubError('HUB_WORKFLOW_INVALID', `workflow ${name} v${version} cannot run: ${workflow.problems.join('; ')}`) });
    return { results, failed: true, path };
  }
  // Durable before any call: a retry of this delivery must find the version it started with.
  if (!resumed) await input.append({ type: EventTypes.workflowStarted, data: about, ...base });

  const bindings: ExpressionBindings = { eventId: received.stream, account: received.account, eventType: input.eventType, canonical: input.canonical, steps: {} };
  const evaluationFailed = (step: string, err: unknown): ActionRunResult => {
    const route = stepLabel(name, step);
    if (isHubError(err) && err.retryable) {
      // Too many evaluations waiting (HUB_JSONATA_BUSY): the event waits in its queue, no attempt used.
      input.record({ type: EventTypes.actionThrottled, data: { route, workflow: name, version, step, reason: err.code, waitMs: err.retryAfterMs }, ...base });
      return { route, outcome: 'throttled', error: err };
    }
    const code = jsonataLimitCode(err) ?? 'HUB_WORKFLOW_EVALUATION_FAILED';
    return { route, outcome: 'invalid_input', error: hubError(code, `workflow ${name} v${version} ${step === 'trigger' ? 'trigger filter' : `step ${step}`}: ${(err as Error).message}`) };
  };

  try {
    if (compiled.filter && !(await compiled.filter.holds(input.payload, bindings))) {
      input.record({ type: EventTypes.workflowFiltered, data: { step: 'trigger', ...about }, ...base });
      return { results, failed: false, ended: 'filtered', path };
    }
  } catch (err) {
    results.push(evaluationFailed('trigger', err));
    return { results, failed: true, path };
  }

  const entries: NodeRun['entry'][] = [];
  const edgesOut = (id: string) => compiled.outgoing.get(id) ?? [];

  const runNode = async (node: Node): Promise<NodeRun | undefined> => {
    const record = (entry: NodeRun['entry'], extra: Record<string, unknown> = {}) =>
      input.record({ type: EventTypes.workflowNodeRan, data: { node: entry.id, ...about, type: entry.type, outcome: entry.outcome, ...(entry.branch ? { branch: entry.branch } : {}), ...extra }, ...base });
    if (node.type === 'transform' || node.type === 'condition' || node.type === 'switch') {
      let branch: string | undefined;
      try {
        if (node.type === 'transform') bindings.steps[node.id] = await evaluate(node.expression, input.payload, bindings);
        else if (node.type === 'condition') branch = String(await node.when.holds(input.payload, bindings));
        else branch = await node.choose(input.payload, bindings);
      } catch (err) {
        results.push(evaluationFailed(node.id, err));
        return undefined;
      }
      const outcome = node.type === 'transform' ? 'evaluated' : node.type === 'switch' ? 'matched' : branch === 'true' ? 'passed' : 'not_passed';
      const entry = { id: node.id, type: node.type, outcome, ...(node.type === 'switch' ? { branch: branch as string } : {}) };
      record(entry, node.type === 'condition' ? { branch } : {});
      const out = edgesOut(node.id);
      const taken = out.filter((e) => e.branch === branch);
      // A list's last condition has no edge: true ends the run as completed, false as filtered.
      return { taken, entry, deadEnd: taken.length === 0 && (out.length > 0 || branch === 'false') };
    }
    return runCall(node, record);
  };

  const runCall = async (node: CallNode, record: (entry: NodeRun['entry'], extra?: Record<string, unknown>) => void): Promise<NodeRun | undefined> => {
    const label = stepLabel(name, node.id);
    const target = Object.hasOwn(input.connectors, node.connector) ? input.connectors[node.connector] : undefined;
    if (!target || !Object.hasOwn(target.actions, node.action)) {
      // Validated when saved, against the saver's connectors: this worker does not have them.
      results.push({ route: label, outcome: 'permanent', error: hubError('HUB_WORKFLOW_INVALID', `workflow ${name} v${version} step ${node.id}: action ${node.connector}.${node.action} is not installed in this worker`) });
      return undefined;
    }
    const out = edgesOut(node.id);
    // Taken by the workflow: the event is not failed for it (action.failed has the details); what
    // follows reads why as $steps.<id>.
    const takeFailure = (failure: Omit<HandledFailure, 'outcome'>): readonly Edge[] => {
      bindings.steps[node.id] = { failed: true, ...failure };
      return [...out.filter((e) => e.branch === 'failure'), ...(node.continueOnFailure ? out.filter((e) => e.branch === undefined) : [])];
    };
    const earlier = handled.get(handledFailureKey(name, version, node.id));
    if (earlier) {
      // An earlier attempt's failure branch (or continueOnFailure) took it: a retry for another node's sake does not call it again.
      const { outcome, ...failure } = earlier;
      const entry = { id: node.id, type: node.type, outcome };
      record(entry, Object.assign({}, failure, { earlierAttempt: true }));
      return { taken: takeFailure(failure), entry };
    }
    const idempotencyKey = workflowCallKey(received.stream, workflow, node.id);
    const snapshot = Object.assign({}, bindings, { steps: { ...bindings.steps } });
    let sent: unknown;
    const result = await runAction(
      {
        label,
        describe: `workflow ${name} v${version} step ${node.id}`,
        connector: node.connector,
        action: node.action,
        idempotencyKey,
        buildInput: async () => (sent = await node.buildInput(input.payload, snapshot)),
        mappingErrorCode: 'HUB_WORKFLOW_EVALUATION_FAILED',
        context: { workflow: name, version, step: node.id },
      },
      input,
    );
    // As the dry run shows it: fields whose names look secret (an authorization header typed in a mapping) as [redacted].
    const inputData = sent === undefined ? {} : { input: redactValue(sent) };
    if (result.outcome === 'succeeded' || result.outcome === 'skipped') {
      results.push(result);
      bindings.steps[node.id] = result.outcome === 'succeeded' ? result.response?.body : answers.get(idempotencyKey);
      const entry = { id: node.id, type: node.type, outcome: result.outcome };
      record(entry, inputData);
      return { taken: out.filter((e) => e.branch === undefined), entry };
    }
    const last = lastAttempt(node, input.attempts);
    const forGood = result.outcome !== 'throttled' && (result.outcome !== 'transient' || last.ofEvent || last.ofNode);
    const taken = forGood && (out.some((e) => e.branch === 'failure') || node.continueOnFailure);
    const outcome = !taken ? 'failed' : node.continueOnFailure ? 'failed_continued' : 'failed_handled';
    const failure = { class: result.outcome, code: result.error?.code, message: result.error?.message };
    record({ id: node.id, type: node.type, outcome }, Object.assign({}, inputData, failure));
    if (!taken) {
      // The node's own attempts are spent: the event stops retrying for its sake (conclude dead-letters it).
      const retries = result.outcome === 'transient' && last.ofNode ? node.retries : undefined;
      results.push(retries === undefined ? result : Object.assign({}, result, { exhausted: { retries } }));
      return undefined;
    }
    return { taken: takeFailure(failure), entry: { id: node.id, type: node.type, outcome } };
  };

  const walk = await walkGraph(
    compiled,
    async (node) => {
      const run = await runNode(node);
      path.push(node.id);
      if (run) entries.push(run.entry);
      return run;
    },
    { parallel: true },
  );

  if (walk.stopped) return { results, failed: true, path };
  if (!walk.ended && walk.deadEnd !== undefined) {
    input.record({ type: EventTypes.workflowFiltered, data: { step: walk.deadEnd, ...about }, ...base });
    return { results, failed: false, ended: 'filtered', path };
  }
  input.record({ type: EventTypes.workflowCompleted, data: { steps: entries, ...about }, ...base });
  return { results, failed: false, ended: 'completed', path };
}

/**
 * Whether this attempt is a call node's last: by its connector's retry policy (the event's), or by
 * the node's own `retry` (`retries + 1` attempts; above the policy it is never reached first).
 */
function lastAttempt(node: CallNode, attempts: RunWorkflowsInput['attempts']): { ofEvent: boolean; ofNode: boolean } {
  if (!attempts) return { ofEvent: false, ofNode: false };
  return { ofEvent: attempts.attempt >= attempts.maxFor(node.connector), ofNode: node.retries !== undefined && attempts.attempt > node.retries };
}
