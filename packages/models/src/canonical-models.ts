import type { z } from 'zod';
import { Contact } from './contact.js';
import { Customer } from './customer.js';
import { Issue } from './issue.js';
import { Message } from './message.js';
import { Order } from './order.js';
import { Payment } from './payment.js';
import { Ticket } from './ticket.js';

/** Every canonical model by the name adapters use (`model: 'Payment'`). */
export const CanonicalModels = { Customer, Payment, Order, Contact, Issue, Message, Ticket } as const;
export type CanonicalModelName = keyof typeof CanonicalModels;
export type CanonicalModel<N extends CanonicalModelName> = z.infer<(typeof CanonicalModels)[N]>;

export type ParseCanonicalResult =
  | { ok: true; model: CanonicalModelName; value: unknown }
  | { ok: false; reason: 'unknown_model'; issues: [] }
  | { ok: false; reason: 'invalid'; issues: z.core.$ZodIssue[] };

export function isCanonicalModelName(name: string): name is CanonicalModelName {
  // Object.hasOwn: `toString` must not pass for a model.
  return Object.hasOwn(CanonicalModels, name);
}

/** Validates a value against a canonical model named at run time (adapters name theirs as data). */
export function parseCanonical(model: string, value: unknown): ParseCanonicalResult {
  if (!isCanonicalModelName(model)) return { ok: false, reason: 'unknown_model', issues: [] };
  const parsed = CanonicalModels[model].safeParse(value);
  return parsed.success ? { ok: true, model, value: parsed.data } : { ok: false, reason: 'invalid', issues: parsed.error.issues };
}
