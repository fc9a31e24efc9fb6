import { coerceToSchema } from './coerce-to-schema.js';
import { parseFormBody } from './parse-form-body.js';
import type { JsonSchemaObject, SimulatorRoute } from './simulator-entry.js';
import { validateJsonSchema } from './validate-json-schema.js';

/** One way a request differs from the provider's documented shape. */
export interface RequestMismatch {
  /** Where: no route matched, a header, the body or the query string. */
  in: 'route' | 'header' | 'body' | 'query';
  /** The header name or the dotted path of the field (`metadata.order`); empty for the whole body. */
  field: string;
  message: string;
}

export interface ReceivedRequest {
  method: string;
  /** Path with the query string. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

const MEDIA_TYPES = { json: 'application/json', form: 'application/x-www-form-urlencoded' } as const;

/** The media type of a header value, without parameters (`; charset=utf-8`), lower-case. */
function mediaType(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.split(';')[0]?.trim().toLowerCase();
}

function schemaIssues(where: 'body' | 'query', schema: JsonSchemaObject, value: unknown): RequestMismatch[] {
  return validateJsonSchema(schema, value).map((issue) => ({ in: where, ...issue }));
}

/** Parses the body as the route's encoding says; a body that is not what it claims is one mismatch. */
function parseBody(route: SimulatorRoute, request: ReceivedRequest): { body: unknown; mismatches: RequestMismatch[] } {
  if (request.rawBody === '') return { body: undefined, mismatches: [] };
  if (route.request.bodyEncoding === 'form') return { body: coerceToSchema(parseFormBody(request.rawBody), route.request.body), mismatches: [] };
  try {
    return { body: JSON.parse(request.rawBody) as unknown, mismatches: [] };
  } catch {
    return { body: request.rawBody, mismatches: [{ in: 'body', field: '', message: 'Body is not valid JSON' }] };
  }
}

/** Every way `request` differs from what `route` documents: headers, content type, body, query. */
export function checkRequest(route: SimulatorRoute, request: ReceivedRequest): { body: unknown; mismatches: RequestMismatch[] } {
  const mismatches: RequestMismatch[] = [];
  const required: Record<string, string | null> = { ...route.request.headers };
  if (route.request.idempotencyKeyHeader !== undefined) required[route.request.idempotencyKeyHeader] ??= null;
  if (route.request.body !== undefined) required['content-type'] ??= MEDIA_TYPES[route.request.bodyEncoding];
  for (const [name, expected] of Object.entries(required)) {
    const actual = request.headers[name];
    if (actual === undefined || actual === '') mismatches.push({ in: 'header', field: name, message: `Missing required header ${name}` });
    else if (expected !== null && mediaType(actual) !== expected.split(';')[0]?.trim().toLowerCase()) {
      mismatches.push({ in: 'header', field: name, message: `Expected ${name}: ${expected}, received ${String(actual)}` });
    }
  }
  // A body in another encoding than documented is one mismatch (its content-type), not one per field.
  if (mismatches.some((m) => m.field === 'content-type')) return { body: request.rawBody, mismatches };
  const { body, mismatches: bodyMismatches } = parseBody(route, request);
  mismatches.push(...bodyMismatches);
  if (route.request.body !== undefined && bodyMismatches.length === 0) mismatches.push(...schemaIssues('body', route.request.body, body ?? {}));
  if (route.request.query !== undefined) {
    const query = coerceToSchema(parseFormBody(request.path.split('?')[1] ?? ''), route.request.query);
    mismatches.push(...schemaIssues('query', route.request.query, query));
  }
  return { body, mismatches };
}
