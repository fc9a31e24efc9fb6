import { z } from 'zod';
import { SourceRef } from './source-ref.js';
import { Timestamp } from './timestamp.js';

/** A support request (Zendesk, Freshdesk, Intercom ticket). */
export const Ticket = z.object({
  source: SourceRef,
  subject: z.string(),
  description: z.string().nullable(),
  status: z.enum(['new', 'open', 'pending', 'on_hold', 'solved', 'closed']),
  priority: z.enum(['low', 'normal', 'high', 'urgent']).nullable(),
  requesterEmail: z.string().nullable(),
  createdAt: Timestamp,
});
export type Ticket = z.infer<typeof Ticket>;
