import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '@hub/core/workflows';
import { definitionLines } from './workflow-text.js';

/** The brief's example: high-value Shopify orders go to Salesforce AND Slack, standard ones to Salesforce only. */
const highValueOrders: WorkflowDocument = {
  name: 'high-value-orders',
  trigger: { connector: 'shopify', event: 'orders/create' },
  nodes: [
    { id: 'big', type: 'condition', when: { field: 'total_price', operator: 'greater_than', value: 1000 } },
    { id: 'salesforce', type: 'action', connector: 'salesforce', action: 'create_contact', input: { email: 'email', lastName: 'customer.last_name' } },
    { id: 'slack', type: 'notify', channel: 'sales', text: 'High-value order {{ name }}: {{ total_price }} {{ currency }}' },
  ],
  edges: [
    { from: 'trigger', to: 'big' },
    { from: 'big', to: 'salesforce', branch: 'true' },
    { from: 'big', to: 'slack', branch: 'true' },
    { from: 'big', to: 'salesforce', branch: 'false' },
  ],
};

describe('definitionLines', () => {
  it('writes a branching workflow as an indented outline: the join is written once and referenced the second time', () => {
    expect(definitionLines(highValueOrders)).toEqual([
      'when `shopify orders/create`',
      '• big: only when `total_price` greater than `1000`',
      '    true →',
      '        • salesforce: salesforce create_contact with email = `email`, lastName = `customer.last_name`',
      '        • slack: notify #sales: `High-value order {{ name }}: {{ total_price }} {{ currency }}`',
      '    false →',
      '        → continues at salesforce',
    ]);
  });

  it('continues a single edge at the same depth, indents a failure branch, a switch case and a fan-out under their labels; notes the retry limit a node sets', () => {
    const lines = definitionLines({
      name: 'routing',
      trigger: { connector: 'stripe', event: 'charge.refunded' },
      nodes: [
        { id: 'cents', type: 'transform', expression: 'data.object.amount' },
        { id: 'currency', type: 'switch', value: 'data.object.currency', cases: [{ branch: 'eur', equals: 'eur' }] },
        { id: 'crm', type: 'action', connector: 'http', action: 'post', input: { url: '"https://crm.example.com"' }, retry: { retries: 2 } },
        { id: 'alert', type: 'notify', channel: 'C0OPS', text: 'crm failed', retry: { retries: 0 } },
        { id: 'ledger', type: 'forward', url: 'https://ledger.example.com/in' },
        { id: 'archive', type: 'forward', url: 'https://archive.example.com/in' },
      ],
      edges: [
        { from: 'trigger', to: 'cents' },
        { from: 'cents', to: 'currency' },
        { from: 'currency', to: 'crm', branch: 'eur' },
        { from: 'crm', to: 'alert', branch: 'failure' },
        { from: 'currency', to: 'ledger', branch: 'default' },
        { from: 'currency', to: 'archive', branch: 'default' },
        { from: 'alert', to: 'ledger' },
      ],
    });
    expect(lines).toEqual([
      'when `stripe charge.refunded`',
      '• cents: transform → `$steps.cents` = `data.object.amount`',
      '• currency: switch on `data.object.currency`: eur, default',
      '    eur →',
      '        • crm: http post with url = `"https://crm.example.com"` _(at most 3 attempts)_',
      '            on failure →',
      '                • alert: notify <#C0OPS>: `crm failed` _(not retried)_',
      '                • ledger: forward the event to `https://ledger.example.com/in`',
      '    default →',
      '        → continues at ledger',
      '        • archive: forward the event to `https://archive.example.com/in`',
    ]);
  });

  it('escapes what an author typed: no mention, channel ping or link reaches Slack', () => {
    const lines = definitionLines({
      name: 'loud',
      trigger: { connector: 'stripe', event: 'charge.refunded' },
      nodes: [{ id: 'ping', type: 'notify', channel: 'ops <!channel>', text: '<!here> refund <https://evil.example|click>' }],
      edges: [{ from: 'trigger', to: 'ping' }],
    });
    expect(lines.join('\n')).not.toMatch(/<[!@#h]/);
    expect(lines[1]).toBe('• ping: notify #ops &lt;!channel&gt;: `&lt;!here&gt; refund &lt;https://evil.example|click&gt;`');
  });

  it('still lists a linear workflow step by step', () => {
    expect(
      definitionLines({
        name: 'linear',
        trigger: { connector: 'stripe', event: 'charge.refunded' },
        steps: [{ id: 'ledger', type: 'forward', url: 'https://ledger.example.com/in' }],
      }),
    ).toEqual(['when `stripe charge.refunded`', '1. forward the event to `https://ledger.example.com/in`']);
  });
});
