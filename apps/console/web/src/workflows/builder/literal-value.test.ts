import { describe, expect, it } from 'vitest';
import { literalOf, textOf } from './literal-value';

describe('comparison values typed in a form', () => {
  it('reads digits as a number, true/false as booleans, the rest as text', () => {
    expect(literalOf('1000')).toBe(1000);
    expect(literalOf(' 12.5 ')).toBe(12.5);
    expect(literalOf('false')).toBe(false);
    expect(literalOf('EUR')).toBe('EUR');
    expect(literalOf('1e3')).toBe('1e3');
  });
  it('shows each as it was typed', () => {
    expect([1000, true, 'EUR', undefined].map(textOf)).toEqual(['1000', 'true', 'EUR', '']);
  });
});
