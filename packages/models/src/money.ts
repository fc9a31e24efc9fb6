import { z } from 'zod';

/** A three-letter ISO 4217 code, upper-case (`USD`). */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'an upper-case ISO 4217 code such as "USD"');
export type CurrencyCode = z.infer<typeof CurrencyCode>;

/** An amount in the currency's minor unit (cents for USD, yen for JPY), so no float ever rounds it. */
export const Money = z.object({
  /** Integer minor units; negative for credits and refunds. */
  amount: z.number().int(),
  currency: CurrencyCode,
});
export type Money = z.infer<typeof Money>;

/** Minor-unit digits of a currency (2 for USD, 0 for JPY, 3 for KWD), from the runtime's ICU data. */
export function minorUnitDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * A decimal string as REST APIs write money (`"403.00"`) in minor units, by string arithmetic
 * (`Number("0.29") * 100` is 28.999…). NaN when the text is not a plain decimal or has more
 * significant digits than the currency's minor unit: the model check then refuses it.
 */
export function decimalToMinorUnits(decimal: string, currency: string): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal);
  if (!match) return Number.NaN;
  const [, sign, whole, fraction = ''] = match;
  const digits = minorUnitDigits(currency);
  if (fraction.slice(digits).replaceAll('0', '') !== '') return Number.NaN;
  const minor = Number(`${whole}${fraction.slice(0, digits).padEnd(digits, '0')}`);
  return sign === '-' ? -minor : minor;
}
