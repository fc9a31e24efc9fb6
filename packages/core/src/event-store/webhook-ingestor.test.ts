import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { serialiseReceivedData } from './webhook-received-data.js';
import { WebhookIngestor, type IncomingWebhook } from './webhook-ingestor.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('ingestor');
});
afterAll(async () => {
  vi.restoreAllMocks();
  await db.drop();
});

function webhook(providerEventId = `evt_${randomUUID()}`, connector = 'stripe', payload: unknown = { id: providerEventId, amount: 100 }): IncomingWebhook {
  return { connector, account: null, providerEventId, dataJson: serialiseReceivedData('payment_intent.succeeded', { 'content-type': 'application/json' }, JSON.stringify(payload)) };
}

async function rowsFor(connector: string, providerEventId: string): Promise<{ events: { id: string; type: string; data: unknown }[]; outbox: number }> {
  const events = await db.admin.query('SELECT id, type, data FROM events WHERE connector = $1 AND provider_event_id = $2', [connector, providerEventId]);
  const outbox = await db.admin.query('SELECT count(*)::int AS n FROM outbox WHERE event_id = ANY($1::uuid[])', [events.rows.map((r) => r.id as string)]);
  return { events: events.rows, outbox: outbox.rows[0].n as number };
}

describe('WebhookIngestor', () => {
  it('stores a new webhook as webhook.received with its data and exactly one outbox row', async () => {
    const ingestor = new WebhookIngestor(db.pool);
    const incoming = webhook();
    const result = await ingestor.ingest(incoming);
    expect(result.duplicate).toBe(false);
    const { events, outbox } = await rowsFor('stripe', incoming.providerEventId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: result.eventId, type: 'webhook.received', data: { eventType: 'payment_intent.succeeded', payload: { id: incoming.providerEventId, amount: 100 } } });
    expect(outbox).toBe(1);
  });

  it('resolves a duplicate from a later batch to the first id with duplicate: true and queues nothing more', async () => {
    const ingestor = new WebhookIngestor(db.pool);
    const first = await ingestor.ingest(webhook('evt_repeat_later'));
    const again = await ingestor.ingest(webhook('evt_repeat_later'));
    expect(again).toEqual({ eventId: first.eventId, duplicate: true });
    expect(await rowsFor('stripe', 'evt_repeat_later')).toMatchObject({ events: [{ id: first.eventId }], outbox: 1 });
  });

  it('resolves duplicates within one batch to the first copy', async () => {
    const ingestor = new WebhookIngestor(db.pool);
    const results = await Promise.all([ingestor.ingest(webhook('evt_same_batch')), ingestor.ingest(webhook('evt_same_batch')), ingestor.ingest(webhook('evt_same_batch'))]);
    const [first, ...copies] = results;
    expect(first?.duplicate).toBe(false);
    expect(copies).toEqual([
      { eventId: first?.eventId, duplicate: true },
      { eventId: first?.eventId, duplicate: true },
    ]);
    expect(await rowsFor('stripe', 'evt_same_batch')).toMatchObject({ events: [{ id: first?.eventId }], outbox: 1 });
  });

  it('treats the same provider event id on two connectors as two events', async () => {
    const ingestor = new WebhookIngestor(db.pool);
    const [a, b] = await Promise.all([ingestor.ingest(webhook('shared-id', 'stripe')), ingestor.ingest(webhook('shared-id', 'github'))]);
    expect(a?.duplicate).toBe(false);
    expect(b?.duplicate).toBe(false);
    expect(a?.eventId).not.toBe(b?.eventId);
  });

  it('resolves the same body digest under a new provider event id to the first event, in a later batch and within one batch', async () => {
    const ingestor = new WebhookIngestor(db.pool);
    const digest = randomUUID().replaceAll('-', '').repeat(2);
    const first = await ingestor.ingest({ ...webhook(`delivery-${randomUUID()}`, 'github'), bodyDigest: digest });
    const replayed = await ingestor.ingest({ ...webhook(`delivery-${randomUUID()}`, 'github'), bodyDigest: digest });
    expect(replayed).toEqual({ eventId: first.eventId, duplicate: true });
    const batch = await Promise.all([0, 1, 2].map(() => ingestor.ingest({ ...webhook(`delivery-${randomUUID()}`, 'github'), bodyDigest: digest })));
    expect(batch).toEqual([0, 1, 2].map(() => ({ eventId: first.eventId, duplicate: true })));
    const stored = await db.admin.query(`SELECT id FROM events WHERE body_digest = decode($1, 'hex')`, [digest]);
    expect(stored.rows).toEqual([{ id: first.eventId }]);
    const outbox = await db.admin.query('SELECT count(*)::int AS n FROM outbox WHERE event_id = $1', [first.eventId]);
    expect(outbox.rows[0].n).toBe(1);
  });

  it('keeps a body digest per connector, and webhooks without a digest never collide on it', async () => {
    const ingestor = new WebhookIngestor(db.pool);
    const digest = randomUUID().replaceAll('-', '').repeat(2);
    const [github, jira] = await Promise.all([ingestor.ingest({ ...webhook(undefined, 'github'), bodyDigest: digest }), ingestor.ingest({ ...webhook(undefined, 'jira'), bodyDigest: digest })]);
    expect([github?.duplicate, jira?.duplicate]).toEqual([false, false]);
    const plain = await Promise.all([ingestor.ingest(webhook()), ingestor.ingest(webhook())]);
    expect(plain.map((r) => r.duplicate)).toEqual([false, false]);
  });

  it('calls onQueued after a commit that inserted rows, with their connectors, and not for a batch of duplicates only', async () => {
    const onQueued = vi.fn();
    const ingestor = new WebhookIngestor(db.pool, { onQueued });
    const key = `evt_${randomUUID()}`;
    await Promise.all([ingestor.ingest(webhook(key)), ingestor.ingest(webhook())]);
    expect(onQueued).toHaveBeenCalledTimes(1);
    expect(onQueued).toHaveBeenLastCalledWith(['stripe']);
    await Promise.all([ingestor.ingest(webhook(key)), ingestor.ingest(webhook(key))]);
    expect(onQueued).toHaveBeenCalledTimes(1);
    // A duplicate's connector is not named: nothing of it was queued.
    await Promise.all([ingestor.ingest(webhook(key)), ingestor.ingest(webhook(undefined, 'github')), ingestor.ingest(webhook(undefined, 'github'))]);
    expect(onQueued).toHaveBeenCalledTimes(2);
    expect(onQueued).toHaveBeenLastCalledWith(['github']);
  });

  it('writes 200 concurrent webhooks with far fewer than 200 statements', async () => {
    const query = vi.spyOn(db.pool, 'query');
    const ingestor = new WebhookIngestor(db.pool);
    const incoming = Array.from({ length: 200 }, () => webhook());
    const results = await Promise.all(incoming.map((w) => ingestor.ingest(w)));
    const statements = query.mock.calls.length;
    query.mockRestore();
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBeLessThan(20);
    expect(results.every((r) => !r.duplicate)).toBe(true);
    expect(new Set(results.map((r) => r.eventId)).size).toBe(200);
    const { rows } = await db.admin.query('SELECT count(*)::int AS n FROM outbox WHERE event_id = ANY($1::uuid[])', [results.map((r) => r.eventId)]);
    expect(rows[0].n).toBe(200);
  });

  it('idle() resolves once every ingest has committed', async () => {
    const ingestor = new WebhookIngestor(db.pool, { maxBatch: 10, maxInFlight: 1 });
    const incoming = Array.from({ length: 35 }, () => webhook());
    const pending = incoming.map((w) => ingestor.ingest(w));
    await new Promise((resolve) => setImmediate(resolve));
    await ingestor.idle();
    const { rows } = await db.admin.query('SELECT count(*)::int AS n FROM events WHERE provider_event_id = ANY($1::text[])', [incoming.map((w) => w.providerEventId)]);
    expect(rows[0].n).toBe(35);
    await Promise.all(pending);
  });

  it('a payload PostgreSQL cannot store fails only its own ingest, not the rest of its batch', async () => {
    const ingestor = new WebhookIngestor(db.pool);
    const poison = webhook(undefined, 'stripe', { note: 'nul\u0000byte' });
    const [bad, good] = await Promise.allSettled([ingestor.ingest(poison), ingestor.ingest(webhook())]);
    expect(bad?.status).toBe('rejected');
    expect(good?.status).toBe('fulfilled');
  });
});
