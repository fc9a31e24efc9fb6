import { z } from 'zod';

/** The shortest window retention accepts: providers retry for up to 3 days (Stripe), and duplicates are told apart by the first delivery, which must still be stored. */
export const MIN_RETENTION_DAYS = 7;

/** Retention of the event store, shared by `hub retention run` and the worker's schedule (docs/reliability.md). */
export const RetentionEnv = z.object({
  /** Webhook streams finished longer ago than this are archived, then deleted; replay reaches back this far. */
  HUB_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(MIN_RETENTION_DAYS, `at least ${MIN_RETENTION_DAYS}: providers retry a delivery for up to 3 days, and a retry is known as a duplicate only while the first is stored`)
    .max(36_500)
    .default(30),
  /** Where retention writes its archive (gzipped NDJSON, one folder per day). Unset: no event is deleted (rollups are still pruned). */
  HUB_ARCHIVE_DIR: z.string().min(1).optional(),
});
export type RetentionConfig = z.infer<typeof RetentionEnv>;
