import { describe, expect, it } from 'vitest';
import { compileCondition } from './compile-condition.js';
import type { ExpressionBindings } from './jsonata-expression.js';
import { compileTemplate } from './text-template.js';
import type { WorkflowCondition } from './workflow-definition.js';

const bindings: ExpressionBindings = { eventId: 'evt-1', account: 'acct_1', eventType: 'payment_intent.succeeded', canonical: { amount: { value: 20 } }, steps: { cents: 2000 } };
const payload = { data: { object: { amount: 2000, currency: 'usd', tags: ['vip', 'eu'], note: null, items: [{ qty: 1 }, { qty: 5 }] } } };

async function holds(condition: WorkflowCondition): Promise<boolean> {
  const problems: string[] = [];
  const compiled = compileCondition(condition, problems);
  expect(problems).toEqual([]);
  return compiled.holds(payload, bindings);
}

describe('workflow conditions', () => {
  it.each([
    [{ field: 'data.object.amount', operator: 'greater_than', value: 1000 }, true],
    [{ field: 'data.object.amount', operator: 'greater_than', value: '2000' }, false],
    [{ field: 'data.object.amount', operator: 'less_than', value: 2001 }, true],
    [{ field: 'data.object.amount', operator: 'equals', value: '2000' }, true],
    [{ field: 'data.object.currency', operator: 'equals', value: 'usd' }, true],
    [{ field: 'data.object.currency', operator: 'not_equals', value: 'usd' }, false],
    [{ field: 'data.object.currency', operator: 'contains', value: 'us' }, true],
    [{ field: 'data.object.tags', operator: 'contains', value: 'vip' }, true],
    [{ field: 'data.object.tags', operator: 'contains', value: 'v' }, false],
    [{ field: 'data.object.items.qty', operator: 'greater_than', value: 4 }, true],
    [{ field: 'data.object.note', operator: 'exists' }, false],
    [{ field: 'data.object.missing', operator: 'not_exists' }, true],
    [{ field: 'data.object.missing', operator: 'equals', value: '' }, false],
    [{ field: 'data.object.currency', operator: 'greater_than', value: 1 }, false],
    [{ field: '$canonical.amount.value', operator: 'equals', value: 20 }, true],
    [{ expression: '$steps.cents = data.object.amount and $account = "acct_1"' }, true],
    [{ expression: 'data.object.tags[$ = "none"]' }, false],
    [{ expression: '""' }, false],
  ] as [WorkflowCondition, boolean][])('%j is %s', async (condition, expected) => {
    expect(await holds(condition)).toBe(expected);
  });

  it('throws when the expression fails on the payload (the worker quarantines the event)', async () => {
    const compiled = compileCondition({ expression: '$number("not a number")' }, []);
    await expect(compiled.holds(payload, bindings)).rejects.toThrow();
  });
});

describe('notify text templates', () => {
  it('fills {{ }} placeholders: strings as they are, numbers, nothing for no value, JSON for objects', async () => {
    const template = compileTemplate('Paid {{ data.object.amount / 100 }} {{ $uppercase(data.object.currency) }}{{ data.object.missing }} for {{ $eventId }}: {{ data.object.items[1] }}', []);
    expect(await template.render(payload, bindings)).toBe('Paid 20 USD for evt-1: {"qty":5}');
  });

  it('leaves text without placeholders as it is', async () => {
    expect(await compileTemplate('no placeholders { here }', []).render(payload, bindings)).toBe('no placeholders { here }');
  });
});
