import Stripe from 'stripe';
import { connectors } from './repo-connectors.js';

const stripe = new Stripe('sk_test_unused');

/** A Stripe payment_intent.succeeded (the fixture) with this event id, signed by Stripe's own SDK. */
export function signedStripeEvent(id: string, secret: string, fields: Record<string, unknown> = {}): { payload: string; headers: Record<string, string> } {
  return signedStripeEventOf('payment_intent.succeeded', id, secret, fields);
}

/** The fixture of another declared Stripe event type, with this event id, signed by Stripe's own SDK. */
export function signedStripeEventOf(type: keyof typeof connectors.stripe.fixtures, id: string, secret: string, fields: Record<string, unknown> = {}): { payload: string; headers: Record<string, string> } {
  const payload = JSON.stringify({ ...(connectors.stripe.fixtures[type] as object), ...fields, id });
  return { payload, headers: { 'content-type': 'application/json', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret }) } };
}

/** Posts a signed Stripe event to a running ingress over HTTP and returns our event id. */
export async function sendStripeEvent(ingressUrl: string, signed: { payload: string; headers: Record<string, string> }): Promise<string> {
  const res = await fetch(`${ingressUrl}/webhooks/stripe`, { method: 'POST', headers: signed.headers, body: signed.payload });
  const body = (await res.json()) as { eventId?: string };
  if (res.status !== 202 || !body.eventId) throw new Error(`ingress answered ${res.status}: ${JSON.stringify(body)}`);
  return body.eventId;
}

interface Injectable {
  inject(options: { method: 'POST'; url: string; payload: string; headers: Record<string, string> }): Promise<{ statusCode: number; json(): unknown }>;
}

/** Posts it to an ingress (app.inject) and returns our event id. */
export async function postStripeEvent(ingress: Injectable, id: string, secret: string, fields: Record<string, unknown> = {}): Promise<string> {
  const res = await ingress.inject({ method: 'POST', url: '/webhooks/stripe', ...signedStripeEvent(id, secret, fields) });
  return (res.json() as { eventId: string }).eventId;
}
