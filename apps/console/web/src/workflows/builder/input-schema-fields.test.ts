import { describe, expect, it } from 'vitest';
import { inputFields, literalExpression } from './input-schema-fields';

describe('action input form fields from the catalog JSON Schema', () => {
  it('lists required fields first, marked, with type, format and enum values', () => {
    const schema = {
      type: 'object',
      properties: {
        phone: { type: 'string' },
        email: { type: 'string', format: 'email', description: 'Where to write' },
        status: { type: 'string', enum: ['open', 'closed'] },
        lastName: { type: 'string', minLength: 1 },
        amount: { type: ['number', 'null'] },
      },
      required: ['email', 'lastName'],
    };
    expect(inputFields(schema)).toEqual([
      { name: 'email', required: true, type: 'string', format: 'email', description: 'Where to write' },
      { name: 'lastName', required: true, type: 'string' },
      { name: 'phone', required: false, type: 'string' },
      { name: 'status', required: false, type: 'string', enumValues: ['open', 'closed'] },
      { name: 'amount', required: false, type: 'number' },
    ]);
  });
  it('offers no fields for a schema it cannot read, and writes enum choices as JSONata literals', () => {
    expect(inputFields({})).toEqual([]);
    expect(inputFields(undefined)).toEqual([]);
    expect(literalExpression('open')).toBe('"open"');
    expect(literalExpression(3)).toBe('3');
  });
});
