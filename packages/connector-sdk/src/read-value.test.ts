import { describe, expect, it } from 'vitest';
import { readValue } from './read-value.js';

const payload = { id: 'evt_1', type: 'charge.refunded', data: { object: { id: 'ch_1', amount: 0 } }, order: { id: 450789469 } };

describe('readValue', () => {
  it('reads a header, case-insensitively on the declared name', () => {
    expect(readValue({ from: 'header', name: 'X-GitHub-Delivery' }, { 'x-github-delivery': 'd-1' }, payload)).toBe('d-1');
  });

  it('reads a top-level and a nested dot-separated body path', () => {
    expect(readValue({ from: 'body', path: 'id' }, {}, payload)).toBe('evt_1');
    expect(readValue({ from: 'body', path: 'data.object.id' }, {}, payload)).toBe('ch_1');
  });

  it('returns a numeric id as its decimal string', () => {
    expect(readValue({ from: 'body', path: 'order.id' }, {}, payload)).toBe('450789469');
    expect(readValue({ from: 'body', path: 'data.object.amount' }, {}, payload)).toBe('0');
  });

  it('returns undefined for an absent header, a missing path, an object or a non-object payload', () => {
    expect(readValue({ from: 'header', name: 'x-github-delivery' }, {}, payload)).toBeUndefined();
    expect(readValue({ from: 'body', path: 'data.nothing.id' }, {}, payload)).toBeUndefined();
    expect(readValue({ from: 'body', path: 'data.object' }, {}, payload)).toBeUndefined();
    expect(readValue({ from: 'body', path: 'id' }, {}, 'a string')).toBeUndefined();
    expect(readValue({ from: 'body', path: 'id' }, {}, null)).toBeUndefined();
  });

  it('does not walk into inherited properties', () => {
    expect(readValue({ from: 'body', path: 'constructor.name' }, {}, payload)).toBeUndefined();
    expect(readValue({ from: 'body', path: '__proto__' }, {}, payload)).toBeUndefined();
  });

  it('treats an empty string as absent', () => {
    expect(readValue({ from: 'body', path: 'id' }, {}, { id: '' })).toBeUndefined();
  });
});
