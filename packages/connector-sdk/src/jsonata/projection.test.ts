import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { compileJsonata } from './compile-jsonata.js';
import { compileProjection, NOT_PLAIN } from './projection.js';

const projectionOf = (source: string) => compileProjection(jsonata(source).ast());

// A Stripe-shaped payload and variants that put nulls, strings and arrays where paths go.
const payment = {
  id: 'evt_1',
  type: 'payment_intent.succeeded',
  data: { object: { id: 'pi_1', amount: 2000, currency: 'usd', customer: null, metadata: { sentAt: '1733572800000', order: '42' }, charges: [{ id: 'ch_1' }, { id: 'ch_2' }] } },
};
const inputs: Record<string, unknown> = {
  payment,
  'metadata null': { ...payment, data: { object: { ...payment.data.object, metadata: null } } },
  'object a string': { ...payment, data: { object: 'pi_1' } },
  'data an array': { ...payment, data: [payment.data, payment.data] },
  'data an array of one': { ...payment, data: [payment.data] },
  'metadata an array': { ...payment, data: { object: { ...payment.data.object, metadata: [{ sentAt: 'a' }, { sentAt: 'b' }] } } },
  'nested arrays': { ...payment, data: { object: { ...payment.data.object, charges: [[{ id: 'x' }], [{ id: 'y' }]] } } },
  'no data': { id: 'evt_2' },
  'empty object': {},
  'an array': [payment, payment],
  'a string': 'text',
  'a number': 7,
  null: null,
  undefined,
};
const bindings = { eventId: 'hub-event-1', steps: { charge: { id: 'ch_9', list: [1, 2] } }, nothing: null };

const sources = [
  '{ "url": "http://sink/ledger", "body": { "payment": data.object.id, "event": $eventId, "sentAt": data.object.metadata.sentAt } }',
  'data.object.id',
  'data.object',
  'data.object.metadata',
  'data.object.charges',
  'data.object.charges.id',
  'data.object.id.length',
  'data.missing.deeper',
  '{ "n": 1.5, "t": true, "f": false, "z": null, "s": "x" }',
  '{ "customer": data.object.customer, "missing": data.object.nope }',
  '{ "charge": $steps.charge.id, "none": $nothing, "unbound": $unbound }',
  '$eventId',
  '$steps.charge',
  '{ "outer": { "inner": { "amount": data.object.amount } } }',
  '`data`.object.currency',
];

describe('compileProjection', () => {
  it.each(sources)('%s: the value jsonata gives, or NOT_PLAIN where jsonata must decide', async (source) => {
    const projection = projectionOf(source);
    expect(projection).toBeDefined();
    let plain = 0;
    for (const [name, input] of Object.entries(inputs)) {
      const value = projection?.(input, bindings);
      if (value === NOT_PLAIN) continue;
      plain += 1;
      const expected = await jsonata(source).evaluate(input, bindings);
      // Compared as data: the in-process evaluation hands both on through JSON.
      expect(JSON.stringify(value), `${source} on ${name}`).toBe(JSON.stringify(expected));
      expect(value, `${source} on ${name}`).toEqual(expected === undefined ? undefined : JSON.parse(JSON.stringify(expected)));
    }
    // Each expression answers for the Stripe payload itself, unless its path meets the array.
    if (!source.includes('charges')) expect(plain).toBeGreaterThan(5);
  });

  it('leaves to jsonata any path that meets an array, and an array input', () => {
    expect(projectionOf('data.object.charges.id')?.(payment, bindings)).toBe(NOT_PLAIN);
    expect(projectionOf('{ "s": data.object.metadata.sentAt }')?.(inputs['metadata an array'], bindings)).toBe(NOT_PLAIN);
    expect(projectionOf('{ "id": id }')?.([payment], bindings)).toBe(NOT_PLAIN);
    expect(projectionOf('{ "l": $steps.charge.list }')?.(payment, bindings)).toBe(NOT_PLAIN);
  });

  it.each([
    '$',
    '$$.data',
    '$.data',
    'data.object.charges[0]',
    'data.*.id',
    'data.**.id',
    '$string(data.object.amount)',
    'data.object.amount * 2',
    'data.object.id & "x"',
    '[data.object.id]',
    'data.object.amount > 1 ? "big" : "small"',
    '{ "a": 1, "a": 2 }',
    '{ "__proto__": data.object.metadata }',
    '{ data.object.id: 1 }',
    'data.object.charges.(id)',
    'data.object.charges@$c.id',
    'data.object.charges#$i.id',
    '(data.object.id)',
  ])('%s is not a projection (jsonata evaluates it)', (source) => {
    expect(projectionOf(source)).toBeUndefined();
  });
});

describe('a projection through compileJsonata', () => {
  it('answers what jsonata answers, and runs jsonata where a path meets an array', async () => {
    const route = compileJsonata('{ "body": { "payment": data.object.id, "event": $eventId, "charges": data.object.charges.id } }');
    if (!route.ok) throw new Error(route.message);
    expect(await route.expression.evaluate(payment, { eventId: 'e1' })).toEqual({ body: { payment: 'pi_1', event: 'e1', charges: ['ch_1', 'ch_2'] } });
    const single = compileJsonata('{ "body": { "sentAt": data.object.metadata.sentAt } }');
    if (!single.ok) throw new Error(single.message);
    expect(await single.expression.evaluate(inputs['metadata an array'], {})).toEqual({ body: { sentAt: ['a', 'b'] } });
    expect(await single.expression.evaluate(payment, {})).toEqual({ body: { sentAt: '1733572800000' } });
  });
});
