import { Handle, Position, type NodeProps, type NodeTypes } from '@xyflow/react';
import type { WorkflowFlowNode } from './graph-types';
import { nodeSummary } from './node-summary';
import { PLAIN_HANDLE, sourceHandles, TARGET_HANDLE } from './source-handles';

const TYPE_LABELS: Record<string, string> = {
  trigger: 'Trigger',
  transform: 'Transform',
  condition: 'Condition',
  switch: 'Switch',
  action: 'Action',
  forward: 'Forward',
  notify: 'Slack notify',
};

/**
 * A node on the canvas: its type, id and what it does in one line, a red badge counting its
 * problems, one target handle on top (not the trigger) and one source handle per way out at the
 * bottom, labelled with the branch its edges get.
 */
export function WorkflowNodeCard({ id, type, data, selected }: NodeProps<WorkflowFlowNode>) {
  const handles = sourceHandles(data.item);
  const problems = data.problems ?? [];
  const classes = ['wf-node', `wf-node-${type}`, data.highlight ? `wf-highlight-${data.highlight}` : '', problems.length > 0 ? 'wf-has-problems' : '', selected ? 'wf-selected' : ''];
  return (
    <div className={classes.filter(Boolean).join(' ')} data-testid={`node-${id}`} data-highlight={data.highlight ?? ''}>
      {type === 'trigger' ? null : <Handle type="target" position={Position.Top} id={TARGET_HANDLE} />}
      <div className="wf-node-head">
        <span className="wf-node-type">{TYPE_LABELS[type] ?? type}</span>
        <strong className="wf-node-id">{id}</strong>
        {problems.length > 0 ? (
          <span className="wf-problem-badge" data-testid={`problem-badge-${id}`} title={problems.join('\n')} aria-label={`${problems.length} problem(s)`}>
            {problems.length}
          </span>
        ) : null}
      </div>
      <div className="wf-node-summary">{nodeSummary(data.item)}</div>
      {handles.map((handle, index) => {
        const left = `${((index + 1) / (handles.length + 1)) * 100}%`;
        return (
          <Handle key={handle} type="source" position={Position.Bottom} id={handle} style={{ left }} className={`wf-handle-${handle === PLAIN_HANDLE ? 'plain' : handle}`} title={handle === PLAIN_HANDLE ? 'next' : handle}>
            {handle === PLAIN_HANDLE ? null : <span className="wf-handle-label">{handle}</span>}
          </Handle>
        );
      })}
    </div>
  );
}

/** One component for every kind; React Flow's `react-flow__node-<type>` class and `.wf-node-<type>` style each. */
export const workflowNodeTypes: NodeTypes = {
  trigger: WorkflowNodeCard,
  transform: WorkflowNodeCard,
  condition: WorkflowNodeCard,
  switch: WorkflowNodeCard,
  action: WorkflowNodeCard,
  forward: WorkflowNodeCard,
  notify: WorkflowNodeCard,
};
