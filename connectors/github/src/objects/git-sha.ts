import { z } from 'zod';

/** A full 40-character commit SHA. */
export const GitSha = z.string().regex(/^[0-9a-f]{40}$/, 'a 40-character hex commit SHA');
export type GitSha = z.infer<typeof GitSha>;
