import { z } from 'zod';
import { SourceRef } from './source-ref.js';
import { Timestamp } from './timestamp.js';

/** A person in a CRM (HubSpot contact, Salesforce lead/contact), not necessarily a buyer. */
export const Contact = z.object({
  source: SourceRef,
  email: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  createdAt: Timestamp,
});
export type Contact = z.infer<typeof Contact>;
