import { describe, expect, it } from 'vitest';
import { describeFieldChange } from './describe-field-change';
import { diffWorkflows } from './diff-workflows';
import type { WorkflowDefinition, WorkflowGraph } from '@hub/core/workflows';

// The brief's example: high-value orders to Salesforce and Slack, the others to Salesforce only.
const orders: WorkflowGraph = {
  name: 'high-value-orders',
  trigger: { connector: 'shopify', event: 'orders/create' },
  nodes: [
    { id: 'big', type: 'condition', when: { field: 'total_price', operator: 'greater_than', value: 1000 } },
    { id: 'salesforce', type: 'action', connector: 'salesforce', action: 'create_contact', input: { email: 'email' } },
    { id: 'slack', type: 'notify', channel: 'sales', text: 'High-value order {{ name }}' },
  ],
  edges: [
    { from: 'trigger', to: 'big' },
    { from: 'big', to: 'salesforce', branch: 'true' },
    { from: 'big', to: 'slack', branch: 'true' },
    { from: 'big', to: 'salesforce', branch: 'false' },
  ],
};

function withNodes(graph: WorkflowGraph, change: (g: WorkflowGraph) => void): WorkflowGraph {
  const copy = structuredClone(graph);
  change(copy);
  return copy;
}

describe('workflow version diff', () => {
  it('finds nothing between a version and itself, whatever the key order or layout', () => {
    const reordered = withNodes(orders, (g) => {
      g.nodes[0] = { type: 'condition', when: { value: 1000, operator: 'greater_than', field: 'total_price' }, id: 'big' };
      g.edges.reverse();
      g.layout = { big: { x: 10, y: 20 } };
    });
    const diff = diffWorkflows(orders, reordered);
    expect(diff.nodes).toEqual([]);
    expect(diff.before).toEqual({});
    expect(diff.after).toEqual({});
  });

  it('marks a node whose field changed on both sides and names the field with both values', () => {
    const raised = withNodes(orders, (g) => {
      g.nodes[0] = { id: 'big', type: 'condition', when: { field: 'total_price', operator: 'greater_than', value: 5000 } };
    });
    const diff = diffWorkflows(orders, raised);
    expect(diff.nodes).toEqual([{ id: 'big', change: 'changed', type: 'condition', fields: [{ path: 'when.value', before: 1000, after: 5000 }] }]);
    expect(diff.before).toEqual({ big: 'changed' });
    expect(diff.after).toEqual({ big: 'changed' });
    expect(describeFieldChange(diff.nodes[0]!.fields[0]!)).toBe('when.value: 1000 → 5000');
  });

  it('marks added nodes on the newer side and removed ones on the older side only', () => {
    const next = withNodes(orders, (g) => {
      g.nodes = g.nodes.filter((n) => n.id !== 'slack');
      g.nodes.push({ id: 'archive', type: 'forward', url: 'https://archive.example.com/orders' });
      g.edges = [...g.edges.filter((e) => e.to !== 'slack'), { from: 'big', to: 'archive', branch: 'true' }];
    });
    const diff = diffWorkflows(orders, next);
    expect(diff.after).toEqual({ archive: 'added', big: 'changed' });
    expect(diff.before).toEqual({ slack: 'removed', big: 'changed' });
    expect(diff.nodes.map((n) => [n.id, n.change])).toEqual([
      ['big', 'changed'],
      ['archive', 'added'],
      ['slack', 'removed'],
    ]);
  });

  it('counts a different outgoing edge as a change of the node it leaves, not of its target', () => {
    const rewired = withNodes(orders, (g) => {
      g.edges = g.edges.filter((e) => !(e.to === 'salesforce' && e.branch === 'false'));
    });
    const diff = diffWorkflows(orders, rewired);
    expect(diff.after).toEqual({ big: 'changed' });
    const edges = diff.nodes[0]!.fields[0]!;
    expect(edges.path).toBe('edges');
    expect(describeFieldChange(edges)).toBe('edges: − salesforce (false)');
  });

  it('treats the trigger as the node "trigger": a new event type or filter changes it', () => {
    const next = withNodes(orders, (g) => {
      g.trigger = { connector: 'shopify', event: 'orders/paid', filter: { field: 'test', operator: 'not_equals', value: true } };
    });
    const diff = diffWorkflows(orders, next);
    expect(diff.after).toEqual({ trigger: 'changed' });
    expect(diff.nodes[0]!.fields.map(describeFieldChange)).toEqual(['event: "orders/create" → "orders/paid"', 'filter: added {"field":"test","operator":"not_equals","value":true}']);
  });

  it('lists an input mapping added or removed as its own field', () => {
    const next = withNodes(orders, (g) => {
      g.nodes[1] = { id: 'salesforce', type: 'action', connector: 'salesforce', action: 'create_contact', input: { lastName: 'customer.last_name' } };
    });
    const lines = diffWorkflows(orders, next).nodes[0]!.fields.map(describeFieldChange);
    expect(lines).toEqual(['input.email: removed (was "email")', 'input.lastName: added "customer.last_name"']);
  });

  it('compares a linear version with a graph by the chain it runs as', () => {
    const linear: WorkflowDefinition = {
      name: 'high-value-orders',
      trigger: { connector: 'shopify', event: 'orders/create' },
      steps: [
        { id: 'big', type: 'condition', when: { field: 'total_price', operator: 'greater_than', value: 1000 } },
        { id: 'salesforce', type: 'action', connector: 'salesforce', action: 'create_contact', input: { email: 'email' } },
      ],
    };
    const diff = diffWorkflows(linear, orders);
    // The chain's edge out of a condition is its true branch, so only the new false edge and the Slack node differ.
    expect(diff.after).toEqual({ big: 'changed', slack: 'added' });
    expect(diff.nodes.find((n) => n.id === 'big')!.fields.map(describeFieldChange)).toEqual(['edges: + salesforce (false), + slack (true)']);
  });

  it('names a changed type as a field when a node id is reused for another kind of node', () => {
    const next = withNodes(orders, (g) => {
      g.nodes[2] = { id: 'slack', type: 'forward', url: 'https://hooks.example.com/x' };
    });
    const fields = diffWorkflows(orders, next).nodes[0]!.fields.map((f) => f.path);
    expect(fields).toEqual(['channel', 'text', 'type', 'url']);
  });
});
