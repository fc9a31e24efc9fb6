import { z } from 'zod';
import { SourceRef } from './source-ref.js';
import { Timestamp } from './timestamp.js';

/** A chat or e-mail message (Slack, Teams, Twilio, …). */
export const Message = z.object({
  source: SourceRef,
  /** Channel, conversation or mailbox id. */
  channel: z.string().nullable(),
  /** Thread or conversation the message replies in, when any. */
  threadId: z.string().nullable(),
  author: z.string().nullable(),
  text: z.string(),
  sentAt: Timestamp,
});
export type Message = z.infer<typeof Message>;
