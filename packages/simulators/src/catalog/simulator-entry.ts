import { z } from 'zod';

/** A JSON Schema (draft 2020-12 subset that zod's fromJSONSchema understands), kept as data. */
export const JsonSchemaObject = z.record(z.string(), z.unknown());
export type JsonSchemaObject = z.infer<typeof JsonSchemaObject>;

/**
 * Header names the provider requires, or name -> value (null: present with any value); one shape
 * for the checker: lower-case name -> value or null. A parsed entry parses again to itself.
 */
const HeaderRequirements = z
  .union([z.array(z.string().min(1)), z.record(z.string().min(1), z.string().min(1).nullable())])
  .default([])
  .transform((headers): Record<string, string | null> => {
    const entries: [string, string | null][] = Array.isArray(headers) ? headers.map((name) => [name, null]) : Object.entries(headers);
    return Object.fromEntries(entries.map(([name, value]) => [name.toLowerCase(), value]));
  });

/** One documented provider endpoint, with the input the contract suite sends to it. */
export const SimulatorRoute = z.object({
  /** The connector action this endpoint serves. */
  action: z.string().min(1),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  /** Exact path, or with `{param}` segments (one path segment each); the query string is not part of it. */
  path: z.string().startsWith('/'),
  request: z
    .object({
      /** Header names the provider requires, or name -> value (compared up to its first `;`). */
      headers: HeaderRequirements,
      /** How the body is encoded; the content-type must say so. */
      bodyEncoding: z.enum(['json', 'form']).default('json'),
      /** JSON Schema of the documented request body (form values are coerced to the types it names). */
      body: JsonSchemaObject.optional(),
      /** JSON Schema of the documented query parameters (values coerced like form values). */
      query: JsonSchemaObject.optional(),
      /** Header that must carry the hub's idempotency key (`ctx.idempotencyKey`) unchanged. */
      idempotencyKeyHeader: z.string().min(1).transform((name) => name.toLowerCase()).optional(),
    })
    .default({ headers: {}, bodyEncoding: 'json' }),
  response: z.object({
    status: z.number().int().min(100).max(599),
    headers: z.record(z.string(), z.string()).default({ 'content-type': 'application/json' }),
    /** The provider's documented answer (any JSON value). */
    body: z.unknown().optional(),
  }),
  /** Input the contract suite runs the action with; `{baseUrl}` in a string is the simulator's URL. */
  example: z.unknown().optional(),
});
export type SimulatorRoute = z.infer<typeof SimulatorRoute>;
export type SimulatorRouteInput = z.input<typeof SimulatorRoute>;

/** The provider's answer to a request that matches no route (its documented 404). */
export const NotFoundAnswer = z.object({
  status: z.number().int().min(400).max(599).default(404),
  headers: z.record(z.string(), z.string()).default({ 'content-type': 'application/json' }),
  body: z.unknown().optional(),
});

/** A connector package's `simulator.yaml`, with every referenced file already read. */
export const SimulatorEntry = z.object({
  routes: z.array(SimulatorRoute),
  notFound: NotFoundAnswer.optional(),
});
export type SimulatorEntry = z.infer<typeof SimulatorEntry>;
export type SimulatorEntryInput = z.input<typeof SimulatorEntry>;
