import type { WorkflowCondition } from '@hub/core/workflows';
import type { FlowItem } from './graph-types';

const OPERATOR_WORDS: Record<string, string> = {
  equals: '=',
  not_equals: '≠',
  contains: 'contains',
  greater_than: '>',
  less_than: '<',
  exists: 'exists',
  not_exists: 'does not exist',
};

export function conditionText(when: WorkflowCondition): string {
  if ('expression' in when) return when.expression;
  const value = when.value === undefined ? '' : ` ${JSON.stringify(when.value)}`;
  return `${when.field} ${OPERATOR_WORDS[when.operator] ?? when.operator}${value}`;
}

const cut = (text: string, max = 48) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** One line saying what the node does, for its card on the canvas. */
export function nodeSummary(item: FlowItem): string {
  if (item.kind === 'trigger') {
    const { connector, event, filter } = item.trigger;
    const what = connector && event ? `${connector} ${event}` : 'choose a connector event';
    return cut(filter ? `${what} if ${conditionText(filter)}` : what);
  }
  const { node } = item;
  switch (node.type) {
    case 'transform':
      return cut(node.expression || 'no expression yet');
    case 'condition':
      return cut(`if ${conditionText(node.when)}`);
    case 'switch':
      return cut(`${node.value ?? 'cases'} → ${node.cases.map((c) => c.branch).join(' | ')}`);
    case 'action':
      return cut(`${node.connector}.${node.action}`);
    case 'forward':
      return cut(`POST ${node.url || '(no URL yet)'}`);
    case 'notify':
      return cut(`#${node.channel}: ${node.text}`);
  }
}
