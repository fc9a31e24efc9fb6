import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { JsonSchemaObject } from './simulator-entry.js';

// allErrors: a 400 names every failing field. Formats (date-time, email) are not checked: ajv
// needs ajv-formats for them, and the documented shapes here rely on types, enums and patterns.
const options = { allErrors: true, strict: false, validateFormats: false };
const draft07 = new Ajv(options);
// Providers' OpenAPI 3.1 schemas (and the scaffold's) name draft 2020-12, which needs its own ajv class.
const draft2020 = new Ajv2020(options);
const compiled = new WeakMap<JsonSchemaObject, ValidateFunction>();

export interface SchemaIssue {
  /** Dotted path of the failing field (`metadata.order`); empty for the value itself. */
  field: string;
  message: string;
}

/** `/metadata/order` -> `metadata.order`, with the key a `required` / `additionalProperties` error names. */
function fieldOf(error: ErrorObject): string {
  const path = error.instancePath.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const key = params.missingProperty ?? params.additionalProperty;
  return [...path, ...(key === undefined ? [] : [key])].join('.');
}

function messageOf(error: ErrorObject): string {
  if (error.keyword === 'required') return 'Missing required param';
  if (error.keyword === 'additionalProperties') return 'Received unknown parameter';
  return error.message ?? error.keyword;
}

/** Every way `value` fails `schema` (JSON Schema draft-07 / 2019 keywords ajv knows), one per field and keyword. */
export function validateJsonSchema(schema: JsonSchemaObject, value: unknown): SchemaIssue[] {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    const ajv = String(schema.$schema ?? '').includes('2020-12') ? draft2020 : draft07;
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => ({ field: fieldOf(error), message: messageOf(error) }));
}
