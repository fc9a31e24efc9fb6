// @ts-check
// What an evaluator and the hub process's in-process evaluations (src/jsonata/in-process-evaluation.ts)
// must decide the same way: plain JavaScript beside the evaluator, so both load this one file.

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
      // for…in over own keys rather than Object.entries: no [key, value] array per property (this
      // runs on every in-process evaluation's input; entries were 3 % of a worker's allocations).
      for (const key in item) {
        if (!Object.hasOwn(item, key)) continue;
        length += key.length + 4;
        pending.push(/** @type {Record<string, unknown>} */ (item)[key]);
      }
    } else length += 1;
  }
  return length;
}

/**
 * How an evaluation failed, as an evaluator replies it: jsonata throws plain objects
 * `{ code, message, position }`; the engine throws RangeErrors (stack, string or array length).
 * @param {any} err
 * @returns {{ kind: 'timeout' | 'resource' | 'failed'; code: string | undefined; message: string; position: number | undefined }}
 */
export function failureOf(err) {
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const kind = code === 'D1012' ? 'timeout' : code === 'D1011' || code === 'D2014' || err instanceof RangeError ? 'resource' : 'failed';
  return { kind, code, message: typeof err?.message === 'string' ? err.message : String(err), position: typeof err?.position === 'number' ? err.position : undefined };
}
