import net from 'node:net';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub } from './support/hub-process.js';
import { signedStripeEvent } from './support/stripe-webhooks.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

const SECRET = 'whsec_crash_relay_0123';
let hub: TestHub;
let blackHole: net.Server;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  hub = await startTestHub({ label: 'crashrelay', secrets: { stripe: SECRET }, workerConnectors: [], relay: false });
  // An "SQS" that accepts connections and never answers: the relay hangs after claiming rows.
  blackHole = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  sockets.forEach((s) => s.destroy());
  blackHole.close();
  await hub.stop();
});

describe('crash safety of the outbox', () => {
  it('an ingress SIGKILLed between COMMIT and the SQS send: the event is sent after restart', async () => {
    const { port } = blackHole.address() as net.AddressInfo;
    const ingress = spawnHub(['ingress'], {
      ...hub.env,
      SQS_ENDPOINT: `http://127.0.0.1:${port}`,
      HUB_INGRESS_PORT: '0',
      STRIPE_WEBHOOK_SECRET: SECRET,
      LOG_LEVEL: 'info',
      // The killed relay's claim on the row lapses after this; then another relay sends it.
      HUB_RELAY_LEASE_MS: '2000',
    });
    const listening = await ingress.waitForLog('ingress listening');
    const { payload, headers } = signedStripeEvent('evt_crash_relay_1', SECRET);
    const res = await fetch(`${String(listening.url)}/webhooks/stripe`, { method: 'POST', headers, body: payload });
    expect(res.status).toBe(202); // committed and acknowledged
    const { eventId } = (await res.json()) as { eventId: string };
    await waitFor('the relay to open a connection to SQS', () => sockets.size > 0);
    await ingress.kill('SIGKILL');

    const { rows } = await hub.db.admin.query('SELECT event_id FROM outbox');
    expect(rows.map((r) => r.event_id)).toContain(eventId);

    await hub.relay.start(); // "after restart"
    const queue = await hub.resources.queues.get('stripe');
    const message = await waitFor('the event id on the stripe queue', async () => {
      const out = await hub.resources.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }));
      return out.Messages?.find((m) => (JSON.parse(m.Body ?? '{}') as { eventId?: string }).eventId === eventId);
    });
    expect(JSON.parse(message.Body ?? '{}')).toEqual({ eventId });
    // The relay commits the row's removal right after SQS accepted the batch.
    await waitFor('the outbox to be empty', async () => (await hub.db.admin.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n === 0);
  });
});
