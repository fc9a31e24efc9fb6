import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import stripeConnector from '@hub/connector-stripe';
import type { HubProcess } from '../support/hub-process.js';
import { ingested, spawnIngress } from '../support/ingress-process.js';
import { postFrom, rawExchange } from '../support/raw-http.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// A flood of forged webhooks from one address against a real `hub ingress`: once that address
// passes the refusal limit its unsigned requests are answered 429 before their body is read (its
// signed ones are still verified), while a provider on another address keeps having every
// verified delivery accepted, however many it sends.
// 127.0.0.2 and 127.0.0.3 are loopback addresses of their own: two clients, two sources.
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const LIMIT = 20;
// A long window: the flood (under a second) does not straddle two of the counter's fixed windows.
const WINDOW_S = 3_600;
const PROVIDER = '127.0.0.2';
const ATTACKER = '127.0.0.3';
const stripe = new Stripe('sk_test_unused');
let db: TestDatabase;
let ingress: { hub: HubProcess; url: string; port: number };

function webhook(secret = SECRET): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify({ ...(stripeConnector.fixtures['payment_intent.succeeded'] as object), id: `evt_${randomBytes(12).toString('hex')}` });
  return { headers: { 'content-type': 'application/json', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload: body, secret }) }, body };
}
const forged = () => webhook(`whsec_${randomBytes(24).toString('base64')}`);
/** A delivery without the stripe-signature header: a scanner, junk. */
const unsigned = () => ({ headers: { 'content-type': 'application/json' }, body: webhook().body });
const send = (from: string, { headers, body }: { headers: Record<string, string>; body: string }) => postFrom(from, `${ingress.url}/webhooks/stripe`, headers, body);

beforeAll(async () => {
  db = await createTestDatabase('sec_flood');
  ingress = await spawnIngress({
    DATABASE_URL: db.url,
    DATABASE_SCHEMA: db.schema,
    HUB_RELAY: 'off',
    STRIPE_WEBHOOK_SECRET: SECRET,
    HUB_INGRESS_REFUSAL_LIMIT: String(LIMIT),
    HUB_INGRESS_REFUSAL_WINDOW_S: String(WINDOW_S),
  });
}, 60_000);
afterAll(async () => {
  await ingress?.hub.kill();
  await db?.drop();
});

describe('per-source refusal limit', () => {
  it('never limits a provider that sends only verified deliveries, however many', async () => {
    const answers = [];
    // 300 verified deliveries, 30 at a time: far over the limit of refusals, none of them a refusal.
    for (let i = 0; i < 10; i += 1) answers.push(...(await Promise.all(Array.from({ length: 30 }, () => send(PROVIDER, webhook())))));
    expect(answers.filter((a) => a.status === 202)).toHaveLength(300);
  });

  it('answers a source over the limit 429 with Retry-After for whatever carries no signature, keeps verifying its signed requests, and keeps accepting the provider', async () => {
    const before = await ingested(db.admin);
    const forgedFlood = [];
    for (let i = 0; i < LIMIT; i += 1) {
      forgedFlood.push(await send(ATTACKER, forged()));
      // Interleaved with the flood: the provider's deliveries are accepted throughout.
      if (i % 5 === 0) expect((await send(PROVIDER, webhook())).status).toBe(202);
    }
    expect(forgedFlood.map((a) => a.status)).toEqual(Array(LIMIT).fill(401));
    // Over the limit: unsigned junk is shed before its body is read...
    const junk = [];
    for (let i = 0; i < 30; i += 1) junk.push(await send(ATTACKER, unsigned()));
    expect(junk.every((a) => a.status === 429 && a.json && (a.json.error as { code: string }).code === 'HUB_INGRESS_TOO_MANY_REFUSALS')).toBe(true);
    const retryAfter = Number(junk.at(-1)?.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(2 * WINDOW_S);
    // ...and what carries a signature is still verified (refused here: the secret is wrong).
    expect((await send(ATTACKER, forged())).status).toBe(401);
    // Only the provider's deliveries were stored: 4 of them.
    expect((await ingested(db.admin)).received - before.received).toBe(4);
  });

  it('still accepts a correctly signed delivery from a limited source (providers deliver from shared addresses), sheds its unsigned requests before reading their body, and the provider is not limited by its own few mistakes', async () => {
    const before = await ingested(db.admin);
    // Anyone can point a GitHub webhook with a wrong secret at the hub: GitHub's own addresses
    // then pass the limit, and cutting them off would lose the real deliveries (never retried).
    expect((await send(ATTACKER, webhook())).status).toBe(202);
    // Only headers, no signature, announcing 1 MB that never comes: answered at once and closed, not waited for.
    const unread = await rawExchange({ port: ingress.port, localAddress: ATTACKER }, [{ write: 'POST /webhooks/stripe HTTP/1.1\r\nHost: ingress\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n' }], 5_000);
    expect(unread.status).toBe(429);
    expect(unread.closedAfterMs).toBeLessThan(2_000);
    expect((await ingested(db.admin)).received - before.received).toBe(1);

    for (let i = 0; i < LIMIT - 1; i += 1) expect((await send(PROVIDER, forged())).status).toBe(401);
    expect((await send(PROVIDER, webhook())).status).toBe(202);
  });
});
