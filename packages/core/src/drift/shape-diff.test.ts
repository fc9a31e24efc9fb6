import { describe, expect, it } from 'vitest';
import { extractShape, shapeHash } from './payload-shape.js';
import { diffShape, EMPTY_OBSERVED, mergeShape, type ObservedShape } from './shape-diff.js';

const observe = (...payloads: unknown[]): ObservedShape => payloads.reduce<ObservedShape>((o, p) => mergeShape(o, extractShape(p)), EMPTY_OBSERVED);

describe('extractShape', () => {
  it('maps field paths to JSON types and collapses array elements to []', () => {
    const shape = extractShape({ id: 'x', amount: 1, paid: true, note: null, customer: { id: 'c' }, items: [{ sku: 'a' }, { sku: 'b', qty: 2 }] });
    expect(Object.fromEntries([...shape].map(([p, e]) => [p, e.types.join('|')]))).toEqual({
      id: 'string',
      amount: 'number',
      paid: 'boolean',
      note: 'null',
      customer: 'object',
      'customer.id': 'string',
      items: 'array',
      'items[]': 'object',
      'items[].sku': 'string',
      'items[].qty': 'number',
    });
  });

  it('gives the same hash whatever the key order and the number of array items', () => {
    expect(shapeHash(extractShape({ a: 1, b: [{ c: 'x' }] }))).toBe(shapeHash(extractShape({ b: [{ c: 'y' }, { c: 'z' }], a: 2 })));
    expect(shapeHash(extractShape({ a: 1 }))).not.toBe(shapeHash(extractShape({ a: '1' })));
  });
});

describe('diffShape', () => {
  const base = { id: 'evt_1', data: { object: { description: 'Order', amount: 2000, tags: ['a'] } } };

  it('reports nothing for the first payload (the baseline)', () => {
    expect(diffShape(EMPTY_OBSERVED, extractShape(base))).toEqual({ added: [], removed: [], retyped: [] });
  });

  it('reports a renamed field as the old path removed and the new path added', () => {
    const renamed = { id: 'evt_2', data: { object: { summary: 'Order', amount: 2000, tags: ['a'] } } };
    expect(diffShape(observe(base), extractShape(renamed))).toEqual({
      added: [{ path: 'data.object.summary', type: 'string' }],
      removed: [{ path: 'data.object.description', type: 'string' }],
      retyped: [],
    });
  });

  it('reports a retyped field, but not a field turning null or null turning into a value', () => {
    const retyped = { id: 'evt_2', data: { object: { description: 'Order', amount: '20.00', tags: ['a'] } } };
    expect(diffShape(observe(base), extractShape(retyped)).retyped).toEqual([{ path: 'data.object.amount', from: 'number', to: 'string' }]);
    const nulled = { id: 'evt_3', data: { object: { description: null, amount: 2000, tags: ['a'] } } };
    expect(diffShape(observe(base), extractShape(nulled))).toEqual({ added: [], removed: [], retyped: [] });
    expect(diffShape(observe(nulled), extractShape(base))).toEqual({ added: [], removed: [], retyped: [] });
  });

  it('does not call a field removed when its parent is null or its array is empty', () => {
    const withCustomer = { customer: { id: 'c', email: 'e' }, items: [{ sku: 'a' }] };
    expect(diffShape(observe(withCustomer), extractShape({ customer: null, items: [] }))).toEqual({ added: [], removed: [], retyped: [] });
  });

  it('calls a field optional, not removed, once some observed payload lacked it', () => {
    const observed = observe({ a: 1, b: 2 }, { a: 1 });
    expect(diffShape(observed, extractShape({ a: 1 })).removed).toEqual([]);
    expect(diffShape(observe({ a: 1, b: 2 }), extractShape({ a: 1 })).removed).toEqual([{ path: 'b', type: 'number' }]);
  });

  it('names only the top-most path of a new object', () => {
    expect(diffShape(observe({ a: 1 }), extractShape({ a: 1, shipping: { city: 'x', zip: 'y' } })).added).toEqual([{ path: 'shipping', type: 'object' }]);
  });

  it('once folded in, the same change is no longer a difference', () => {
    const renamed = { id: 'evt_2', data: { object: { summary: 'Order', amount: 2000, tags: ['a'] } } };
    const after = mergeShape(observe(base), extractShape(renamed));
    expect(diffShape(after, extractShape(renamed))).toEqual({ added: [], removed: [], retyped: [] });
    expect(diffShape(after, extractShape(base))).toEqual({ added: [], removed: [], retyped: [] });
  });
});
