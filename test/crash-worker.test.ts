import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDownstream, type Downstream } from './support/downstream.js';
import { spawnHub, type HubProcess } from './support/hub-process.js';
import { writeLedgerRoutesFile } from './support/ledger-routes-file.js';
import { postStripeEvent, signedStripeEvent } from './support/stripe-webhooks.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

const SECRET = 'whsec_crash_worker';
let hub: TestHub;
let downstream: Downstream;
let routesFile: string;
const workers: HubProcess[] = [];

beforeAll(async () => {
  downstream = await startDownstream();
  hub = await startTestHub({ label: 'crashworker', secrets: { stripe: SECRET }, workerConnectors: [], env: { HUB_VISIBILITY_TIMEOUT_S: '2' } });
  routesFile = (await writeLedgerRoutesFile(downstream.url)).file;
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await hub.stop();
  await downstream.close();
});

function startWorkerProcess(): HubProcess {
  const worker = spawnHub(['worker', '--connector', 'stripe'], { ...hub.env, HUB_CONFIG_FILE: routesFile, LOG_LEVEL: 'info' });
  workers.push(worker);
  return worker;
}

describe('crash safety of the worker', () => {
  it('a worker SIGKILLed mid-handler: the message comes back after its visibility timeout and the side effect happens once', async () => {
    // The first call is slow, so the worker dies while waiting for the answer (the provider still completes it).
    downstream.respondWith = (_req, index) => (index === 0 ? { status: 200, delayMs: 800 } : { status: 200 });
    const first = startWorkerProcess();
    await first.waitForLog('worker consuming');

    const res = await hub.ingress.inject({ method: 'POST', url: '/webhooks/stripe', ...signedStripeEvent('evt_crash_worker_1', SECRET) });
    expect(res.statusCode).toBe(202);
    const { eventId } = res.json() as { eventId: string };

    await waitFor('the downstream to receive the first call', () => downstream.requests.length >= 1);
    await first.kill('SIGKILL');

    const second = startWorkerProcess();
    await second.waitForLog('worker consuming');
    const status = await waitFor(
      'the event to be processed by the second worker',
      async () => {
        const view = (await hub.console.inject({ method: 'GET', url: `/api/events/${eventId}` })).json() as { status: string; timeline: { type: string }[] };
        return view.status === 'processed' ? view : undefined;
      },
      20_000,
    );

    const mine = (list: typeof downstream.requests) => list.filter((r) => (r.body as { hubEventId?: string }).hubEventId === eventId);
    expect(mine(downstream.requests).length).toBeGreaterThanOrEqual(2); // delivered again after the crash
    expect(mine(downstream.sideEffects)).toHaveLength(1); // but performed once: same Idempotency-Key
    expect(new Set(mine(downstream.requests).map((r) => r.headers['idempotency-key'])).size).toBe(1);
    expect(status.timeline.filter((e) => e.type === 'webhook.processing').length).toBeGreaterThanOrEqual(2);
    expect(status.timeline.filter((e) => e.type === 'webhook.processed')).toHaveLength(1);
  });

  it('drains on SIGTERM: a running handler finishes and records its outcome before the process exits', async () => {
    downstream.respondWith = () => ({ status: 200, delayMs: 600 });
    const worker = workers.at(-1) as HubProcess;
    const eventId = await postStripeEvent(hub.ingress, 'evt_crash_worker_drain', SECRET);
    const before = downstream.requests.length;
    await waitFor('the call to start', () => downstream.requests.length > before);
    const exited = new Promise<number | null>((resolve) => worker.child.once('exit', (code) => resolve(code)));
    worker.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const view = (await hub.console.inject({ method: 'GET', url: `/api/events/${eventId}` })).json() as { status: string };
    expect(view.status).toBe('processed');
  });
});
