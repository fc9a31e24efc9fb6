import Stripe from 'stripe';
import { connectors } from './repo-connectors.js';

const stripe = new Stripe('sk_test_unused');

/** A Stripe payment_intent.succeeded (the fixture) with this event id, signed by Stripe's own SDK. */
export function signedStripeEvent(id: string, secret: string, fields: Record<string, unknown> = {}): { payload: string; headers: Record<string, string> } {
  const payload = JSON.stringify({ ...(connectors.stripe.fixtures['payment_intent.succeeded'] as object), ...fields, id });
  return { payload, headers: { 'content-type': 'application/json', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret }) } };
}

interface Injectable {
  inject(options: { method: 'POST'; url: string; payload: string; headers: Record<string, string> }): Promise<{ statusCode: number; json(): unknown }>;
}

/** Posts it to an ingress (app.inject) and returns our event id. */
export async function postStripeEvent(ingress: Injectable, id: string, secret: string, fields: Record<string, unknown> = {}): Promise<string> {
  const res = await ingress.inject({ method: 'POST', url: '/webhooks/stripe', ...signedStripeEvent(id, secret, fields) });
  return (res.json() as { eventId: string }).eventId;
}
