import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { atPath, requiredPaths, withPath } from './required-paths.js';

const Schema = z.object({
  id: z.string(),
  note: z.string().optional(),
  data: z.object({ object: z.object({ amount: z.number(), memo: z.string().nullable() }).nullable() }),
  tags: z.array(z.object({ name: z.string() })),
});
const value = { id: 'x', data: { object: { amount: 1, memo: null } }, tags: [{ name: 'a' }] };

describe('requiredPaths', () => {
  it('lists required fields at every depth of nested objects, skipping optional ones and array items', () => {
    expect(requiredPaths(Schema, value)).toEqual([['id'], ['data'], ['data', 'object'], ['data', 'object', 'amount'], ['data', 'object', 'memo'], ['tags']]);
  });

  it('descends into an object written as a union with null (JSON Schema type: [object, "null"])', () => {
    const Union = z.object({ company: z.union([z.object({ name: z.string() }), z.null()]) });
    expect(requiredPaths(Union, { company: { name: 'x' } })).toEqual([['company'], ['company', 'name']]);
  });

  it('does not descend into a nested object that is null in the value', () => {
    expect(requiredPaths(Schema, { ...value, data: { object: null } })).toEqual([['id'], ['data'], ['data', 'object'], ['tags']]);
  });
});

describe('withPath', () => {
  it('removes or replaces a nested field in a copy, leaving the original alone', () => {
    expect(withPath(value, ['data', 'object', 'amount'])).toEqual({ ...value, data: { object: { memo: null } } });
    expect(atPath(withPath(value, ['data', 'object', 'amount'], { value: 'one' }), ['data', 'object', 'amount'])).toBe('one');
    expect(value.data.object.amount).toBe(1);
  });
});
