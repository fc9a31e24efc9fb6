import { z } from 'zod';
import { User } from './user.js';

/** A repository. In `push` payloads `created_at`/`pushed_at` are Unix seconds, elsewhere ISO strings. */
export const Repository = z
  .object({
    id: z.number().int().positive(),
    node_id: z.string(),
    name: z.string().min(1),
    full_name: z.string().regex(/^[^/]+\/[^/]+$/, 'owner/name'),
    private: z.boolean(),
    owner: User,
    html_url: z.string(),
    description: z.string().nullable(),
    fork: z.boolean(),
    url: z.string(),
    created_at: z.union([z.string(), z.number().int()]),
    updated_at: z.string(),
    pushed_at: z.union([z.string(), z.number().int()]).nullable(),
    default_branch: z.string(),
  })
  .loose();
export type Repository = z.infer<typeof Repository>;
