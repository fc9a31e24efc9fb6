import { describe, expect, it } from 'vitest';
import { extractShape, shapeSignature, structureDigest } from './payload-shape.js';

describe('structureDigest', () => {
  const payment = (amount: unknown, extra: Record<string, unknown> = {}) => ({ id: 'pi_1', amount, metadata: { order: '42' }, items: [{ sku: 'a' }, { sku: 'b' }], ...extra });

  it('is equal for payloads that differ only in values', () => {
    expect(structureDigest(payment(100))).toBe(structureDigest({ id: 'pi_2', amount: 7, metadata: { order: 'x' }, items: [{ sku: 'c' }, { sku: 'd' }] }));
  });

  it('differs when a key, a JSON type, the nesting or the key boundaries differ', () => {
    const base = structureDigest(payment(100));
    const others = [
      payment(100, { refunded: false }), // a key added
      { ...payment(100), amount: undefined, amout: 100 }, // a key renamed (and one not JSON)
      payment('100'), // number -> string
      payment(null), // number -> null
      payment({ value: 100 }), // number -> object
      { id: 'pi_1', amount: 100, metadata: { order: '42' }, items: [{ sku: 'a' }, { sku: 'b', qty: 1 }] }, // a key inside an array element
    ];
    for (const other of others) expect(structureDigest(other)).not.toBe(base);
    expect(structureDigest({ ab: 1, c: 1 })).not.toBe(structureDigest({ a: 1, bc: 1 }));
    expect(structureDigest({ a: { b: 1 } })).not.toBe(structureDigest({ a: 1, b: 1 }));
    expect(structureDigest([1, [2]])).not.toBe(structureDigest([[1], 2]));
  });

  it('differs for lists of other lengths, whose shape is the same: each length is looked up once', () => {
    const three = { items: [{ sku: 'a' }, { sku: 'b' }, { sku: 'c' }] };
    const two = { items: [{ sku: 'a' }, { sku: 'b' }] };
    expect(structureDigest(three)).not.toBe(structureDigest(two));
    expect(shapeSignature(extractShape(three))).toBe(shapeSignature(extractShape(two)));
  });

  it('is a safe integer', () => {
    for (const payload of [null, 1, 'x', [], {}, payment(1)]) expect(Number.isSafeInteger(structureDigest(payload))).toBe(true);
  });
});
