import { fileURLToPath } from 'node:url';
import { loadConnectorDeclaration, type Connector } from '@hub/connector-sdk';
import github from '@hub/connector-github';
import http from '@hub/connector-http';
import stripe from '@hub/connector-stripe';
import { describe, expect, it } from 'vitest';
import { validateWorkflow } from './validate-workflow.js';
import type { WorkflowDefinition } from './workflow-definition.js';

const slack = await loadConnectorDeclaration(fileURLToPath(new URL('../../../../connectors/slack/connector.yaml', import.meta.url)));
const catalog: Record<string, Connector> = { stripe, github, http, slack };

function workflow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'big-payments',
    trigger: { connector: 'stripe', event: 'payment_intent.succeeded' },
    steps: [
      { id: 'big', type: 'condition', when: { field: 'data.object.amount', operator: 'greater_than', value: 1000 } },
      { id: 'refund', type: 'action', connector: 'stripe', action: 'create_refund', input: { payment_intent: 'data.object.id', amount: '100' } },
      { id: 'notify', type: 'notify', channel: 'payments', text: 'Refunded {{ $steps.refund.id }} of {{ data.object.amount }}' },
    ],
    ...overrides,
  };
}

/** The problems validateWorkflow names, or fails the test when it accepts the definition. */
function problemsOf(definition: unknown, connectors: Record<string, Connector> = catalog): string[] {
  try {
    validateWorkflow(definition, connectors);
  } catch (err) {
    expect((err as { code?: string }).code).toBe('HUB_WORKFLOW_INVALID');
    return (err as { details: { problems: string[] } }).details.problems;
  }
  throw new Error('expected validateWorkflow to throw');
}

describe('validateWorkflow', () => {
  it('returns a valid definition parsed', () => {
    const definition = workflow({ description: 'refund a part of big payments' });
    expect(validateWorkflow(definition, catalog)).toEqual(definition);
  });

  it('accepts transform, forward and expression conditions reading earlier steps', () => {
    const steps = [
      { id: 'cents', type: 'transform', expression: 'data.object.amount / 100' },
      { id: 'check', type: 'condition', when: { expression: '$steps.cents > 10 and $eventType = "payment_intent.succeeded"' } },
      { id: 'ledger', type: 'forward', url: 'https://ledger.example.com/in' },
      { id: 'tell', type: 'notify', channel: 'C0PAY', text: '{{ $steps.cents }} USD, ledger said {{ $steps.ledger }}' },
    ];
    expect((validateWorkflow(workflow({ steps, trigger: { connector: 'stripe', event: 'payment_intent.succeeded', filter: { field: 'livemode', operator: 'exists' } } }), catalog) as WorkflowDefinition).steps).toHaveLength(4);
  });

  it('names an unknown trigger connector with the installed ones, and an unknown event with the known ones', () => {
    expect(problemsOf(workflow({ trigger: { connector: 'paypal', event: 'x' } }))).toEqual([expect.stringMatching(/^trigger: no connector "paypal".*installed: stripe, github, http, slack/)]);
    const [unknownEvent] = problemsOf(workflow({ trigger: { connector: 'stripe', event: 'invoice.paid' } }));
    expect(unknownEvent).toMatch(/^trigger: stripe declares no event "invoice.paid" \(known: .*payment_intent.succeeded/);
  });

  it('names an unknown action connector, an unknown action with the known ones, unknown and missing input fields', () => {
    const problems = problemsOf(
      workflow({
        steps: [
          { id: 'a', type: 'action', connector: 'salesforce', action: 'create', input: {} },
          { id: 'b', type: 'action', connector: 'stripe', action: 'refund', input: {} },
          { id: 'c', type: 'action', connector: 'http', action: 'post', input: { body: '$', verb: '"PUT"' } },
        ],
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^steps\[0\] "a": no connector "salesforce" is installed/),
      expect.stringMatching(/^steps\[1\] "b": stripe has no action "refund" \(known: create_refund\)/),
      expect.stringMatching(/^steps\[2\] "c": http.post has no input field "verb" \(fields: url, body, headers\)/),
      expect.stringMatching(/^steps\[2\] "c": http.post needs input field "url"/),
    ]);
  });

  it('names invalid JSONata in a filter, a condition, a transform, an input and a notify placeholder', () => {
    const problems = problemsOf(
      workflow({
        trigger: { connector: 'stripe', event: 'payment_intent.succeeded', filter: { expression: 'amount >' } },
        steps: [
          { id: 'c', type: 'condition', when: { field: 'data..', operator: 'exists' } },
          { id: 't', type: 'transform', expression: '{ "a": ' },
          { id: 'f', type: 'action', connector: 'http', action: 'post', input: { url: '"https://x.example"', body: '(((' } },
          { id: 'n', type: 'notify', channel: 'C1', text: 'ok {{ ] }} and {{ }} and {{ unclosed' },
        ],
      }),
    );
    expect(problems.map((p) => p.split(':')[0])).toEqual(['trigger.filter', 'steps[0] "c"', 'steps[1] "t"', 'steps[2] "f"', 'steps[3] "n"', 'steps[3] "n"', 'steps[3] "n"']);
    expect(problems.filter((p) => p.includes('is not valid JSONata'))).toHaveLength(5);
  });

  it('names duplicate step ids, $steps read before they are set, and comparisons without a usable value', () => {
    const problems = problemsOf(
      workflow({
        steps: [
          { id: 'x', type: 'condition', when: { field: 'amount', operator: 'equals' } },
          { id: 'x', type: 'transform', expression: '$steps.later' },
          { id: 'y', type: 'condition', when: { field: 'amount', operator: 'greater_than', value: 'lots' } },
          { id: 'later', type: 'transform', expression: '1' },
        ],
      }),
    );
    expect(problems).toEqual([
      'steps[0] "x": operator equals needs a value',
      'steps[1] "x": the step id is used twice (ids must be unique)',
      'steps[1] "x": reads $steps.later, which no earlier transform, action, forward or notify step sets',
      'steps[2] "y": operator greater_than compares numbers, and "lots" is not one',
    ]);
  });

  it('refuses notify without the slack connector and forward without the http connector', () => {
    const problems = problemsOf(workflow({ steps: [{ id: 'f', type: 'forward', url: 'https://x.example' }, { id: 'n', type: 'notify', channel: 'C1', text: 'hi' }] }), { stripe });
    expect(problems).toEqual([expect.stringContaining('forward needs the http connector'), expect.stringContaining('notify needs the slack connector')]);
  });

  it('names every shape problem: name, step type, step id, empty steps', () => {
    expect(problemsOf(workflow({ name: 'Big Payments' }))[0]).toMatch(/^name:/);
    expect(problemsOf(workflow({ steps: [] }))[0]).toMatch(/^steps:/);
    expect(problemsOf(workflow({ steps: [{ id: 'a', type: 'email' }] }))[0]).toMatch(/^steps\.0\.type:/);
    expect(problemsOf(workflow({ steps: [{ id: 'a:b', type: 'transform', expression: '1' }] }))[0]).toMatch(/^steps\.0\.id:/);
    // A condition that fits neither form is reported against the one it is closer to.
    expect(problemsOf(workflow({ steps: [{ id: 'c', type: 'condition', when: { field: 'amount', operator: 'bigger', value: 1 } }] }))).toEqual([expect.stringMatching(/^steps\.0\.when\.operator: Invalid option: expected one of "equals"/)]);
  });

  it('treats inherited Object properties as unknown connectors, events and actions', () => {
    expect(problemsOf(workflow({ trigger: { connector: 'toString', event: 'x' } }))).toHaveLength(1);
    expect(problemsOf(workflow({ trigger: { connector: 'stripe', event: 'constructor' } }))).toHaveLength(1);
    expect(problemsOf(workflow({ steps: [{ id: 'a', type: 'action', connector: 'http', action: 'hasOwnProperty', input: {} }] }))).toHaveLength(1);
  });
});
