import { z } from 'zod';

/** An ISO 8601 date-time with a zone (`2024-08-22T14:10:02Z`, `2024-08-22T10:14:51-04:00`). */
export const Timestamp = z.iso.datetime({ offset: true });
export type Timestamp = z.infer<typeof Timestamp>;

/** Unix seconds (Stripe's `created`) as an ISO 8601 UTC timestamp. */
export function fromUnixSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
