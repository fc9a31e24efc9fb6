import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition, WorkflowGraph } from '@hub/core/workflows';
import { flowOf, graphOf } from './document-to-flow';
import { documentOf } from './flow-to-document';
import { sourceHandles } from './source-handles';

const brief: WorkflowGraph = {
  name: 'high-value-orders',
  description: 'big orders to Salesforce and Slack',
  trigger: { connector: 'shopify', event: 'orders/create' },
  nodes: [
    { id: 'big', type: 'condition', when: { field: 'total_price', operator: 'greater_than', value: 1000 } },
    { id: 'salesforce', type: 'action', connector: 'salesforce', action: 'create_contact', input: { email: 'email', lastName: 'customer.last_name' }, continueOnFailure: true },
    { id: 'slack', type: 'notify', channel: 'sales', text: 'High-value order {{ name }}' },
    { id: 'oops', type: 'notify', channel: 'ops', text: 'Salesforce refused {{ name }}' },
  ],
  edges: [
    { from: 'trigger', to: 'big' },
    { from: 'big', to: 'salesforce', branch: 'true' },
    { from: 'big', to: 'slack', branch: 'true' },
    { from: 'big', to: 'salesforce', branch: 'false' },
    { from: 'salesforce', to: 'oops', branch: 'failure' },
  ],
  layout: { trigger: { x: 0, y: 0 }, big: { x: 10, y: 120 }, salesforce: { x: -120, y: 240 }, slack: { x: 140, y: 240 }, oops: { x: -120, y: 360 } },
};

describe('workflow document ↔ canvas', () => {
  it('gives every node its document node, type and layout position, and the trigger a node of its own', () => {
    const { meta, nodes } = flowOf(brief);
    expect(meta).toEqual({ name: 'high-value-orders', description: 'big orders to Salesforce and Slack' });
    expect(nodes.map((n) => [n.id, n.type, n.position])).toEqual([
      ['trigger', 'trigger', { x: 0, y: 0 }],
      ['big', 'condition', { x: 10, y: 120 }],
      ['salesforce', 'action', { x: -120, y: 240 }],
      ['slack', 'notify', { x: 140, y: 240 }],
      ['oops', 'notify', { x: -120, y: 360 }],
    ]);
    expect(nodes[0]?.data.item).toEqual({ kind: 'trigger', trigger: brief.trigger });
    expect(nodes[0]?.deletable).toBe(false);
    expect(nodes[2]?.data.item).toEqual({ kind: 'node', node: brief.nodes[1] });
  });

  it('sends each branched edge out of the handle of its branch, labelled with it', () => {
    const { edges } = flowOf(brief);
    expect(edges.map((e) => [e.source, e.sourceHandle, e.target, e.label])).toEqual([
      ['trigger', 'out', 'big', undefined],
      ['big', 'true', 'salesforce', 'true'],
      ['big', 'true', 'slack', 'true'],
      ['big', 'false', 'salesforce', 'false'],
      ['salesforce', 'failure', 'oops', 'failure'],
    ]);
    expect(new Set(edges.map((e) => e.id)).size).toBe(edges.length);
  });

  it('reads back the same document it was drawn from', () => {
    const { meta, nodes, edges } = flowOf(brief);
    expect(documentOf(meta, nodes, edges)).toEqual(brief);
  });

  it('takes the branch of the source handle an edge was drawn from, and none from the plain handle', () => {
    const { meta, nodes } = flowOf(brief);
    const drawn = [
      { id: 'a', source: 'trigger', target: 'big', sourceHandle: 'out', targetHandle: 'in' },
      { id: 'b', source: 'big', target: 'slack', sourceHandle: 'false', targetHandle: 'in' },
      { id: 'c', source: 'salesforce', target: 'oops', sourceHandle: 'failure', targetHandle: 'in' },
    ];
    expect(documentOf(meta, nodes, drawn).edges).toEqual([
      { from: 'trigger', to: 'big' },
      { from: 'big', to: 'slack', branch: 'false' },
      { from: 'salesforce', to: 'oops', branch: 'failure' },
    ]);
  });

  it('rounds moved positions into the layout it saves', () => {
    const { meta, nodes, edges } = flowOf(brief);
    const moved = nodes.map((n) => (n.id === 'slack' ? { ...n, position: { x: 300.4, y: 251.6 } } : n));
    expect(documentOf(meta, moved, edges).layout?.slack).toEqual({ x: 300, y: 252 });
  });

  it('draws a list of steps as its chain, a condition leading on by its true branch, laid out top to bottom', () => {
    const list: WorkflowDefinition = {
      name: 'payments',
      trigger: { connector: 'stripe', event: 'payment_intent.succeeded' },
      steps: [
        { id: 'big', type: 'condition', when: { field: 'data.object.amount', operator: 'greater_than', value: 1000 } },
        { id: 'cents', type: 'transform', expression: 'data.object.amount / 100' },
        { id: 'notify', type: 'notify', channel: 'payments', text: '{{ $steps.cents }} paid' },
      ],
    };
    expect(graphOf(list).edges).toEqual([
      { from: 'trigger', to: 'big' },
      { from: 'big', to: 'cents', branch: 'true' },
      { from: 'cents', to: 'notify' },
    ]);
    const { meta, nodes, edges } = flowOf(list);
    const ys = nodes.map((n) => n.position.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(new Set(ys).size).toBe(4);
    const back = documentOf(meta, nodes, edges);
    expect(back.nodes).toEqual(list.steps);
    expect(back.edges).toEqual(graphOf(list).edges);
    expect(Object.keys(back.layout ?? {})).toEqual(['trigger', 'big', 'cents', 'notify']);
  });

  it('auto-lays out a graph written without layout so that no two nodes overlap', () => {
    const { layout: _layout, ...unplaced } = brief;
    const { nodes } = flowOf(unplaced);
    const spots = nodes.map((n) => `${n.position.x},${n.position.y}`);
    expect(new Set(spots).size).toBe(nodes.length);
    const y = (id: string) => nodes.find((n) => n.id === id)?.position.y ?? NaN;
    expect(y('trigger')).toBeLessThan(y('big'));
    expect(y('big')).toBeLessThan(y('slack'));
    expect(y('salesforce')).toBeLessThan(y('oops'));
  });

  it('offers a condition true/false, a switch its cases and default, a call a plain and a failure way out', () => {
    expect(sourceHandles({ kind: 'node', node: brief.nodes[0] as WorkflowGraph['nodes'][number] })).toEqual(['true', 'false']);
    expect(sourceHandles({ kind: 'node', node: { id: 's', type: 'switch', value: 'currency', cases: [{ branch: 'eur', equals: 'EUR' }, { branch: 'usd', equals: 'USD' }] } })).toEqual(['eur', 'usd', 'default']);
    expect(sourceHandles({ kind: 'node', node: brief.nodes[1] as WorkflowGraph['nodes'][number] })).toEqual(['out', 'failure']);
    expect(sourceHandles({ kind: 'trigger', trigger: brief.trigger })).toEqual(['out']);
  });
});
