import { fileURLToPath } from 'node:url';
import { loadConnectorDeclaration, type Connector } from '@hub/connector-sdk';
import http from '@hub/connector-http';
import shopify from '@hub/connector-shopify';
import { describe, expect, it } from 'vitest';
import { compileWorkflow, type CallStep } from './compile-workflow.js';
import { dryRunEvent } from './dry-run-event.js';
import { validateWorkflow } from './validate-workflow.js';
import type { WorkflowGraph } from './workflow-graph.js';

const slack = await loadConnectorDeclaration(fileURLToPath(new URL('../../../../connectors/slack/connector.yaml', import.meta.url)));
const catalog: Record<string, Connector> = { shopify, http, slack };

/** An order goes to the CRM; when the CRM fails for good, Slack is told. `retry` is set on both call nodes. */
function orders(crmRetry: unknown, alertRetry?: unknown): Record<string, unknown> {
  return {
    name: 'orders-to-crm',
    trigger: { connector: 'shopify', event: 'orders/create' },
    nodes: [
      { id: 'crm', type: 'action', connector: 'http', action: 'post', input: { url: '"https://crm.example.com/orders"', body: '{ "order": id }' }, ...(crmRetry === undefined ? {} : { retry: crmRetry }) },
      { id: 'alert', type: 'notify', channel: 'sales', text: 'order {{ id }} did not reach the CRM', ...(alertRetry === undefined ? {} : { retry: alertRetry }) },
    ],
    edges: [
      { from: 'trigger', to: 'crm' },
      { from: 'crm', to: 'alert', branch: 'failure' },
    ],
  };
}

function invalid(definition: unknown): { problems: string[]; nodeProblems: { node?: string; problem: string }[] } {
  try {
    validateWorkflow(definition, catalog);
  } catch (err) {
    expect((err as { code?: string }).code).toBe('HUB_WORKFLOW_INVALID');
    return (err as { details: { problems: string[]; nodeProblems: { node?: string; problem: string }[] } }).details;
  }
  throw new Error('expected validateWorkflow to throw');
}

const calls = (graph: WorkflowGraph) => compileWorkflow(graph, []).steps.filter((s): s is CallStep => 'buildInput' in s);

describe('a call node’s retry override', () => {
  it('accepts retries from 0 (not retried) to 9 (10 attempts) on action, forward and notify nodes, and compiles it onto the call', () => {
    const graph = validateWorkflow(orders({ retries: 9 }, { retries: 0 }), catalog) as WorkflowGraph;
    expect(graph.nodes.map((n) => ('retry' in n ? n.retry : undefined))).toEqual([{ retries: 9 }, { retries: 0 }]);
    expect(calls(graph).map((c) => [c.id, c.retries])).toEqual([
      ['crm', 9],
      ['alert', 0],
    ]);
    const forward = validateWorkflow({ ...orders(undefined), nodes: [{ id: 'crm', type: 'forward', url: 'https://crm.example.com/in', retry: { retries: 1 } }], edges: [{ from: 'trigger', to: 'crm' }] }, catalog) as WorkflowGraph;
    expect(calls(forward)[0]?.retries).toBe(1);
  });

  it('leaves a node without retry to its connector’s policy', () => {
    expect(calls(validateWorkflow(orders(undefined), catalog) as WorkflowGraph).map((c) => c.retries)).toEqual([undefined, undefined]);
  });

  it('refuses more than 9 retries, fewer than 0, a fraction and a missing count, each on the node it belongs to', () => {
    const tooMany = invalid(orders({ retries: 10 }));
    expect(tooMany.problems).toEqual([expect.stringMatching(/^nodes\.0\.retry\.retries: at most 9 \(10 attempts\); the connector's retry policy gives the event its attempts/)]);
    expect(tooMany.nodeProblems[0]?.node).toBe('crm');
    expect(invalid(orders(undefined, { retries: -1 })).problems).toEqual([expect.stringMatching(/^nodes\.1\.retry\.retries: at least 0 \(0: the node is not retried\)/)]);
    expect(invalid(orders({ retries: 1.5 })).problems).toEqual([expect.stringMatching(/^nodes\.0\.retry\.retries: .*int/)]);
    expect(invalid(orders({})).problems).toEqual([expect.stringMatching(/^nodes\.0\.retry\.retries:/)]);
    expect(invalid(orders(2)).problems).toEqual([expect.stringMatching(/^nodes\.0\.retry:/)]);
  });

  it('refuses the backoff on a node: the connector’s retry policy spaces the event’s attempts', () => {
    const details = invalid(orders({ retries: 2, minTimeout: 100, factor: 3 }));
    expect(details.problems).toEqual(["nodes.0.retry: a node's retry takes only retries (minTimeout, factor: the backoff and time budget are the connector's retry policy)"]);
    expect(details.nodeProblems[0]?.node).toBe('crm');
  });

  it('is not a field of transform, condition or switch nodes', () => {
    const graph = { ...orders(undefined), nodes: [{ id: 'crm', type: 'transform', expression: 'id', retry: { retries: 1 } }], edges: [{ from: 'trigger', to: 'crm' }] };
    // Zod drops keys a node kind does not have, as for continueOnFailure: the transform has no retry.
    const parsed = validateWorkflow(graph, catalog) as WorkflowGraph;
    expect(parsed.nodes[0]).not.toHaveProperty('retry');
  });

  it('shows in the dry run on the call it belongs to', async () => {
    const graph = validateWorkflow(orders({ retries: 2 }), catalog) as WorkflowGraph;
    const payload = { ...(shopify.fixtures['orders/create'] as object), id: 4242 };
    const result = await dryRunEvent(compileWorkflow(graph, []), catalog, {
      eventId: '00000000-0000-4000-8000-000000000001',
      providerEventId: null,
      account: 'shop1.myshopify.com',
      receivedAt: new Date(0),
      data: { eventType: 'orders/create', payload, headers: {} },
    });
    expect(result.steps.map((s) => [s.id, s.outcome, s.retry])).toEqual([['crm', 'would_send', { retries: 2 }]]);
  });
});
