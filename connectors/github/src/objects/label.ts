import { z } from 'zod';

export const Label = z
  .object({
    id: z.number().int().positive(),
    node_id: z.string(),
    name: z.string(),
    color: z.string().regex(/^[0-9a-fA-F]{6}$/),
    default: z.boolean(),
    description: z.string().nullable(),
  })
  .loose();
export type Label = z.infer<typeof Label>;
