import type { CompiledEdge, CompiledStep, CompiledWorkflow } from './compile-workflow.js';
import { TRIGGER_NODE } from './workflow-graph.js';

/** What a node did: the edges it takes, and whether it chose a branch that leads nowhere while others lead on. */
export interface NodeStep {
  taken: readonly CompiledEdge[];
  deadEnd?: boolean;
}

export interface GraphWalk {
  /** A node asked to stop (a failure that stops the event): nothing more was started. */
  stopped: boolean;
  /** A node ran and ended a path (took no edge, without being a dead end): the run completed. */
  ended: boolean;
  /** The first node that chose a branch leading nowhere (a run that ends nowhere else is filtered there). */
  deadEnd: string | undefined;
}

/**
 * Walks a compiled graph from the trigger, the one scheduling of the worker and the dry run. A
 * node runs once every node with an edge into it has finished or been skipped, and at least one
 * of those edges was taken (join); otherwise it is skipped, and so is what only it leads to.
 * `run` returns the edges a node takes, or undefined to stop. With `parallel`, the nodes that
 * become ready together run at once (fan-out); without, one after the other in edge order.
 */
export async function walkGraph(compiled: Pick<CompiledWorkflow, 'steps' | 'outgoing' | 'incoming'>, run: (node: CompiledStep) => Promise<NodeStep | undefined>, options: { parallel: boolean }): Promise<GraphWalk> {
  const nodes = new Map(compiled.steps.map((n) => [n.id, n]));
  const edgesOut = (id: string) => compiled.outgoing.get(id) ?? [];
  const waiting = new Map(compiled.incoming);
  const activated = new Set<string>();
  const walk: GraphWalk = { stopped: false, ended: false, deadEnd: undefined };

  const settle = async (from: string, taken: readonly CompiledEdge[]): Promise<void> => {
    const ready: string[] = [];
    for (const edge of edgesOut(from)) {
      if (taken.includes(edge)) activated.add(edge.to);
      const left = (waiting.get(edge.to) ?? 1) - 1;
      waiting.set(edge.to, left);
      if (left === 0) ready.push(edge.to);
    }
    if (options.parallel) await Promise.all(ready.map(visit));
    else for (const id of ready) await visit(id);
  };
  const visit = async (id: string): Promise<void> => {
    const node = nodes.get(id);
    if (!node || walk.stopped) return;
    if (!activated.has(id)) return settle(id, []);
    const step = await run(node);
    if (!step) {
      // Nothing more starts; nodes already under way finish.
      walk.stopped = true;
      return;
    }
    if (step.deadEnd) walk.deadEnd ??= id;
    else if (step.taken.length === 0) walk.ended = true;
    return settle(id, step.taken);
  };
  await settle(TRIGGER_NODE, edgesOut(TRIGGER_NODE));
  return walk;
}
