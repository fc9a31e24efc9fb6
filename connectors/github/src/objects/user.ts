import { z } from 'zod';

/** A GitHub account as it appears in `sender`, `owner`, `user`, `assignee` … */
export const User = z
  .object({
    login: z.string().min(1),
    id: z.number().int().positive(),
    node_id: z.string(),
    avatar_url: z.string(),
    html_url: z.string(),
    url: z.string(),
    // User, Organization, Bot, Mannequin …: a new kind must not quarantine every event it sends.
    type: z.string().min(1),
    site_admin: z.boolean(),
  })
  .loose();
export type User = z.infer<typeof User>;
