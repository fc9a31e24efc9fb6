import { fileURLToPath } from 'node:url';
import { loadConnectorDeclaration, type Connector } from '@hub/connector-sdk';
import http from '@hub/connector-http';
import shopify from '@hub/connector-shopify';
import stripe from '@hub/connector-stripe';
import { describe, expect, it } from 'vitest';
import { compileWorkflow } from './compile-workflow.js';
import { validateWorkflow } from './validate-workflow.js';
import type { WorkflowDefinition } from './workflow-definition.js';
import { workflowGraphOf } from './workflow-graph-of.js';

const declared = (id: string) => loadConnectorDeclaration(fileURLToPath(new URL(`../../../../connectors/${id}/connector.yaml`, import.meta.url)));
const catalog: Record<string, Connector> = { stripe, shopify, http, slack: await declared('slack'), salesforce: await declared('salesforce') };

/** The brief's example: high-value orders go to Salesforce AND Slack, standard orders to Salesforce only. */
function orders(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'high-value-orders',
    trigger: { connector: 'shopify', event: 'orders/create' },
    nodes: [
      { id: 'big', type: 'condition', when: { field: 'total_price', operator: 'greater_than', value: 1000 } },
      { id: 'salesforce', type: 'action', connector: 'salesforce', action: 'create_contact', input: { email: 'email', lastName: 'customer.last_name' } },
      { id: 'slack', type: 'notify', channel: 'sales', text: 'Order {{ name }}: {{ total_price }} {{ currency }}' },
    ],
    edges: [
      { from: 'trigger', to: 'big' },
      { from: 'big', to: 'salesforce', branch: 'true' },
      { from: 'big', to: 'slack', branch: 'true' },
      { from: 'big', to: 'salesforce', branch: 'false' },
    ],
    ...overrides,
  };
}

function invalid(definition: unknown): { problems: string[]; nodeProblems: { node?: string; edge?: number; problem: string }[] } {
  try {
    validateWorkflow(definition, catalog);
  } catch (err) {
    expect((err as { code?: string }).code).toBe('HUB_WORKFLOW_INVALID');
    return (err as { details: { problems: string[]; nodeProblems: { node?: string; edge?: number; problem: string }[] } }).details;
  }
  throw new Error('expected validateWorkflow to throw');
}

describe('workflow graphs', () => {
  it('accepts the brief example as a graph and returns it parsed, layout kept', () => {
    const definition = orders({ layout: { big: { x: 10, y: 20 } } });
    expect(validateWorkflow(definition, catalog)).toEqual(definition);
  });

  it('reads a list of steps as a chain: trigger first, a condition leading on by its true edge', () => {
    const linear: WorkflowDefinition = {
      name: 'payments',
      trigger: { connector: 'stripe', event: 'payment_intent.succeeded' },
      steps: [
        { id: 'big', type: 'condition', when: { field: 'data.object.amount', operator: 'greater_than', value: 1000 } },
        { id: 'cents', type: 'transform', expression: 'data.object.amount / 100' },
        { id: 'archive', type: 'forward', url: 'https://archive.example.com/in' },
      ],
    };
    const graph = workflowGraphOf(linear);
    expect(graph.nodes).toBe(linear.steps);
    expect(graph.edges).toEqual([
      { from: 'trigger', to: 'big' },
      { from: 'big', to: 'cents', branch: 'true' },
      { from: 'cents', to: 'archive' },
    ]);
    const compiled = compileWorkflow(linear, []);
    expect([compiled.keyPerVersion, compiled.incoming.get('archive'), compiled.outgoing.get('trigger')?.map((e) => e.to)]).toEqual([false, 1, ['big']]);
    expect(compileWorkflow(orders() as never, []).keyPerVersion).toBe(true);
  });

  it('names cycles, unknown node ids in edges, unlabelled condition edges and unreachable nodes, each with its node or edge', () => {
    const details = invalid(
      orders({
        nodes: [
          { id: 'big', type: 'condition', when: { field: 'total_price', operator: 'greater_than', value: 1000 } },
          { id: 'a', type: 'transform', expression: '1' },
          { id: 'b', type: 'transform', expression: '2' },
          { id: 'lonely', type: 'notify', channel: 'sales', text: 'never' },
        ],
        edges: [
          { from: 'trigger', to: 'big' },
          { from: 'big', to: 'a' },
          { from: 'big', to: 'ghost', branch: 'true' },
          { from: 'a', to: 'b' },
          { from: 'b', to: 'a' },
        ],
      }),
    );
    expect(details.problems).toEqual([
      'edges[1] (big -> a): an edge out of condition "big" needs branch true or false',
      'edges[2] (big -> ghost): no node "ghost" (to)',
      'nodes[1] "a": is on a cycle (a -> b -> a); a workflow runs each node at most once',
      'nodes[1] "a": is not reachable from the trigger (no path of edges leads to it)',
      'nodes[2] "b": is not reachable from the trigger (no path of edges leads to it)',
      'nodes[3] "lonely": is not reachable from the trigger (no path of edges leads to it)',
    ]);
    expect(details.nodeProblems.map((p) => p.node ?? `edge ${p.edge}`)).toEqual(['edge 1', 'edge 2', 'a', 'a', 'b', 'lonely']);
  });

  it('names a condition with no branch, an unknown connector and action, and a node called trigger', () => {
    const details = invalid(
      orders({
        nodes: [
          { id: 'big', type: 'condition', when: { field: 'total_price', operator: 'greater_than', value: 1000 } },
          { id: 'crm', type: 'action', connector: 'hubspot', action: 'create_contact', input: {} },
          { id: 'trigger', type: 'action', connector: 'salesforce', action: 'create_lead', input: {} },
        ],
        edges: [
          { from: 'trigger', to: 'big' },
          { from: 'trigger', to: 'crm' },
          { from: 'crm', to: 'trigger' },
        ],
      }),
    );
    expect(details.problems).toEqual([
      'edges[2] (crm -> trigger): no edge may lead into the trigger',
      'nodes[0] "big": a condition needs a branch: an edge labelled true or false',
      'nodes[2] "trigger": the id "trigger" names the trigger in edges; give the node another',
      expect.stringMatching(/^nodes\[1\] "crm": no connector "hubspot" is installed/),
      expect.stringMatching(/^nodes\[2\] "trigger": salesforce has no action "create_lead" \(known: create_contact, query\)/),
    ]);
    expect(details.nodeProblems.map((p) => p.node)).toEqual([undefined, 'big', 'trigger', 'crm', 'trigger']);
  });

  it('checks switch branches and cases, failure edges, and $steps read off the node’s paths', () => {
    const details = invalid(
      orders({
        nodes: [
          { id: 'region', type: 'switch', cases: [{ branch: 'eu', equals: 'DE' }, { branch: 'us', when: { field: 'currency', operator: 'equals', value: 'USD' } }, { branch: 'us', when: { expression: 'true' } }] },
          { id: 'eu-crm', type: 'action', connector: 'salesforce', action: 'create_contact', input: { email: 'email', lastName: '$steps.`us-note`' } },
          { id: 'us-note', type: 'transform', expression: '"us"' },
          { id: 'tell', type: 'notify', channel: 'sales', text: 'failed: {{ $steps.`eu-crm`.message }}' },
        ],
        edges: [
          { from: 'trigger', to: 'region' },
          { from: 'region', to: 'eu-crm', branch: 'eu' },
          { from: 'region', to: 'us-note', branch: 'asia' },
          { from: 'region', to: 'tell', branch: 'default' },
          { from: 'us-note', to: 'tell', branch: 'failure' },
          { from: 'eu-crm', to: 'tell', branch: 'failure' },
        ],
      }),
    );
    expect(details.problems).toEqual([
      'nodes[1] "eu-crm": reads $steps.us-note, which no transform, action, forward or notify node on a path to it sets',
      'edges[2] (region -> us-note): an edge out of switch "region" needs the branch of one of its cases (eu, us, us) or default',
      'edges[4] (us-note -> tell): an edge out of transform "us-note" takes no branch',
      'nodes[0] "region": cases[0] "eu": equals compares with the switch\'s value, and the switch has none',
      'nodes[0] "region": cases[2]: the branch "us" is used twice',
      'nodes[2] "us-note": is not reachable from the trigger (no path of edges leads to it)',
    ]);
    expect(details.nodeProblems.map((p) => p.node ?? `edge ${p.edge}`)).toEqual(['eu-crm', 'edge 2', 'edge 4', 'region', 'region', 'us-note']);
  });

  it('reports shape problems of a graph against the graph schema, with the node they belong to', () => {
    const details = invalid(orders({ nodes: [{ id: 'big', type: 'loop' }], edges: [] }));
    expect(details.problems[0]).toMatch(/^nodes\.0\.type:/);
    expect(details.nodeProblems[0]?.node).toBe('big');
    expect(details.problems[1]).toMatch(/^edges:/);
  });
});
