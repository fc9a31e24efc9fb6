import type { LocatedProblem } from '@hub/core/workflows';

export interface PlacedProblems {
  /** Problems per node id (an edge's problem is also its source node's). */
  byNode: Record<string, string[]>;
  /** Problems of the whole workflow, and of edges, for the banner. */
  general: string[];
}

/** Where the page shows each located problem of a refusal. */
export function placeProblems(nodeProblems: readonly LocatedProblem[], edges: readonly { source: string }[]): PlacedProblems {
  const byNode: Record<string, string[]> = {};
  const general: string[] = [];
  const add = (node: string, problem: string) => (byNode[node] ??= []).push(problem);
  for (const { node, edge, problem } of nodeProblems) {
    if (node !== undefined) add(node, problem);
    else if (edge !== undefined) {
      general.push(problem);
      const from = edges[edge]?.source;
      if (from !== undefined) add(from, problem);
    } else general.push(problem);
  }
  return { byNode, general };
}
