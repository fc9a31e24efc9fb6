import net from 'node:net';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OutboxRelay } from '@hub/core/outbox';
import { spawnHub } from './support/hub-process.js';
import { insertOutboxRows } from './support/outbox-rows.js';
import { testLogger } from './support/silent-logger.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

// Rows are put straight into the outbox for connectors no worker consumes: every message the relays send stays in its queue to be counted.
let hub: TestHub;
let blackHole: net.Server;
const sockets = new Set<net.Socket>();
const relays: OutboxRelay[] = [];

beforeAll(async () => {
  hub = await startTestHub({ label: 'relaylease', workerConnectors: [], relay: false });
  // An "SQS" that accepts connections and never answers: a relay pointed at it claims rows and hangs sending them.
  blackHole = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
});
afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  sockets.forEach((s) => s.destroy());
  blackHole.close();
  await hub.stop();
});

function startRelays(n: number): void {
  for (let i = 0; i < n; i += 1) {
    const relay = new OutboxRelay({ pool: hub.resources.pool, queues: hub.resources.queues, log: testLogger, pollIntervalMs: 50, batchSize: 40 });
    relays.push(relay);
    void relay.start();
  }
}

const outboxRows = (connector: string, n: number) => insertOutboxRows(hub.db.admin, connector, n);

const outboxCount = async () => (await hub.db.admin.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox')).rows[0]?.n ?? 0;

/** Every message in the connector's queue (received and kept invisible, so each is read once): event id and send time. */
async function drain(connector: string): Promise<{ eventId: string; sentAt: number }[]> {
  const { url } = await hub.resources.queues.get(connector);
  const messages: { eventId: string; sentAt: number }[] = [];
  for (;;) {
    const out = await hub.resources.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 600, MessageSystemAttributeNames: ['SentTimestamp'] }));
    if (!out.Messages?.length) return messages;
    for (const m of out.Messages) messages.push({ eventId: (JSON.parse(m.Body ?? '{}') as { eventId: string }).eventId, sentAt: Number(m.Attributes?.SentTimestamp) });
  }
}

const sorted = (ids: string[]) => [...ids].sort();

describe('outbox relay claims', () => {
  it('a relay killed after claiming: another relay sends its rows once the lease has ended, each row once', async () => {
    const ids = await outboxRows('leasecrash', 30);
    const { port } = blackHole.address() as net.AddressInfo;
    const killed = spawnHub(['relay'], { ...hub.env, SQS_ENDPOINT: `http://127.0.0.1:${port}`, HUB_RELAY_LEASE_MS: '2000', LOG_LEVEL: 'info' });
    await killed.waitForLog('relay running');
    await waitFor('the relay to claim every row', async () => (await hub.db.admin.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE claimed_by IS NOT NULL')).rows[0]?.n === 30);
    await waitFor('the relay to be sending to its SQS', () => sockets.size > 0);
    await killed.kill('SIGKILL');
    const { rows } = await hub.db.admin.query<{ until: string }>(`SELECT (extract(epoch FROM max(claimed_until)) * 1000)::bigint::text AS until FROM outbox`);
    const claimedUntil = Number(rows[0]?.until);

    startRelays(2);
    await waitFor('the outbox to be empty', async () => (await outboxCount()) === 0);
    const messages = await drain('leasecrash');
    expect(sorted(messages.map((m) => m.eventId))).toEqual(sorted(ids));
    // Nothing was sent while the dead relay's claim still held.
    for (const m of messages) expect(m.sentAt).toBeGreaterThanOrEqual(claimedUntil);
  });

  it('three relays at once over three connectors send each row once, and a row is never sent again after its deletion', async () => {
    const connectors = ['leasea', 'leaseb', 'leasec'];
    const ids = Object.fromEntries(await Promise.all(connectors.map(async (c) => [c, await outboxRows(c, 150)] as const)));
    startRelays(3);
    await waitFor('the outbox to be empty', async () => (await outboxCount()) === 0);
    // The relays go on polling: one more row, once it arrives, proves they ran past the deleted ones.
    const marker = await outboxRows('leasea', 1);
    for (const relay of relays) relay.wake();
    await waitFor('the outbox to be empty again', async () => (await outboxCount()) === 0);
    for (const c of connectors) {
      const sent = (await drain(c)).map((m) => m.eventId);
      expect(sorted(sent)).toEqual(sorted(c === 'leasea' ? [...(ids[c] ?? []), ...marker] : (ids[c] ?? [])));
    }
  });

  it("a wake that names its connectors sets their lanes going without searching the outbox; a stopped relay ignores it", async () => {
    // A relay that searches the outbox only when it starts (its poll is a minute): what it sends afterwards, a wake sent it.
    const relay = new OutboxRelay({ pool: hub.resources.pool, queues: hub.resources.queues, log: testLogger, pollIntervalMs: 60_000, batchSize: 40 });
    relays.push(relay);
    const queries = vi.spyOn(hub.resources.pool, 'query');
    try {
      const searches = () => queries.mock.calls.filter(([sql]) => typeof sql === 'string' && sql.includes('WITH RECURSIVE lanes')).length;
      await relay.start();
      await waitFor('the relay to search the outbox once at its start', () => searches() === 1);
      const ids = await outboxRows('wakenamed', 25);
      relay.wake(['wakenamed']);
      await waitFor('the outbox to be empty', async () => (await outboxCount()) === 0);
      expect(sorted((await drain('wakenamed')).map((m) => m.eventId))).toEqual(sorted(ids));
      expect(searches()).toBe(1);

      await relay.stop();
      await outboxRows('wakenamed', 5);
      relay.wake(['wakenamed']);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await outboxCount()).toBe(5);
    } finally {
      queries.mockRestore();
      await hub.db.admin.query("DELETE FROM outbox WHERE connector = 'wakenamed'");
    }
  });
});
