import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import stripeConnector from '@hub/connector-stripe';
import type { HubProcess } from '../support/hub-process.js';
import { ingested, spawnIngress } from '../support/ingress-process.js';
import { rawExchange } from '../support/raw-http.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// Slow and oversized clients against a real `hub ingress`: the timeouts are configured short
// (1 s for headers, 2 s for the whole request instead of 10 s / 30 s) so the attacks take seconds.
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const HEADERS_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 2_000;
const BODY_LIMIT = 64 * 1024;
const stripe = new Stripe('sk_test_unused');
let db: TestDatabase;
let ingress: { hub: HubProcess; port: number };

function signedWebhook(): { body: string; head: string } {
  const body = JSON.stringify({ ...(stripeConnector.fixtures['payment_intent.succeeded'] as object), id: `evt_${randomBytes(12).toString('hex')}` });
  const signature = stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });
  const head = `POST /webhooks/stripe HTTP/1.1\r\nHost: ingress\r\nContent-Type: application/json\r\nStripe-Signature: ${signature}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
  return { body, head };
}

/** The body in `pieces` pieces, one every `everyMs`. */
function trickled(body: string, pieces: number, everyMs: number) {
  const size = Math.ceil(body.length / pieces);
  return Array.from({ length: pieces }, (_, i) => ({ write: body.slice(i * size, (i + 1) * size), pauseMs: everyMs }));
}

beforeAll(async () => {
  db = await createTestDatabase('sec_slow');
  ingress = await spawnIngress({
    DATABASE_URL: db.url,
    DATABASE_SCHEMA: db.schema,
    HUB_RELAY: 'off',
    STRIPE_WEBHOOK_SECRET: SECRET,
    HUB_HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    HUB_HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    HUB_HTTP_KEEP_ALIVE_TIMEOUT_MS: '500',
    HUB_BODY_LIMIT_BYTES: String(BODY_LIMIT),
    HUB_INGRESS_RATE_LIMIT_EXEMPT: '127.0.0.0/8',
  });
}, 60_000);
afterAll(async () => {
  await ingress?.hub.kill();
  await db?.drop();
});

describe('slow and oversized clients are cut off, nothing stored', () => {
  it('a correctly signed webhook sent at a normal pace is stored (the control)', async () => {
    const { body, head } = signedWebhook();
    const answer = await rawExchange({ port: ingress.port }, [{ write: head }, ...trickled(body, 4, 100)]);
    expect(answer.status).toBe(202);
  });

  it('closes a connection whose headers trickle in (slowloris) once the headers timeout passes', async () => {
    const before = await ingested(db.admin);
    const steps = [{ write: 'POST /webhooks/stripe HTTP/1.1\r\nHost: ingress\r\n', pauseMs: 250 }, ...Array.from({ length: 60 }, (_, i) => ({ write: `X-Slow-${i}: ${'a'.repeat(8)}\r\n`, pauseMs: 250 }))];
    const answer = await rawExchange({ port: ingress.port }, steps);
    // Closed by the server while it was still sending headers (60 x 250 ms = 15 s), not after.
    expect(answer.closedAfterMs).toBeDefined();
    expect(answer.closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_MS + 2_000);
    expect(answer.bytesWritten).toBeLessThan(steps.reduce((n, s) => n + s.write.length, 0));
    expect(await ingested(db.admin)).toEqual(before);
  });

  it('answers 408 to a correctly signed body still trickling in when the request timeout passes, and stores nothing', async () => {
    const before = await ingested(db.admin);
    const { body, head } = signedWebhook();
    // The whole body would take 40 x 150 ms = 6 s: three times the request timeout.
    const answer = await rawExchange({ port: ingress.port }, [{ write: head }, ...trickled(body, 40, 150)]);
    expect(answer.status).toBe(408);
    expect(answer.closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2_000);
    expect(answer.bytesWritten).toBeLessThan(head.length + body.length);
    expect(await ingested(db.admin)).toEqual(before);
  });

  it('refuses a declared Content-Length over the limit at once, before any body byte', async () => {
    const before = await ingested(db.admin);
    const answer = await rawExchange({ port: ingress.port }, [{ write: `POST /webhooks/stripe HTTP/1.1\r\nHost: ingress\r\nContent-Type: application/json\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n` }], 5_000);
    expect(answer.status).toBe(413);
    expect(answer.text).toContain('HUB_WEBHOOK_BODY_TOO_LARGE');
    expect(await ingested(db.admin)).toEqual(before);
  });

  it('cuts a chunked body when it passes the limit, and stores nothing', async () => {
    const before = await ingested(db.admin);
    const chunk = `${(8 * 1024).toString(16)}\r\n${'x'.repeat(8 * 1024)}\r\n`;
    const answer = await rawExchange({ port: ingress.port }, [
      { write: 'POST /webhooks/stripe HTTP/1.1\r\nHost: ingress\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n' },
      ...Array.from({ length: 64 }, () => ({ write: chunk, pauseMs: 5 })),
    ]);
    expect(answer.status).toBe(413);
    expect(answer.bytesWritten).toBeLessThan(64 * chunk.length);
    expect(await ingested(db.admin)).toEqual(before);
  });

  it('refuses headers larger than the header limit (431)', async () => {
    const answer = await rawExchange({ port: ingress.port }, [{ write: `POST /webhooks/stripe HTTP/1.1\r\nHost: ingress\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\nContent-Length: 2\r\n\r\n{}` }], 5_000);
    expect(answer.status).toBe(431);
  });

  it('says once at start that per-account webhook secrets cannot be read without HUB_MASTER_KEYS', () => {
    const said = ingress.hub.lines.filter((l) => /HUB_MASTER_KEYS is not set: per-account webhook secrets cannot be read/.test(String(l.msg)));
    expect(said).toHaveLength(1);
    expect(said[0]?.connectors).toEqual(expect.arrayContaining(['shopify', 'jira', 'zendesk']));
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const answer = await rawExchange({ port: ingress.port }, [{ write: 'GET /healthz HTTP/1.1\r\nHost: ingress\r\n\r\n' }], 5_000);
    expect(answer.status).toBe(200);
    expect(answer.closedAfterMs).toBeLessThan(2_500);
  });
});
