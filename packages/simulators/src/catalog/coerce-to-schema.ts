import type { JsonSchemaObject } from './simulator-entry.js';

function types(schema: JsonSchemaObject): string[] {
  const { type } = schema;
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : typeof type === 'string' ? [type] : [];
}

function asSchema(value: unknown): JsonSchemaObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonSchemaObject) : undefined;
}

function coerceLeaf(value: string, wanted: string[]): unknown {
  if ((wanted.includes('integer') || wanted.includes('number')) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (wanted.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/**
 * Gives the string leaves of a form-encoded body or a query the types its JSON Schema names
 * (`amount=500` -> 500 where the schema says integer), as the provider reads them. A value that
 * cannot be read as the named type stays a string, so validation reports it.
 */
export function coerceToSchema(value: unknown, schema: JsonSchemaObject | undefined): unknown {
  if (schema === undefined) return value;
  if (typeof value === 'string') return coerceLeaf(value, types(schema));
  if (Array.isArray(value)) return value.map((item) => coerceToSchema(item, asSchema(schema.items)));
  if (typeof value !== 'object' || value === null) return value;
  const properties = asSchema(schema.properties) ?? {};
  const additional = asSchema(schema.additionalProperties);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, coerceToSchema(item, asSchema(properties[key]) ?? additional)]));
}
