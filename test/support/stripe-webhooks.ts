import Stripe from 'stripe';
import { connectors } from './repo-connectors.js';

const stripe = new Stripe('sk_test_unused');

type StripeFixture = { data: { object: Record<string, unknown> } } & Record<string, unknown>;
const fixtureOf = (type: string) => (connectors.stripe.fixtures as Readonly<Record<string, unknown>>)[type] as StripeFixture;

/** A Stripe event (the fixture of `type`, default payment_intent.succeeded) with this event id, signed by Stripe's own SDK. */
export function signedStripeEvent(id: string, secret: string, fields: Record<string, unknown> = {}, type = 'payment_intent.succeeded'): { payload: string; headers: Record<string, string> } {
  const payload = JSON.stringify({ ...fixtureOf(type), ...fields, id });
  return { payload, headers: { 'content-type': 'application/json', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret }) } };
}

/** The fields that give the fixture of `type` this `metadata` on its data.object (Stripe metadata: strings). */
export function withMetadata(type: string, metadata: Record<string, string>): Record<string, unknown> {
  const fixture = fixtureOf(type);
  return { data: { ...fixture.data, object: { ...fixture.data.object, metadata } } };
}

interface Injectable {
  inject(options: { method: 'POST'; url: string; payload: string; headers: Record<string, string> }): Promise<{ statusCode: number; json(): unknown }>;
}

/** Posts it to an ingress (app.inject) and returns our event id. */
export async function postStripeEvent(ingress: Injectable, id: string, secret: string, fields: Record<string, unknown> = {}): Promise<string> {
  const res = await ingress.inject({ method: 'POST', url: '/webhooks/stripe', ...signedStripeEvent(id, secret, fields) });
  return (res.json() as { eventId: string }).eventId;
}

/** Posts it to a running ingress over HTTP and returns our event id (202 expected). */
export async function sendStripeEvent(ingressUrl: string, id: string, secret: string, fields: Record<string, unknown> = {}, type = 'payment_intent.succeeded'): Promise<string> {
  const { payload, headers } = signedStripeEvent(id, secret, fields, type);
  const res = await fetch(`${ingressUrl}/webhooks/stripe`, { method: 'POST', headers, body: payload });
  const body = (await res.json()) as { eventId?: string };
  if (res.status !== 202 || !body.eventId) throw new Error(`the ingress answered ${res.status} ${JSON.stringify(body)} to ${id}`);
  return body.eventId;
}
