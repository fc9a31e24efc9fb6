import { z } from 'zod';

/**
 * Converts a JSON Schema (object/properties/required/additionalProperties, arrays, string
 * formats, enums, integer, `type: [x, "null"]`, local $ref) with zod's own converter. Each
 * conversion gets its own registry so loading declarations does not grow zod's global one.
 * Throws (a plain Error from zod) on what zod cannot express, e.g. if/then/else.
 */
export function jsonSchemaToZod(schema: unknown): z.ZodType {
  if (typeof schema === 'boolean') return z.fromJSONSchema(schema);
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new TypeError('a JSON Schema is an object (or true/false)');
  }
  return z.fromJSONSchema(schema as z.core.JSONSchema.JSONSchema, { registry: z.registry() });
}
