/** One field of an action's input, as its form shows it. */
export interface InputField {
  name: string;
  required: boolean;
  /** `string`, `number`, `object`, … or `any` when the schema does not say. */
  type: string;
  description?: string;
  format?: string;
  /** Literal values the field accepts: the form offers them as a select. */
  enumValues?: (string | number | boolean)[];
}

type Schema = { type?: unknown; description?: unknown; format?: unknown; enum?: unknown; const?: unknown; anyOf?: unknown };

function typeOf(schema: Schema): string {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type.filter((t) => t !== 'null').join(' or ') || 'any';
  return 'any';
}

/** The fields of an action's input JSON Schema (the catalog's `input`), required ones first, each in its declared order. */
export function inputFields(schema: unknown): InputField[] {
  const root = (schema ?? {}) as { properties?: Record<string, Schema>; required?: unknown };
  const required = new Set(Array.isArray(root.required) ? (root.required as string[]) : []);
  const fields = Object.entries(root.properties ?? {}).map(([name, property]): InputField => {
    const enumValues = Array.isArray(property.enum) ? (property.enum as (string | number | boolean)[]).filter((v) => v !== null) : undefined;
    return {
      name,
      required: required.has(name),
      type: typeOf(property),
      ...(typeof property.description === 'string' ? { description: property.description } : {}),
      ...(typeof property.format === 'string' ? { format: property.format } : {}),
      ...(enumValues && enumValues.length > 0 ? { enumValues } : {}),
    };
  });
  return [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)];
}

/** The JSONata expression of a literal (what an enum select writes): `"EUR"`, `12`, `true`. */
export const literalExpression = (value: string | number | boolean): string => JSON.stringify(value);
