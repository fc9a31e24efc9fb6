import { z } from 'zod';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `X | null` written as a union (what JSON Schema's `type: [object, "null"]` converts to): X. */
function nonNullOption(schema: z.ZodType): z.ZodType | undefined {
  if (!(schema instanceof z.ZodUnion)) return undefined;
  const options = (schema.options as readonly z.ZodType[]).filter((option) => !(option instanceof z.ZodNull));
  return options.length === 1 && schema.options.length === 2 ? options[0] : undefined;
}

/** The object schema behind `.nullable()` / `.optional()` / `| null`, if any. */
function objectSchema(schema: z.ZodType): z.ZodObject | undefined {
  let current: z.ZodType | undefined = schema;
  while (current !== undefined && !(current instanceof z.ZodObject)) {
    current = current instanceof z.ZodNullable || current instanceof z.ZodOptional ? (current.unwrap() as z.ZodType) : nonNullOption(current);
  }
  return current;
}

/**
 * Paths of the fields a schema requires (rejects the absence of) that are present in `value`,
 * descending into nested object schemas (not arrays or unions): `['data', 'object', 'amount']`.
 */
export function requiredPaths(schema: z.ZodType, value: unknown, prefix: readonly string[] = []): string[][] {
  const object = objectSchema(schema);
  if (object === undefined || !isObject(value)) return [];
  const shape = object.shape as Record<string, z.ZodType>;
  return Object.entries(shape).flatMap(([key, field]) => {
    if (field.safeParse(undefined).success || !Object.hasOwn(value, key)) return [];
    return [[...prefix, key], ...requiredPaths(field, value[key], [...prefix, key])];
  });
}

/** A deep copy of `value` with the field at `path` removed or, given `replacement`, replaced. */
export function withPath(value: unknown, path: readonly string[], replacement?: { value: unknown }): unknown {
  const copy: unknown = structuredClone(value);
  let parent: unknown = copy;
  for (const segment of path.slice(0, -1)) parent = isObject(parent) ? parent[segment] : undefined;
  const last = path.at(-1);
  if (isObject(parent) && last !== undefined) {
    if (replacement === undefined) delete parent[last];
    else parent[last] = replacement.value;
  }
  return copy;
}

/** The value at `path`. */
export function atPath(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, segment) => (isObject(node) ? node[segment] : undefined), value);
}
