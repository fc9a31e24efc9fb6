/** What a person types as a comparison value: `1000` is the number, `true`/`false` the booleans, anything else text. */
export function literalOf(text: string): string | number | boolean {
  const trimmed = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  return text;
}

export const textOf = (value: string | number | boolean | undefined): string => (value === undefined ? '' : String(value));
