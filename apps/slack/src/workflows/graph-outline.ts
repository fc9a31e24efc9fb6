import { TRIGGER_NODE, type WorkflowGraph, type WorkflowNode } from '@hub/core/workflows';
import { escapeMrkdwn } from '@hub/core/slack-text';

const INDENT = '    ';

/** How an edge group reads above the nodes it leads to. */
function branchLabel(from: WorkflowNode | undefined, branch: string | undefined): string {
  if (branch === undefined) return 'in parallel →';
  if (branch === 'failure' && from?.type !== 'switch') return 'on failure →';
  return `${escapeMrkdwn(branch)} →`;
}

/**
 * A graph as an indented outline: the trigger's first node at the top, each node under the node
 * it follows (a single plain edge continues at the same depth; branches, a fan-out and a failure
 * branch are indented under their label: `true →`, `false →`, a case name, `on failure →`,
 * `in parallel →`). A node reached again (a join) is written where it is first reached and
 * referenced after that as `→ continues at <id>`.
 */
export function graphOutline(graph: WorkflowGraph, describe: (node: WorkflowNode) => string): string[] {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const written = new Set<string>();
  const lines: string[] = [];
  const edgesOut = (from: string) => graph.edges.filter((e) => e.from === from);

  // Groups a node's edges by branch in the order they are written; several plain edges are one fan-out group.
  const follow = (from: string, depth: number) => {
    const edges = edgesOut(from);
    const plain = edges.filter((e) => e.branch === undefined);
    const groups = new Map<string | undefined, string[]>();
    for (const edge of edges) {
      if (edge.branch === undefined && plain.length === 1) continue;
      groups.set(edge.branch, [...(groups.get(edge.branch) ?? []), edge.to]);
    }
    for (const [branch, targets] of groups) {
      lines.push(`${INDENT.repeat(depth + 1)}${branchLabel(nodes.get(from), branch)}`);
      for (const target of targets) visit(target, depth + 2);
    }
    if (plain.length === 1) visit((plain[0] as { to: string }).to, depth);
  };

  const visit = (id: string, depth: number) => {
    const pad = INDENT.repeat(depth);
    if (written.has(id)) {
      lines.push(`${pad}→ continues at ${escapeMrkdwn(id)}`);
      return;
    }
    written.add(id);
    const node = nodes.get(id);
    lines.push(`${pad}• ${escapeMrkdwn(id)}: ${node ? describe(node) : 'unknown node'}`);
    follow(id, depth);
  };

  const fromTrigger = edgesOut(TRIGGER_NODE);
  if (fromTrigger.length === 1) visit((fromTrigger[0] as { to: string }).to, 0);
  else follow(TRIGGER_NODE, -1);
  return lines;
}
