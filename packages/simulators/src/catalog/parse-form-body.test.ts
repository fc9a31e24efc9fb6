import { describe, expect, it } from 'vitest';
import { coerceToSchema } from './coerce-to-schema.js';
import { parseFormBody } from './parse-form-body.js';

describe('parseFormBody', () => {
  it('reads Stripe-style brackets into nested objects and arrays', () => {
    expect(parseFormBody('charge=ch_1&metadata[order]=6735&metadata[note]=a%20b&expand[]=charge&expand[]=payment_intent&items[0][price]=p1&items[1][price]=p2')).toEqual({
      charge: 'ch_1',
      metadata: { order: '6735', note: 'a b' },
      expand: ['charge', 'payment_intent'],
      items: [{ price: 'p1' }, { price: 'p2' }],
    });
  });

  it('ignores keys that would reach the object prototype', () => {
    const parsed = parseFormBody('__proto__[polluted]=1&a[constructor][x]=1&ok=1');
    expect(parsed).toEqual({ ok: '1' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('coerceToSchema', () => {
  it('gives string leaves the number or boolean type their schema names, and leaves the rest alone', () => {
    const schema = { type: 'object', properties: { amount: { type: 'integer' }, live: { type: 'boolean' }, metadata: { type: 'object', additionalProperties: { type: 'string' } }, n: { type: 'number' } } };
    expect(coerceToSchema({ amount: '500', live: 'true', metadata: { order: '6735' }, n: 'x' }, schema)).toEqual({ amount: 500, live: true, metadata: { order: '6735' }, n: 'x' });
  });
});
