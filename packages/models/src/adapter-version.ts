import type { z } from 'zod';

/**
 * One provider API version of an adapter, typed: `toCanonical` receives what `schema` parsed
 * (the hub hands it the schema's output) and the return type is checked by the caller's
 * annotation (`(e): Payment => …`). Structurally an `EventAdapterVersion` of @hub/connector-sdk.
 */
export function adapterVersion<S extends z.ZodType, R>(schema: S, toCanonical: (payload: z.output<S>) => R): { schema: S; toCanonical(payload: unknown): R } {
  return { schema, toCanonical: (payload) => toCanonical(payload as z.output<S>) };
}
