import type { NodeHighlight, WorkflowFlowNode } from './graph-types';

/** The nodes with their highlight and located problems set (and cleared where there are none). */
export function withMarks(nodes: readonly WorkflowFlowNode[], highlight: Readonly<Record<string, NodeHighlight>> = {}, problems: Readonly<Record<string, string[]>> = {}): WorkflowFlowNode[] {
  return nodes.map((node) => {
    const mark = highlight[node.id];
    const found = problems[node.id];
    if (mark === node.data.highlight && found === node.data.problems) return node;
    const { highlight: _h, problems: _p, ...data } = node.data;
    return { ...node, data: { ...data, ...(mark ? { highlight: mark } : {}), ...(found && found.length > 0 ? { problems: found } : {}) } };
  });
}
