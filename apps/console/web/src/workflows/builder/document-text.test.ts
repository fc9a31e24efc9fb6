import { describe, expect, it } from 'vitest';
import type { WorkflowGraph } from '@hub/core/workflows';
import { documentText, readDocument } from './document-text';

const graph: WorkflowGraph = {
  name: 'orders',
  trigger: { connector: 'shopify', event: 'orders/create' },
  nodes: [{ id: 'big', type: 'condition', when: { field: 'total_price', operator: 'greater_than', value: 1000 } }],
  edges: [{ from: 'trigger', to: 'big' }],
  layout: { trigger: { x: 0, y: 0 }, big: { x: 0, y: 120 } },
};

describe('import and export of a workflow document', () => {
  it('reads back what it exports, as JSON and as YAML', () => {
    for (const format of ['json', 'yaml'] as const) expect(readDocument(documentText(graph, format))).toEqual({ ok: true, document: graph });
    expect(documentText(graph, 'yaml')).toContain('event: orders/create');
  });
  it('reads a list of steps as written', () => {
    const text = 'name: pay\ntrigger: { connector: stripe, event: charge.succeeded }\nsteps:\n  - { id: n, type: notify, channel: ops, text: hi }\n';
    expect(readDocument(text)).toEqual({ ok: true, document: { name: 'pay', trigger: { connector: 'stripe', event: 'charge.succeeded' }, steps: [{ id: 'n', type: 'notify', channel: 'ops', text: 'hi' }] } });
  });
  it('says what is wrong with text that is no workflow', () => {
    expect(readDocument('{ "name": ')).toMatchObject({ ok: false, problem: expect.stringMatching(/^not JSON or YAML/) });
    expect(readDocument('- a\n- b')).toMatchObject({ ok: false });
    expect(readDocument('name: x\ntrigger: { connector: shopify }\nnodes: []\nedges: []')).toEqual({ ok: false, problem: 'trigger: needs connector and event' });
    expect(readDocument('name: x\ntrigger: { connector: shopify, event: orders/create }\nnodes: []')).toEqual({ ok: false, problem: 'a graph with nodes needs edges' });
  });
});
