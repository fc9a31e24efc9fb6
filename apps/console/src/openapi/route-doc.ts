import type { z } from 'zod';

/**
 * What a console API route says about itself. Every /api route carries one as `config.openapi`;
 * GET /api/openapi.json is built from them, with the same zod schemas the handler parses with,
 * so the document cannot describe an input the route does not take.
 */
export interface RouteDoc {
  /** One line: what the route answers or does. */
  summary: string;
  /** What a caller should know beyond the summary (limits, which error codes come back, where the docs say more). */
  description?: string;
  /** Path parameters, as the handler parses them. */
  params?: z.ZodObject;
  /** Query string, as the handler parses it. */
  query?: z.ZodObject;
  /** JSON body, as the handler parses it. */
  body?: z.ZodType;
  /** What a successful answer holds. */
  answer: string;
  /** Status of a success (200 unless said). */
  status?: 200 | 201;
  /** Media type of the answer (JSON unless said). */
  produces?: 'application/json' | 'text/event-stream' | readonly ('text/csv' | 'application/x-ndjson')[];
  /** Refusals besides a bad input (400), no or a wrong token (401) and a viewer token acting (403): when each happens. */
  errors?: Partial<Record<404 | 409, string>>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's OpenAPI operation (apps/console/src/openapi/route-doc.ts); required on every /api route. */
    openapi?: RouteDoc;
  }
}
