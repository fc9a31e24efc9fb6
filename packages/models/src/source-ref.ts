import { z } from 'zod';

/** Where a canonical record came from: the connector and the provider's own id of the object. */
export const SourceRef = z.object({
  /** Connector id (`stripe`, `shopify`, …). */
  connector: z.string().min(1),
  /** The provider's id of the object, as a string (Shopify's numeric ids too). */
  id: z.string().min(1),
});
export type SourceRef = z.infer<typeof SourceRef>;
