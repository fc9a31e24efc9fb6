import type { FieldChange } from './diff-workflows';

const MAX_VALUE_CHARS = 80;

/** A value as it reads in one line of a diff: JSON, cut at 80 characters. */
export function shortValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/**
 * One line of the textual diff: `when.value: 1000 → 500`, `input.phone: added "phone"`,
 * `edges: + crm (false), − slack (true)`.
 */
export function describeFieldChange({ path, before, after }: FieldChange): string {
  if (path === 'edges' && Array.isArray(before) && Array.isArray(after)) {
    const added = after.filter((e) => !before.includes(e)).map((e) => `+ ${String(e)}`);
    const removed = before.filter((e) => !after.includes(e)).map((e) => `− ${String(e)}`);
    return `edges: ${[...added, ...removed].join(', ')}`;
  }
  if (before === undefined) return `${path}: added ${shortValue(after)}`;
  if (after === undefined) return `${path}: removed (was ${shortValue(before)})`;
  return `${path}: ${shortValue(before)} → ${shortValue(after)}`;
}
