import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { foldEverything } from '../../../../test/support/fold-rollups.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { EventTypes, WebhookIngestor, serialiseReceivedData } from '../event-store/index.js';
import { insertSearchRows } from '../event-explorer/index.js';
import { idsIn } from './event-archive.js';
import { createRetentionPool } from './retention-pool.js';
import { runRetention, type RetentionOptions } from './run-retention.js';

const DAY = 86_400_000;
let db: TestDatabase;
let retentionPool: pg.Pool;
let archiveDir: string;

beforeEach(async () => {
  db = await createTestDatabase('retention');
  retentionPool = await createRetentionPool({ url: db.url, schema: db.schema });
  archiveDir = await mkdtemp(path.join(os.tmpdir(), 'hub-archive-'));
});
afterEach(async () => {
  await retentionPool.end();
  await db.drop();
});

interface StreamOptions {
  connector?: string;
  /** Steps after webhook.received: type and how long ago (default: 1 ms after the one before). */
  steps?: { type: string; agoMs?: number }[];
  bodyDigest?: string;
  providerEventId?: string;
  data?: string;
}

/** A webhook stream received `agoMs` ago, inserted as the owner (created_at in the past). */
async function stream(agoMs: number, { connector = 'stripe', steps = [], bodyDigest, providerEventId = `evt_${randomUUID()}`, data = '{}' }: StreamOptions = {}): Promise<string> {
  let at = Date.now() - agoMs;
  const id = uuidv7({ msecs: at });
  await db.admin.query(
    `INSERT INTO events (id, stream, connector, type, provider_event_id, body_digest, data, created_at) VALUES ($1, $1, $2, $3, $4, decode($5, 'hex'), $6::jsonb, $7)`,
    [id, connector, EventTypes.webhookReceived, providerEventId, bodyDigest ?? null, data, new Date(at)],
  );
  for (const step of steps) {
    at = step.agoMs === undefined ? at + 1 : Date.now() - step.agoMs;
    await db.admin.query('INSERT INTO events (id, stream, connector, type, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [uuidv7({ msecs: at }), id, connector, step.type, '{}', new Date(at)]);
  }
  return id;
}

const processed = [{ type: EventTypes.webhookProcessing }, { type: EventTypes.actionSucceeded }, { type: EventTypes.webhookProcessed }];
const eventsOf = async (streamId: string) => (await db.admin.query('SELECT id FROM events WHERE stream = $1', [streamId])).rowCount ?? 0;
const retain = (options: Partial<RetentionOptions> = {}) => runRetention({ pool: db.pool, retentionPool, retentionDays: 30, archiveDir, log: testLogger, ...options });

async function archivedIds(): Promise<string[]> {
  const days = await readdir(archiveDir);
  const files = (await Promise.all(days.map(async (day) => (await readdir(path.join(archiveDir, day))).map((f) => path.join(archiveDir, day, f))))).flat();
  return (await Promise.all(files.map(idsIn))).flat();
}

describe('runRetention (real PostgreSQL, the hub_retention role)', () => {
  it('archives, then deletes, the processed webhook streams past the window; keeps recent, unfinished, dead-lettered and revived ones', async () => {
    const old = await stream(40 * DAY, { steps: processed, data: '{"amount": 12345678901234567890, "note": "é"}' });
    const oldGithub = await stream(35 * DAY, { connector: 'github', steps: processed, bodyDigest: randomBytes(32).toString('hex') });
    const recent = await stream(2 * DAY, { steps: processed });
    const unfinished = await stream(40 * DAY, { steps: [{ type: EventTypes.webhookProcessing }, { type: EventTypes.actionRequested }] });
    const deadLetter = await stream(40 * DAY, { steps: [{ type: EventTypes.webhookProcessing }, { type: EventTypes.webhookDeadLettered }] });
    const revived = await stream(40 * DAY, { steps: [...processed, { type: EventTypes.webhookReplayed, agoMs: DAY }, { type: EventTypes.webhookProcessed, agoMs: DAY - 1 }] });
    const alertStream = randomUUID();
    await db.admin.query(`INSERT INTO events (id, stream, connector, type, data, created_at) VALUES ($1, $2, 'stripe', 'alert.raised', '{}', now() - interval '40 days')`, [uuidv7({ msecs: Date.now() - 40 * DAY }), alertStream]);
    const oldIds = (await db.admin.query<{ id: string }>('SELECT id FROM events WHERE stream = ANY($1::uuid[]) ORDER BY id', [[old, oldGithub]])).rows.map((r) => r.id);

    const report = await retain();

    expect(report.archived).toMatchObject({ streams: 2, events: 8 });
    expect(report.kept).toEqual({ unfinished: 1, dead_letter: 1, recent: 1 });
    expect(await eventsOf(old)).toBe(0);
    expect(await eventsOf(oldGithub)).toBe(0);
    for (const kept of [recent, unfinished, deadLetter, revived, alertStream]) expect(await eventsOf(kept)).toBeGreaterThan(0);
    // What was deleted is exactly what the archive holds, and the payload is byte for byte what was stored.
    expect((await archivedIds()).sort()).toEqual(oldIds);
    const day = new Date(Date.now() - 40 * DAY).toISOString().slice(0, 10);
    const [file] = await readdir(path.join(archiveDir, day));
    const { gunzipSync } = await import('node:zlib');
    const { readFile } = await import('node:fs/promises');
    const text = gunzipSync(await readFile(path.join(archiveDir, day, file as string))).toString('utf8');
    expect(text).toContain('"data":{"note": "é", "amount": 12345678901234567890}');
    expect(JSON.parse(text.split('\n')[0] as string)).toMatchObject({ id: old, stream: old, connector: 'stripe', type: 'webhook.received' });
    // Nothing left to do: a second run archives nothing more.
    expect((await retain()).archived.streams).toBe(0);
  });

  it("deletes an archived webhook's search row with it and keeps a recent one's", async () => {
    const old = await stream(40 * DAY, { steps: processed });
    const recent = await stream(2 * DAY, { steps: processed });
    await insertSearchRows(
      db.pool,
      [old, recent].map((id) => ({ eventId: id, connector: 'stripe', account: null, eventType: 'charge.refunded', lexemes: ['jenny@example.com'] })),
    );

    await retain();

    const { rows } = await db.admin.query<{ event_id: string }>('SELECT event_id FROM event_search');
    expect(rows.map((r) => r.event_id)).toEqual([recent]);
  });

  it('dedupe still answers: a recent delivery by its event id, a deleted one of a body-digest scheme by its digest', async () => {
    const digest = randomBytes(32).toString('hex');
    const archived = await stream(40 * DAY, { connector: 'github', steps: processed, bodyDigest: digest, providerEventId: 'delivery-old' });
    const recent = await stream(DAY, { steps: processed, providerEventId: 'evt_recent' });
    await retain();
    expect(await eventsOf(archived)).toBe(0);
    const ingestor = new WebhookIngestor(db.pool);
    const dataJson = serialiseReceivedData('issues', {}, '{}');
    // A captured GitHub delivery sent again under a new delivery id, after its event was archived.
    const replayed = await ingestor.ingest({ connector: 'github', account: null, providerEventId: 'delivery-new', bodyDigest: digest, dataJson });
    expect(replayed).toEqual({ eventId: archived, duplicate: true });
    expect(await ingestor.ingest({ connector: 'stripe', account: null, providerEventId: 'evt_recent', dataJson })).toEqual({ eventId: recent, duplicate: true });
    expect((await ingestor.ingest({ connector: 'github', account: null, providerEventId: 'delivery-other', bodyDigest: randomBytes(32).toString('hex'), dataJson })).duplicate).toBe(false);
    expect((await db.admin.query(`SELECT 1 FROM outbox o JOIN events e ON e.id = o.event_id WHERE e.provider_event_id = 'delivery-new'`)).rowCount).toBe(0);
  });

  it('only retention deletes: not hub_app, not the owner, not hub_retention outside a retention run', async () => {
    const id = await stream(40 * DAY, { steps: processed });
    await expect(db.pool.query('DELETE FROM events WHERE stream = $1', [id])).rejects.toMatchObject({ code: '42501' });
    await expect(db.admin.query('DELETE FROM events WHERE stream = $1', [id])).rejects.toThrow(/append-only/);
    // Declaring a retention run is not enough: the application role has no DELETE grant, and the owner is not the retention role.
    for (const pool of [db.pool, db.admin]) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SELECT set_config('hub.retention_run', 'pretend', true)`);
        await expect(client.query('DELETE FROM events WHERE stream = $1', [id])).rejects.toMatchObject({ code: '42501' });
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
    }
    await expect(retentionPool.query('DELETE FROM events WHERE stream = $1', [id])).rejects.toThrow(/append-only/);
    await expect(retentionPool.query(`UPDATE events SET type = 'x' WHERE stream = $1`, [id])).rejects.toMatchObject({ code: '42501' });
    expect(await eventsOf(id)).toBe(4);
  });

  it('prunes the rollups (minute rows after 2 days, hour rows after 90), and a dry run changes nothing', async () => {
    const old = await stream(40 * DAY, { steps: processed });
    await db.admin.query(`INSERT INTO event_rollups (minute, connector, account, received) VALUES (date_trunc('minute', now() - interval '3 days'), 'stripe', '', 5), (date_trunc('minute', now()), 'stripe', 'acct', 1)`);
    await db.admin.query(`INSERT INTO event_rollups_hourly (hour, connector, account, received) VALUES (date_trunc('hour', now() - interval '100 days'), 'stripe', '', 5)`);
    const count = async () => (await db.admin.query<{ m: number; h: number }>(`SELECT (SELECT count(*)::int FROM event_rollups WHERE minute < now() - interval '2 days') AS m, (SELECT count(*)::int FROM event_rollups_hourly WHERE hour < now() - interval '90 days') AS h`)).rows[0];
    // The inserted stream's own rows are 40 days old: minute rows past 2 days too, once folded.
    await foldEverything(db.pool);
    const before = await count();
    expect(before?.m).toBeGreaterThanOrEqual(2);
    expect(before?.h).toBe(1);

    const dry = await retain({ dryRun: true });
    expect(dry.rollups).toEqual({ minutes: before?.m, hours: 1 });
    expect(dry.archived).toMatchObject({ streams: 1, events: 4, files: [] });
    expect(await count()).toEqual(before);
    expect(await eventsOf(old)).toBe(4);
    expect(await readdir(archiveDir)).toEqual([]);

    const done = await retain();
    expect(done.rollups).toEqual({ minutes: before?.m, hours: 1 });
    expect(await count()).toEqual({ m: 0, h: 0 });
    expect((await db.admin.query(`SELECT 1 FROM event_rollups WHERE minute >= now() - interval '1 hour'`)).rowCount).toBe(1);
  });

  it('prunes workflow runs not changed within the window as the application role, and a dry run only counts them', async () => {
    const workflowId = randomUUID();
    await db.admin.query(`INSERT INTO workflows (id, name, trigger_connector, trigger_event, latest_version, updated_by) VALUES ($1, $2, 'shopify', 'orders/create', 1, 'test')`, [workflowId, `wf-${workflowId}`]);
    const [oldRun, newRun] = [randomUUID(), randomUUID()];
    await db.admin.query(
      `INSERT INTO workflow_runs (event_id, workflow_id, version, canary, status, started_at, updated_at) VALUES ($1, $3, 1, false, 'completed', now() - interval '40 days', now() - interval '40 days'), ($2, $3, 1, false, 'failed', now(), now())`,
      [oldRun, newRun, workflowId],
    );
    const runsOf = async () => (await db.admin.query<{ event_id: string }>('SELECT event_id FROM workflow_runs WHERE workflow_id = $1', [workflowId])).rows.map((r) => r.event_id);

    expect((await retain({ dryRun: true })).workflowRuns).toBe(1);
    expect((await runsOf()).sort()).toEqual([oldRun, newRun].sort());
    expect((await retain()).workflowRuns).toBe(1);
    expect(await runsOf()).toEqual([newRun]);
  });

  it('keeps everything when the archive cannot be written, and leaves no lease behind', async () => {
    const old = await stream(40 * DAY, { steps: processed });
    const notADirectory = path.join(archiveDir, 'file');
    await writeFile(notADirectory, 'x');
    await expect(retain({ archiveDir: notADirectory })).rejects.toMatchObject({ code: 'HUB_RETENTION_ARCHIVE_FAILED' });
    expect(await eventsOf(old)).toBe(4);
    expect((await db.admin.query('SELECT 1 FROM event_leases')).rowCount).toBe(0);
  });

  it('runs once at a time: a second run while one holds the lock does nothing and says so', async () => {
    const old = await stream(40 * DAY, { steps: processed });
    const holder = await db.admin.connect();
    let unlocked = false;
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtext(current_schema() || ':retention'))`);
      await expect(retain()).rejects.toMatchObject({ code: 'HUB_RETENTION_BUSY' });
      expect(await eventsOf(old)).toBe(4);
      // Unlocked explicitly: a closed connection frees its locks only once the server has ended its session.
      await holder.query(`SELECT pg_advisory_unlock(hashtext(current_schema() || ':retention'))`);
      unlocked = true;
    } finally {
      holder.release(!unlocked); // still locked (a failed assertion): the connection goes, and the lock with it
    }
    expect((await retain()).archived.streams).toBe(1);
  });

  it('without an archive directory deletes no event (rollups are still pruned)', async () => {
    const old = await stream(40 * DAY, { steps: processed });
    await foldEverything(db.pool);
    const report = await retain({ archiveDir: undefined, retentionPool: undefined });
    expect(report.events).toBe(false);
    expect(report.rollups.minutes).toBeGreaterThan(0);
    expect(await eventsOf(old)).toBe(4);
  });
});
