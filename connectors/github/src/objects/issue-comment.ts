import { z } from 'zod';
import { User } from './user.js';

/** An issue comment as the REST API returns it (https://docs.github.com/rest/issues/comments). */
export const IssueComment = z
  .object({
    id: z.number().int().positive(),
    node_id: z.string(),
    url: z.string(),
    html_url: z.string(),
    issue_url: z.string(),
    body: z.string(),
    user: User.nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    author_association: z.string().min(1),
  })
  .loose();
export type IssueComment = z.infer<typeof IssueComment>;
