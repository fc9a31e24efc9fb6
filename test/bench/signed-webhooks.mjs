// Signed 2 KB webhooks, each with a fresh event id, produced inside the load generator:
// Stripe (a signed timestamp) or GitHub (no timestamp: the ingress also dedupes on a body digest).
import { createHmac, randomUUID } from 'node:crypto';
import github from '@hub/connector-github';
import stripe from '@hub/connector-stripe';

export const SECRET = 'whsec_benchmark_secret_0123456789';
export const GITHUB_SECRET = 'github-benchmark-secret';

const fixture = structuredClone(stripe.fixtures['payment_intent.succeeded']);
// Placeholders, replaced per webhook: the event id, the payment id (the downstream counts a
// payment delivered twice as a duplicate, so it must differ per webhook) and the signing time.
fixture.id = 'evt_bench_EVENTID';
fixture.data.object.id = 'pi_bench_PAYMENTID';
fixture.data.object.metadata = { ...(fixture.data.object.metadata ?? {}), sentAt: '0000000000000', padding: '' };
const baseLength = JSON.stringify(fixture).length;
fixture.data.object.metadata.padding = 'x'.repeat(Math.max(0, 2048 - baseLength));
const parts = JSON.stringify(fixture).split(/(evt_bench_EVENTID|pi_bench_PAYMENTID|0000000000000)/);
if (parts.length !== 7) throw new Error('the Stripe fixture changed shape: each placeholder must appear once');

let counter = 0;
const runId = Date.now().toString(36);
let tag = 'x';
let issued = 0;

/**
 * Starts a new tag: the payment ids made from now on carry it, so the downstream can tell a
 * run's deliveries from late ones of an earlier run (or of its warm-up). Returns the ids' prefix.
 */
export function startTag(next) {
  tag = next;
  issued = 0;
  return paymentPrefix();
}

export const paymentPrefix = () => `pi_bench_${runId}_${tag}_`;

/** Stripe webhooks made since the last startTag(): the ones autocannon cut off in flight included. */
export const issuedSinceTag = () => issued;

/**
 * A request body and its Stripe-Signature header; sentAt (now, or when a paced load had it due)
 * lets the downstream measure end-to-end latency.
 */
export function nextWebhook(sentAt = Date.now()) {
  counter += 1;
  issued += 1;
  const id = `${runId}_${tag}_${counter}`;
  const values = { evt_bench_EVENTID: `evt_bench_${id}`, pi_bench_PAYMENTID: `pi_bench_${id}`, '0000000000000': String(sentAt) };
  const body = parts.map((part, i) => (i % 2 === 1 ? values[part] : part)).join('');
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex');
  return { body, signature: `t=${t},v1=${v1}` };
}

export const WEBHOOK_BYTES = Buffer.byteLength(nextWebhook().body);

const push = structuredClone(github.fixtures.push);
push.padding = '';
push.padding = 'x'.repeat(Math.max(0, 2048 - JSON.stringify(push).length));
// The head commit's sha appears several times (after, commits[].id, head_commit.id): each is replaced.
const pushParts = JSON.stringify(push).split(`"${push.after}"`);

/** A GitHub push delivery as GitHub sends it: a new delivery id and a new head commit (so a new body) each time. */
export function nextGithubRequest(secret = GITHUB_SECRET) {
  counter += 1;
  const body = pushParts.join(`"${createHmac('sha1', runId).update(String(counter)).digest('hex')}"`);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'push',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
  };
}

/** The next request for `connector` (stripe or github), as autocannon's setupRequest takes it; `sentAt` as for nextWebhook. */
export function nextRequest(connector, sentAt) {
  if (connector === 'github') return nextGithubRequest();
  const { body, signature } = nextWebhook(sentAt);
  return { body, headers: { 'content-type': 'application/json', 'stripe-signature': signature } };
}
