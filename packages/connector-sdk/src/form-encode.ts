import qs from 'qs';

export interface FormEncodeOptions {
  /**
   * `empty` (default): a null value is sent as `key=` — Stripe reads that as "unset this field".
   * `omit`: nulls are left out, like undefined values always are.
   */
  nulls?: 'empty' | 'omit';
}

/**
 * application/x-www-form-urlencoded as Stripe, Twilio and Rails read it (qs, the library those
 * ecosystems use): nested objects as `metadata[order]=6735`, arrays as `expand[0]=charge`, spaces
 * as `+`, brackets percent-encoded.
 */
export function formEncode(params: Record<string, unknown>, { nulls = 'empty' }: FormEncodeOptions = {}): string {
  return qs.stringify(params, { arrayFormat: 'indices', format: 'RFC1738', skipNulls: nulls === 'omit' });
}
