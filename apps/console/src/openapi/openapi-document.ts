import type { DocumentedRoute } from './api-route-catalog.js';
import { jsonSchemaOf } from './json-schema-of.js';

type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, unknown>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, JsonSchema> };
  security: Array<Record<string, string[]>>;
}

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const errorAnswer = (description: string) => ({ description, content: { 'application/json': { schema: ERROR_REF } } });

/** /api/events/:eventId → /api/events/{eventId} */
export const openApiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function parameters(where: 'path' | 'query', schema: JsonSchema): unknown[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, { description, ...property }]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof description === 'string' ? { description } : {}),
    schema: property,
  }));
}

function operation(route: DocumentedRoute, schemas: Record<string, JsonSchema>): Record<string, unknown> {
  const { doc } = route;
  const prefix = `${route.method.toLowerCase()}${openApiPath(route.url).replace(/[^A-Za-z0-9]+/g, '_')}`;
  const needs = route.role === 'operator' ? 'Needs an operator token.' : 'Any token (viewer or operator).';
  const params = doc.params ? parameters('path', jsonSchemaOf(doc.params, schemas, prefix)) : [];
  const query = doc.query ? parameters('query', jsonSchemaOf(doc.query, schemas, prefix)) : [];
  // A body the handler reads as `request.body ?? {}` is optional: the schema accepts an empty object.
  const body = doc.body ? { required: !doc.body.safeParse({}).success, content: { 'application/json': { schema: jsonSchemaOf(doc.body, schemas, prefix) } } } : undefined;
  const takesInput = params.length + query.length > 0 || body !== undefined;
  return {
    tags: [route.url.split('/')[2]],
    summary: doc.summary,
    description: [doc.description, needs].filter(Boolean).join('\n\n'),
    'x-hub-role': route.role,
    ...(params.length + query.length > 0 ? { parameters: [...params, ...query] } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: {
      [String(doc.status ?? 200)]: { description: doc.answer, content: Object.fromEntries([doc.produces ?? 'application/json'].flat().map((type) => [type, {}])) },
      ...(takesInput ? { 400: errorAnswer('HUB_BAD_REQUEST: the input does not parse (the message says which field and why)') } : {}),
      401: errorAnswer('HUB_UNAUTHORIZED: no token, or not a valid one'),
      ...(route.role === 'operator' ? { 403: errorAnswer('HUB_FORBIDDEN: a viewer token; HUB_WRITE_DISABLED: a development console without any credential') } : {}),
      ...Object.fromEntries(Object.entries(doc.errors ?? {}).map(([status, when]) => [status, errorAnswer(when)])),
    },
  };
}

/** OpenAPI 3.1 for the console API, from the routes as registered (method, path, role, schemas). */
export function openApiDocument(routes: readonly DocumentedRoute[], version: string): OpenApiDocument {
  const schemas: Record<string, JsonSchema> = {
    Error: {
      type: 'object',
      properties: { error: { type: 'object', properties: { code: { type: 'string', description: 'a code from docs/errors.md' }, message: { type: 'string' } }, required: ['code', 'message'] } },
      required: ['error'],
    },
  };
  const paths: OpenApiDocument['paths'] = {};
  for (const route of [...routes].sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method))) {
    (paths[openApiPath(route.url)] ??= {})[route.method.toLowerCase()] = operation(route, schemas);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Integration Hub console API',
      version,
      description: 'Reads of the event store, health, alerts and workflows, and the operator actions (replay, alert mute/resolve, workflow changes). Every route needs `Authorization: Bearer <token>` (`hub tokens create <name> --role viewer|operator`); docs/console.md.',
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a named token (hub tokens create) or HUB_CONSOLE_TOKEN' } },
      schemas,
    },
    security: [{ bearer: [] }],
  };
}
