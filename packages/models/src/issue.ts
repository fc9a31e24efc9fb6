import { z } from 'zod';
import { SourceRef } from './source-ref.js';
import { Timestamp } from './timestamp.js';

/** A tracked piece of work: a GitHub issue, a Jira or Linear issue. */
export const Issue = z.object({
  source: SourceRef,
  /** The key people use (`1347`, `PROJ-42`). */
  key: z.string().min(1),
  title: z.string(),
  body: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  /** Login or name of whoever opened it. */
  author: z.string().nullable(),
  labels: z.array(z.string()),
  url: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Issue = z.infer<typeof Issue>;
