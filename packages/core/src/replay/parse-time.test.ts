import { describe, expect, it } from 'vitest';
import { parseTimeArgument } from './parse-time.js';

const now = new Date('2026-11-29T12:00:00Z');

describe('parseTimeArgument', () => {
  it.each([
    ['45s', '2026-11-29T11:59:15.000Z'],
    ['30m', '2026-11-29T11:30:00.000Z'],
    ['2h', '2026-11-29T10:00:00.000Z'],
    ['7d', '2026-11-22T12:00:00.000Z'],
  ])('reads the age %s as that long before now', (value, expected) => expect(parseTimeArgument(value, now).toISOString()).toBe(expected));

  it('reads an ISO date-time', () => {
    expect(parseTimeArgument('2026-11-28T08:30:00Z', now).toISOString()).toBe('2026-11-28T08:30:00.000Z');
    expect(parseTimeArgument('2026-11-28', now).toISOString()).toBe('2026-11-28T00:00:00.000Z');
  });

  it.each(['yesterday', '2h ago', '-5m', '2026-13-45', ''])('refuses %j with HUB_BAD_REQUEST', (value) => {
    expect(() => parseTimeArgument(value, now)).toThrow(expect.objectContaining({ code: 'HUB_BAD_REQUEST' }));
  });
});
