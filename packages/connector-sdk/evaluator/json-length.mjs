// @ts-check
// Shared by the evaluator (a result's size) and the hub process (whether an input is small enough
// to evaluate in process): plain JavaScript beside the evaluator, so both load the same file.

/**
 * A lower bound of the length of the values' JSON, counted only until it passes `budget`: a
 * 50 MB string or a 1 MB payload is judged without writing its JSON or walking all of it.
 * @param {readonly unknown[]} values
 * @param {number} budget
 */
export function jsonLengthAtLeast(values, budget) {
  let length = 0;
  const pending = [...values];
  while (pending.length > 0 && length <= budget) {
    const item = pending.pop();
    if (typeof item === 'string') length += item.length + 2;
    else if (Array.isArray(item)) {
      length += item.length + 1;
      for (const element of item) pending.push(element);
    } else if (typeof item === 'object' && item !== null) {
      length += 2;
      for (const [key, element] of Object.entries(item)) {
        length += key.length + 4;
        pending.push(element);
      }
    } else length += 1;
  }
  return length;
}
