import { createHash } from 'node:crypto';

export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

export interface ShapeEntry {
  /** Every JSON type seen at this path (several only inside arrays). */
  types: JsonType[];
  /** The containing path: '' for top-level fields, `items` for `items[]`, `items[]` for `items[].id`. */
  parent: string;
}

/** Field path -> JSON type. Array elements collapse to `path[]`, so a list of 1 or 100 items has one shape. */
export type PayloadShape = Map<string, ShapeEntry>;

export function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? type : 'object';
}

/**
 * A 53-bit digest of a payload's structure — keys in order, JSON types, nesting and array
 * lengths, not values — from one walk that allocates nothing: the cache key of the no-drift case
 * (DriftDetector), ahead of extractShape, which builds a Map and a path string per field (4 % of
 * a worker's CPU). Equal digests mean equal shapes but for a collision (two FNV-1a lanes, ~1 in
 * 2^53 per pair); a list of 3 items and one of 4 have different digests and the same shape, so
 * each length is looked up once with extractShape.
 */
export function structureDigest(payload: unknown): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  const mix = (code: number) => {
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  };
  const visit = (value: unknown): void => {
    if (value === null) return mix(1);
    if (Array.isArray(value)) {
      mix(2);
      for (const element of value) visit(element);
      return mix(3);
    }
    switch (typeof value) {
      case 'string':
        return mix(4);
      case 'number':
        return mix(5);
      case 'boolean':
        return mix(6);
      case 'object': {
        mix(7);
        for (const key in value) {
          if (!Object.hasOwn(value, key)) continue;
          for (let i = 0; i < key.length; i += 1) mix(key.charCodeAt(i) + 16);
          mix(9); // the key's end: "ab" + "c" is not "a" + "bc"
          visit((value as Record<string, unknown>)[key]);
        }
        return mix(8);
      }
      default:
        return mix(10); // not JSON (undefined, a function): counted, never equal to a JSON type
    }
  };
  visit(payload);
  return (a >>> 0) * 2 ** 21 + (b >>> 11);
}

/** The shape of a JSON payload (paths are dot-separated: a key holding a dot is ambiguous, which only costs precision). */
export function extractShape(payload: unknown): PayloadShape {
  const shape: PayloadShape = new Map();
  const note = (path: string, parent: string, value: unknown) => {
    const type = jsonType(value);
    const entry = shape.get(path);
    if (!entry) shape.set(path, { types: [type], parent });
    else if (!entry.types.includes(type)) entry.types.push(type);
    walk(path, value);
  };
  const walk = (path: string, value: unknown) => {
    if (Array.isArray(value)) {
      for (const element of value) note(`${path}[]`, path, element);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) note(path === '' ? key : `${path}.${key}`, path, child);
    }
  };
  walk('', payload);
  for (const entry of shape.values()) entry.types.sort();
  return shape;
}

/**
 * The shape as text in the payload's own key order: the in-memory cache key, so the no-drift
 * case costs one walk and one Set lookup (no sort, no digest). The same shape with its keys in
 * another order only misses the cache once; the stored digest (shapeHash) still knows it.
 */
export function shapeSignature(shape: PayloadShape): string {
  let text = '';
  for (const [path, entry] of shape) text += `${path}\t${entry.types.join('|')}\n`;
  return text;
}

/** A digest of a shape that ignores key order: what PostgreSQL remembers. */
export function shapeHash(shape: PayloadShape): string {
  const lines = [...shape.entries()].map(([path, entry]) => `${path}\t${entry.types.join('|')}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('base64url');
}
