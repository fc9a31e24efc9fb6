/** A problem of HUB_WORKFLOW_INVALID with where it belongs: a node id (`trigger` for the trigger), or an edge's index. */
export interface LocatedProblem {
  node?: string;
  edge?: number;
  problem: string;
}

/**
 * Reads where each problem belongs from the prefix every problem starts with (`trigger…`,
 * `steps[i] "id"`, `nodes[i] "id"`, `edges[i] (a -> b)`, or a shape problem's path `nodes.3.when`),
 * so the builder can mark the node; a problem about the whole document has neither.
 */
export function locateProblems(problems: readonly string[], definition: unknown): LocatedProblem[] {
  return problems.map((problem) => {
    const named = /^(?:steps|nodes)\[\d+\] "([^"]+)"/.exec(problem);
    if (named) return { node: named[1] as string, problem };
    if (/^trigger\b/.test(problem)) return { node: 'trigger', problem };
    const edge = /^edges(?:\[(\d+)\]|\.(\d+))/.exec(problem);
    if (edge) return { edge: Number(edge[1] ?? edge[2]), problem };
    const path = /^(steps|nodes)\.(\d+)\b/.exec(problem);
    const list = path ? (definition as Record<string, unknown> | null)?.[path[1] as string] : undefined;
    const id = Array.isArray(list) ? (list[Number(path?.[2])] as { id?: unknown } | undefined)?.id : undefined;
    return typeof id === 'string' ? { node: id, problem } : { problem };
  });
}
