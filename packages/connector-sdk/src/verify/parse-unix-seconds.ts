/** A Unix timestamp in seconds written as plain digits, or undefined. */
export function parseUnixSeconds(text: string): number | undefined {
  if (!/^\d{1,12}$/.test(text)) return undefined;
  return Number(text);
}
