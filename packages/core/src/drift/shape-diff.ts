import type { JsonType, PayloadShape } from './payload-shape.js';

/** What the hub has observed of one event type of one connector (persisted as jsonb). */
export interface ObservedShape {
  /** Distinct payload shapes folded in so far. */
  shapes: number;
  paths: Record<string, ObservedPath>;
}

export interface ObservedPath {
  types: JsonType[];
  parent: string;
  /** Distinct shapes that had this path. */
  seen: number;
  /** Distinct shapes in which this path held an object (its fields could be present). */
  objectSeen: number;
}

export interface SchemaDiff {
  added: { path: string; type: string }[];
  removed: { path: string; type: string }[];
  retyped: { path: string; from: string; to: string }[];
}

export const EMPTY_OBSERVED: ObservedShape = { shapes: 0, paths: {} };

export function isEmptyDiff(diff: SchemaDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.retyped.length === 0;
}

const nonNull = (types: readonly JsonType[]) => types.filter((t) => t !== 'null');

/**
 * Field-level difference between what was observed and one payload's shape. Rules, chosen so
 * that optional and nullable fields do not raise noise:
 * - added: a path never observed (only the top-most one when a whole object is new);
 * - removed: a path present in EVERY shape observed so far in which its parent was an object,
 *   missing now while its parent is an object here too (a field under a null parent or in an
 *   empty array is unknown, not removed; a field that was ever absent is optional);
 * - retyped: a non-null type never observed at a path that had non-null types (null <-> a type
 *   is nullability, not a retype).
 * The first shape is the baseline: nothing to compare with, so no drift.
 */
export function diffShape(observed: ObservedShape, shape: PayloadShape): SchemaDiff {
  const diff: SchemaDiff = { added: [], removed: [], retyped: [] };
  if (observed.shapes === 0) return diff;
  const known = (path: string) => Object.hasOwn(observed.paths, path);
  for (const [path, entry] of shape) {
    const before = known(path) ? observed.paths[path] : undefined;
    if (!before) {
      if (entry.parent === '' || known(entry.parent)) diff.added.push({ path, type: entry.types.join('|') });
      continue;
    }
    const had = nonNull(before.types);
    const fresh = nonNull(entry.types).filter((t) => !before.types.includes(t));
    if (had.length > 0 && fresh.length > 0) diff.retyped.push({ path, from: had.join('|'), to: fresh.join('|') });
  }
  const objectSeen = (path: string) => (path === '' ? observed.shapes : (observed.paths[path]?.objectSeen ?? 0));
  const isObjectHere = (path: string) => path === '' || (shape.get(path)?.types.includes('object') ?? false);
  for (const [path, before] of Object.entries(observed.paths)) {
    if (shape.has(path) || path.endsWith('[]')) continue; // an empty array is not a removed element
    if (isObjectHere(before.parent) && before.seen === objectSeen(before.parent)) {
      diff.removed.push({ path, type: (nonNull(before.types).join('|') || 'null') });
    }
  }
  return diff;
}

/** The observed shape with one more distinct payload shape folded in. */
export function mergeShape(observed: ObservedShape, shape: PayloadShape): ObservedShape {
  const paths: Record<string, ObservedPath> = { ...observed.paths };
  for (const [path, entry] of shape) {
    const before = Object.hasOwn(paths, path) ? paths[path] : undefined;
    const types = [...new Set([...(before?.types ?? []), ...entry.types])].sort();
    paths[path] = {
      types,
      parent: entry.parent,
      seen: (before?.seen ?? 0) + 1,
      objectSeen: (before?.objectSeen ?? 0) + (entry.types.includes('object') ? 1 : 0),
    };
  }
  return { shapes: observed.shapes + 1, paths };
}
