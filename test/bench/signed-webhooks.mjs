// Signed 2 KB Stripe webhooks, each with a fresh event id, produced inside the load generator.
import { createHmac } from 'node:crypto';
import stripe from '@hub/connector-stripe';

export const SECRET = 'whsec_benchmark_secret_0123456789';

const fixture = structuredClone(stripe.fixtures['payment_intent.succeeded']);
fixture.data.object.metadata = { ...(fixture.data.object.metadata ?? {}), sentAt: '0000000000000', padding: '' };
const baseLength = JSON.stringify(fixture).length;
fixture.data.object.metadata.padding = 'x'.repeat(Math.max(0, 2048 - baseLength));
const template = JSON.stringify(fixture);
const [head, tail] = template.split(`"${fixture.id}"`);
const [beforeSent, afterSent] = tail.split('"0000000000000"');

let counter = 0;
const runId = Date.now().toString(36);

/** A request body and its Stripe-Signature header; sentAt lets the downstream measure end-to-end latency. */
export function nextWebhook() {
  counter += 1;
  const body = `${head}"evt_bench_${runId}_${counter}"${beforeSent}"${Date.now()}"${afterSent}`;
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex');
  return { body, signature: `t=${t},v1=${v1}` };
}

export const WEBHOOK_BYTES = Buffer.byteLength(nextWebhook().body);
