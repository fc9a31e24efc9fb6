import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDeadLetters, replayEvents } from '@hub/core/replay';
import { startDownstream, type Downstream } from './support/downstream.js';
import { ledgerRoute } from './support/ledger-route.js';
import { postStripeEvent } from './support/stripe-webhooks.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

const SECRET = 'whsec_replay_e2e';
const COUNT = 1000;
let hub: TestHub;
let downstream: Downstream;

async function countEvents(type: string): Promise<number> {
  const { rows } = await hub.db.admin.query(`SELECT count(*)::int AS n FROM events WHERE type = $1`, [type]);
  return rows[0].n as number;
}

beforeAll(async () => {
  downstream = await startDownstream();
  hub = await startTestHub({
    label: 'replay',
    secrets: { stripe: SECRET },
    routes: [
      ledgerRoute(downstream.url),
    ],
    env: { HUB_WORKER_CONCURRENCY: '50' },
  });
});
afterAll(async () => {
  await hub.stop();
  await downstream.close();
});

describe('replay from the event store', () => {
  it(`replays ${COUNT} dead-lettered events pressed twice at once: each is queued once and its side effect happens exactly once`, { timeout: 120_000 }, async () => {
    downstream.respondWith = () => ({ status: 422 }); // the downstream refuses everything: permanent, straight to the DLQ
    for (let i = 0; i < COUNT; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, j) => postStripeEvent(hub.ingress, `evt_replay_${i + j}`, SECRET)),
      );
    }
    await waitFor(`${COUNT} dead letters`, async () => (await listDeadLetters(hub.resources.pool, 'stripe', { limit: COUNT + 1 })).length === COUNT, 60_000, 250);
    expect(downstream.sideEffects).toHaveLength(0);

    downstream.respondWith = () => ({ status: 200 }); // fixed
    const request = { selection: { kind: 'dlq' as const, connector: 'stripe' }, actor: 'test:operator', reason: 'downstream fixed', ratePerSecond: 5_000 };
    const [first, second] = await Promise.all([replayEvents(hub.resources.pool, request, () => hub.relay.wake()), replayEvents(hub.resources.pool, request, () => hub.relay.wake())]);
    // One lease per event: each event is queued by one of the two, the other answers it is already queued.
    expect(first.replayed + second.replayed).toBe(COUNT);
    expect([...first.skipped, ...second.skipped]).toHaveLength(COUNT);
    // Queued by the other one, or already taken by a worker from its queue.
    for (const skip of [...first.skipped, ...second.skipped]) expect(['queued', 'processing']).toContain(skip.reason);

    await waitFor('the replays to be processed', async () => (await countEvents('webhook.processed')) === COUNT, 90_000, 250);
    const ids = downstream.sideEffects.map((r) => (r.body as { hubEventId: string }).hubEventId);
    expect(ids).toHaveLength(COUNT);
    expect(new Set(ids).size).toBe(COUNT);
    expect(await countEvents('webhook.replayed')).toBe(COUNT);
    expect(await listDeadLetters(hub.resources.pool, 'stripe')).toHaveLength(0);
  });
});
