import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema (2020-12, OpenAPI 3.1's dialect) of what a schema accepts as input. Shared or
 * recursive parts zod puts under `$defs` move to `components.schemas` (as `<prefix>.<name>`), since
 * inside an OpenAPI document `#/$defs/…` would point at the document's root.
 */
export function jsonSchemaOf(schema: z.ZodType, components: Record<string, JsonSchema>, prefix: string): JsonSchema {
  const { $schema: _dialect, $defs, ...root } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  const rename = (ref: string) => `#/components/schemas/${prefix}.${ref.slice('#/$defs/'.length)}`;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/') ? rename(inner) : rewrite(inner)]));
  };
  for (const [name, def] of Object.entries($defs ?? {})) components[`${prefix}.${name}`] = rewrite(def) as JsonSchema;
  return rewrite(root) as JsonSchema;
}
