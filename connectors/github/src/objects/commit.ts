import { z } from 'zod';
import { GitSha } from './git-sha.js';

const GitActor = z.object({ name: z.string(), email: z.string().nullable(), username: z.string().optional() }).loose();

/** A commit as listed in a `push` payload. */
export const Commit = z
  .object({
    id: GitSha,
    tree_id: GitSha,
    distinct: z.boolean(),
    message: z.string(),
    timestamp: z.string(),
    url: z.string(),
    author: GitActor,
    committer: GitActor,
    added: z.array(z.string()),
    removed: z.array(z.string()),
    modified: z.array(z.string()),
  })
  .loose();
export type Commit = z.infer<typeof Commit>;
