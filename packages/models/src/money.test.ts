import { describe, expect, it } from 'vitest';
import { decimalToMinorUnits, minorUnitDigits } from './money.js';

describe('decimalToMinorUnits', () => {
  it('converts by string arithmetic, so 0.29 USD is exactly 29 cents', () => {
    expect(decimalToMinorUnits('0.29', 'USD')).toBe(29);
    expect(decimalToMinorUnits('403.00', 'USD')).toBe(40300);
    expect(decimalToMinorUnits('403', 'USD')).toBe(40300);
    expect(decimalToMinorUnits('-5.5', 'EUR')).toBe(-550);
  });

  it("follows the currency's minor unit (JPY has none, KWD has three)", () => {
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(decimalToMinorUnits('1500', 'JPY')).toBe(1500);
    expect(decimalToMinorUnits('1.234', 'KWD')).toBe(1234);
  });

  it('gives NaN for text that is not a decimal or has digits below the minor unit', () => {
    expect(decimalToMinorUnits('1,00', 'USD')).toBeNaN();
    expect(decimalToMinorUnits('0.001', 'USD')).toBeNaN();
    expect(decimalToMinorUnits('', 'USD')).toBeNaN();
  });
});
