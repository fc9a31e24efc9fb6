import { z } from 'zod';
import { Repository } from './repository.js';
import { User } from './user.js';

/** Fields every repository event carries. */
export const WebhookBase = z
  .object({
    repository: Repository,
    sender: User,
    installation: z.object({ id: z.number().int().positive(), node_id: z.string() }).loose().optional(),
    organization: z.object({ login: z.string(), id: z.number().int().positive() }).loose().optional(),
  })
  .loose();
export type WebhookBase = z.infer<typeof WebhookBase>;
