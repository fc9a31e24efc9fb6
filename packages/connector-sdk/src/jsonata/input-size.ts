/**
 * Whether the JSON of `values` would be longer than `budget` characters, looking no further than
 * that: a 2 kB payload costs a walk of its ~50 nodes, a 1 MB one stops after the budget.
 */
export function jsonLongerThan(values: readonly unknown[], budget: number): boolean {
  let length = 0;
  const pending: unknown[] = [...values];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') length += value.length + 2;
    else if (Array.isArray(value)) {
      length += value.length + 1;
      for (const element of value) pending.push(element);
    } else if (typeof value === 'object' && value !== null) {
      length += 2;
      for (const key in value) {
        length += key.length + 4; // quotes, colon, comma
        pending.push((value as Record<string, unknown>)[key]);
      }
    } else length += 5;
    if (length > budget) return true;
  }
  return false;
}
