import { TRIGGER_NODE, type WorkflowGraph, type WorkflowNode } from './workflow-graph.js';

const CALLS = new Set(['action', 'forward', 'notify']);

/**
 * What is wrong with a graph's shape, each problem naming its node (`nodes[i] "id"`) or edge
 * (`edges[i] (from -> to)`): a node called `trigger`, edges naming unknown nodes or leading into
 * the trigger, branch labels a node does not have (a condition's edges need `true` or `false`, a
 * switch's one of its cases or `default`, a call's none or `failure`), the same edge twice, a
 * condition with no branch, switch cases that cannot match, cycles, nodes the trigger cannot reach.
 */
export function graphProblems(graph: WorkflowGraph): string[] {
  const problems: string[] = [];
  const byId = new Map<string, WorkflowNode>();
  for (const node of graph.nodes) if (!byId.has(node.id)) byId.set(node.id, node);
  const where = (node: WorkflowNode) => `nodes[${graph.nodes.indexOf(node)}] "${node.id}"`;

  const outgoing = new Map<string, string[]>();
  const seen = new Set<string>();
  graph.edges.forEach((edge, index) => {
    const at = `edges[${index}] (${edge.from} -> ${edge.to})`;
    const from = edge.from === TRIGGER_NODE ? undefined : byId.get(edge.from);
    const found: string[] = [];
    if (edge.from !== TRIGGER_NODE && !from) found.push(`no node "${edge.from}" (from)`);
    if (edge.to === TRIGGER_NODE) found.push('no edge may lead into the trigger');
    else if (!byId.has(edge.to)) found.push(`no node "${edge.to}" (to)`);
    const branch = branchProblem(from, edge.branch);
    if (branch) found.push(branch);
    const key = `${edge.from}\u0000${edge.to}\u0000${edge.branch ?? ''}`;
    if (seen.has(key)) found.push('the same edge is there twice');
    seen.add(key);
    problems.push(...found.map((p) => `${at}: ${p}`));
    if (found.length === 0) outgoing.set(edge.from, [...(outgoing.get(edge.from) ?? []), edge.to]);
  });

  for (const node of byId.values()) {
    if (node.id === TRIGGER_NODE) problems.push(`${where(node)}: the id "${TRIGGER_NODE}" names the trigger in edges; give the node another`);
    if (node.type === 'condition' && !graph.edges.some((e) => e.from === node.id)) problems.push(`${where(node)}: a condition needs a branch: an edge labelled true or false`);
    if (node.type === 'switch') problems.push(...switchProblems(node).map((p) => `${where(node)}: ${p}`));
  }
  for (const cycle of cycles(outgoing)) {
    const first = byId.get(cycle[0] as string) as WorkflowNode;
    problems.push(`${where(first)}: is on a cycle (${[...cycle, cycle[0]].join(' -> ')}); a workflow runs each node at most once`);
  }
  const reached = reachable(outgoing);
  for (const node of byId.values()) if (!reached.has(node.id)) problems.push(`${where(node)}: is not reachable from the trigger (no path of edges leads to it)`);
  return problems;
}

function branchProblem(from: WorkflowNode | undefined, branch: string | undefined): string | undefined {
  if (!from) return branch === undefined ? undefined : 'an edge out of the trigger takes no branch';
  if (from.type === 'condition') return branch === 'true' || branch === 'false' ? undefined : `an edge out of condition "${from.id}" needs branch true or false`;
  if (from.type === 'switch') {
    const names = from.cases.map((c) => c.branch);
    return branch !== undefined && (branch === 'default' || names.includes(branch)) ? undefined : `an edge out of switch "${from.id}" needs the branch of one of its cases (${names.join(', ')}) or default`;
  }
  if (CALLS.has(from.type)) return branch === undefined || branch === 'failure' ? undefined : `an edge out of ${from.type} "${from.id}" takes no branch, or failure`;
  return branch === undefined ? undefined : `an edge out of ${from.type} "${from.id}" takes no branch`;
}

function switchProblems(node: Extract<WorkflowNode, { type: 'switch' }>): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  node.cases.forEach((c, index) => {
    if (c.branch === 'default') problems.push(`cases[${index}]: "default" is the branch taken when no case matches; name the case otherwise`);
    if (names.has(c.branch)) problems.push(`cases[${index}]: the branch "${c.branch}" is used twice`);
    names.add(c.branch);
    if ((c.equals === undefined) === (c.when === undefined)) problems.push(`cases[${index}] "${c.branch}": a case has either equals (compared with the switch's value) or when`);
    if (c.equals !== undefined && node.value === undefined) problems.push(`cases[${index}] "${c.branch}": equals compares with the switch's value, and the switch has none`);
  });
  return problems;
}

/** Each cycle once, as the nodes along it (depth-first, from the trigger and then from every node). */
function cycles(outgoing: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string) => {
    state.set(id, 'open');
    path.push(id);
    for (const next of outgoing.get(id) ?? []) {
      if (state.get(next) === 'open') found.push(path.slice(path.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(id, 'done');
  };
  for (const id of [TRIGGER_NODE, ...outgoing.keys()]) if (!state.has(id)) visit(id);
  return found;
}

function reachable(outgoing: ReadonlyMap<string, readonly string[]>): Set<string> {
  const reached = new Set<string>([TRIGGER_NODE]);
  const queue = [TRIGGER_NODE];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const next of outgoing.get(id) ?? []) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  return reached;
}
