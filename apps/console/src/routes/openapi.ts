import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ApiRouteCatalog } from '../openapi/api-route-catalog.js';
import { openApiDocument, type OpenApiDocument } from '../openapi/openapi-document.js';

/** The console package's version (src/routes and dist/routes are both two levels below it). */
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * GET /api/openapi.json — OpenAPI 3.1 of every /api route, built from what each route registered
 * (method, path, the scope's role, its zod schemas). Inside the viewer scope like every /api path:
 * the document holds no data, but one rule ("all of /api needs a token") is easier to keep than an exception.
 */
export function registerOpenApiRoute(app: FastifyInstance, catalog: ApiRouteCatalog): void {
  // Built at the first request: by then every scope has registered its routes.
  let document: OpenApiDocument | undefined;
  app.get('/api/openapi.json', { config: { openapi: { summary: 'this document: OpenAPI 3.1 of the console API', answer: 'the OpenAPI document' } } }, async () => {
    document ??= openApiDocument(catalog.list(), VERSION);
    return document;
  });
}
