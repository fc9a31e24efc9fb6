import { describe, expect, it } from 'vitest';
import { parseDuration } from './parse-duration.js';

describe('parseDuration', () => {
  it('reads a whole number and one unit', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration(' 15 m ')).toBe(900_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('7d')).toBe(604_800_000);
  });

  it('answers undefined for anything else, or a unit the caller does not take', () => {
    for (const text of ['', '30', 'h', '1.5h', '-1h', '1w', '1h30m', 'forever', '2 hours']) expect(parseDuration(text), text).toBeUndefined();
    expect(parseDuration('30s', ['m', 'h', 'd'])).toBeUndefined();
    expect(parseDuration('30m', ['m', 'h', 'd'])).toBe(1_800_000);
  });
});
