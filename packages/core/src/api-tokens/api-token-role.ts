import { z } from 'zod';

/**
 * What a console API token may do. `viewer`: every read (health, events with their payloads,
 * DLQ lists, dry runs). `operator`: also replay, mute / resolve / acknowledge alerts and change
 * workflows. Ordered: an operator may do all a viewer may.
 */
export const ApiTokenRole = z.enum(['viewer', 'operator']);
export type ApiTokenRole = z.infer<typeof ApiTokenRole>;

const RANK: Record<ApiTokenRole, number> = { viewer: 1, operator: 2 };

/** True when a token of `held` may do what needs `needed`. */
export function roleAllows(held: ApiTokenRole, needed: ApiTokenRole): boolean {
  return RANK[held] >= RANK[needed];
}
