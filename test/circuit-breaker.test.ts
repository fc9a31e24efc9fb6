import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDownstream, type Downstream } from './support/downstream.js';
import { ledgerRoute } from './support/ledger-route.js';
import { postStripeEvent } from './support/stripe-webhooks.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

const SECRET = 'whsec_breaker';
const EVENTS = 10;
let hub: TestHub;
let downstream: Downstream;

async function count(type: string): Promise<number> {
  return (await hub.db.admin.query(`SELECT count(*)::int AS n FROM events WHERE type = $1`, [type])).rows[0].n as number;
}

beforeAll(async () => {
  downstream = await startDownstream();
  downstream.respondWith = () => ({ status: 500 });
  hub = await startTestHub({
    label: 'breaker',
    secrets: { stripe: SECRET },
    routes: [
      ledgerRoute(downstream.url),
    ],
    connectorOverrides: { http: { breaker: { errorThresholdPercentage: 50, volumeThreshold: 3, rollingCountTimeout: 10_000, resetTimeout: 5_000 } } },
    env: { HUB_RETRY_MAX_ATTEMPTS: '50', HUB_WORKER_CONCURRENCY: '4' },
  });
});
afterAll(async () => {
  await hub.stop();
  await downstream.close();
});

describe('circuit breaker', () => {
  it('opens on 100 % failures, makes no calls while open, probes, closes after recovery, and dead-letters nothing', { timeout: 60_000 }, async () => {
    for (let i = 0; i < EVENTS; i += 1) await postStripeEvent(hub.ingress, `evt_cb_${i}`, SECRET);
    await waitFor('circuit.opened', async () => (await count('circuit.opened')) === 1);
    // Calls the breaker admitted before it opened may still be on their way (each records
    // action.requested before it is sent): let them land, and stay landed, before counting.
    let landed = -1;
    await waitFor('the calls admitted before the opening to land', async () => {
      const now = downstream.requests.length;
      const settled = now === landed && now === (await count('action.requested'));
      landed = now;
      return settled;
    }, 4_000, 150);
    const callsAtOpen = downstream.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // inside the 5 s open period
    expect(downstream.requests.length).toBe(callsAtOpen); // nobody called the failing provider

    downstream.respondWith = () => ({ status: 200 });
    await waitFor(`${EVENTS} events processed`, async () => (await count('webhook.processed')) === EVENTS, 45_000, 200);
    expect(await count('circuit.opened')).toBe(1);
    expect(await count('circuit.closed')).toBe(1);
    expect(await count('webhook.dead_lettered')).toBe(0);
    const held = await hub.db.admin.query(`SELECT count(*)::int AS n FROM events WHERE type = 'action.throttled' AND data->>'reason' = 'HUB_CIRCUIT_OPEN'`);
    expect(held.rows[0].n).toBeGreaterThan(0);
    const ids = downstream.sideEffects.map((r) => (r.body as { hubEventId: string }).hubEventId);
    expect(new Set(ids).size).toBe(EVENTS);
    expect(ids).toHaveLength(EVENTS);
  });
});
