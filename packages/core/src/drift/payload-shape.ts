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
