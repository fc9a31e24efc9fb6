import { z } from 'zod';
import { Label } from './label.js';
import { User } from './user.js';

/** https://docs.github.com/en/rest/issues/issues#get-an-issue (the webhook `issue` object) */
export const Issue = z
  .object({
    id: z.number().int().positive(),
    node_id: z.string(),
    url: z.string(),
    html_url: z.string(),
    number: z.number().int().positive(),
    title: z.string(),
    user: User,
    labels: z.array(Label),
    state: z.enum(['open', 'closed']),
    locked: z.boolean(),
    assignee: User.nullable(),
    assignees: z.array(User),
    comments: z.number().int().nonnegative(),
    created_at: z.string(),
    updated_at: z.string(),
    closed_at: z.string().nullable(),
    author_association: z.string(),
    body: z.string().nullable(),
  })
  .loose();
export type Issue = z.infer<typeof Issue>;
