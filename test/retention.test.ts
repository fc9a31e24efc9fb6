import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sign as githubSign } from '@octokit/webhooks-methods';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldEverything } from './support/fold-rollups.js';
import { spawnHub } from './support/hub-process.js';
import { freePort } from './support/hub-up.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

const DAY = 86_400_000;

/** A UUIDv7 of the millisecond `ms` (event ids are time-ordered: an event from 40 days ago needs one). */
function uuidv7({ msecs }: { msecs: number }): string {
  const hex = msecs.toString(16).padStart(12, '0') + randomBytes(10).toString('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
const GITHUB_SECRET = 'github-retention-secret-0123456789';
let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ label: 'retention', secrets: { stripe: 'whsec_retention', github: GITHUB_SECRET }, workerConnectors: [] });
});
afterAll(async () => {
  await hub.stop();
});

/** A GitHub push delivery body, as the ingress would have stored it. */
const githubBody = (ref: string) => JSON.stringify({ ref, before: '0'.repeat(40), after: '1'.repeat(40), repository: { id: 1, full_name: 'acme/app' }, commits: [] });
/** Posts a GitHub delivery of `body`, signed with GitHub's own helper, under a new delivery id. */
const postGithub = async (body: string) =>
  hub.ingress.inject({
    method: 'POST',
    url: '/webhooks/github',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': await githubSign(GITHUB_SECRET, body), 'x-github-event': 'push', 'x-github-delivery': randomUUID() },
    payload: body,
  });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A webhook stream received `agoMs` ago with its steps 1 ms apart, inserted as the owner: the
 * store has no other way to hold an event from 40 days ago.
 */
async function stream(agoMs: number, steps: string[], { connector = 'stripe', body = '{}', bodyDigest }: { connector?: string; body?: string; bodyDigest?: string } = {}): Promise<string> {
  const start = Date.now() - agoMs;
  const id = uuidv7({ msecs: start });
  const data = JSON.stringify({ eventType: 'push', headers: {}, payload: JSON.parse(body) });
  await hub.db.admin.query(
    `INSERT INTO events (id, stream, connector, type, provider_event_id, body_digest, data, created_at) VALUES ($1, $1, $2, 'webhook.received', $3, decode($4, 'hex'), $5, $6)`,
    [id, connector, randomUUID(), bodyDigest ?? null, data, new Date(start)],
  );
  for (const [i, type] of steps.entries()) {
    await hub.db.admin.query(`INSERT INTO events (id, stream, connector, type, data, created_at) VALUES ($1, $2, $3, $4, '{}', $5)`, [uuidv7({ msecs: start + i + 1 }), id, connector, type, new Date(start + i + 1)]);
  }
  return id;
}

const DONE = ['webhook.processing', 'action.requested', 'action.succeeded', 'webhook.processed'];
const eventsOf = async (id: string) => (await hub.db.admin.query('SELECT 1 FROM events WHERE stream = $1', [id])).rowCount ?? 0;

async function archived(dir: string): Promise<{ id: string; stream: string }[]> {
  const rows: { id: string; stream: string }[] = [];
  for (const day of await readdir(dir)) {
    for (const file of await readdir(path.join(dir, day))) {
      const text = gunzipSync(await readFile(path.join(dir, day, file))).toString('utf8');
      rows.push(...text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; stream: string }));
    }
  }
  return rows;
}

async function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const cli = spawnHub(args, { ...hub.env, LOG_LEVEL: 'warn', ...env });
  const code = await cli.exited();
  return { code, out: cli.lines.map((l) => String(l.msg)).join('\n'), err: cli.stderr() };
}

describe('retention (`hub retention run` and the worker schedule, real processes)', () => {
  it('archives then deletes what is past the window; keeps what is inside it and unfinished streams; dedupe still answers', { timeout: 60_000 }, async () => {
    const archiveDir = await mkdtemp(path.join(os.tmpdir(), 'hub-archive-'));
    const capturedBody = githubBody('refs/heads/main');
    const old = await stream(40 * DAY, DONE);
    const oldGithub = await stream(30 * DAY, DONE, { connector: 'github', body: capturedBody, bodyDigest: sha256(capturedBody) });
    const inside = await stream(3 * DAY, DONE);
    const unfinished = await stream(40 * DAY, ['webhook.processing', 'action.requested']);
    const deadLetter = await stream(40 * DAY, ['webhook.processing', 'webhook.failed', 'webhook.dead_lettered']);
    await hub.db.admin.query(`INSERT INTO event_rollups (minute, connector, account, received) VALUES (date_trunc('minute', now() - interval '5 days'), 'retention-old', '', 3)`);
    const env = { HUB_ARCHIVE_DIR: archiveDir, HUB_RETENTION_DAYS: '7' };
    // Folded now: the run's own fold may be held back by another test file's open transaction.
    await foldEverything(hub.resources.pool);

    const dry = await runCli(['retention', 'run', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('retention (dry run: nothing changed): window 7 days');
    expect(dry.out).toContain('events: 10 event(s) of 2 webhook(s) would be archived');
    expect(await eventsOf(old)).toBe(5);

    const run = await runCli(['retention', 'run'], env);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('events: 10 event(s) of 2 webhook(s) archived to');
    expect(run.out).toContain('kept although received before the cutoff: 1 unfinished, 1 dead-lettered or quarantined');
    expect(await eventsOf(old)).toBe(0);
    expect(await eventsOf(oldGithub)).toBe(0);
    expect(await eventsOf(inside)).toBe(5);
    expect(await eventsOf(unfinished)).toBe(3);
    expect(await eventsOf(deadLetter)).toBe(4);
    const rows = await archived(archiveDir);
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((r) => r.stream))).toEqual(new Set([old, oldGithub]));
    expect((await hub.db.admin.query(`SELECT 1 FROM event_rollups WHERE connector = 'retention-old'`)).rowCount).toBe(0);

    // The captured GitHub delivery, re-sent under a new delivery id after its event was archived: still a duplicate.
    const replay = await postGithub(capturedBody);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual({ eventId: oldGithub, duplicate: true });
    // A fresh body is taken as usual.
    const fresh = githubBody(`refs/heads/${randomBytes(4).toString('hex')}`);
    expect((await postGithub(fresh)).statusCode).toBe(202);
  });

  it('a database user that may only be hub_app can neither delete events nor run retention; it is told which GRANT is missing', { timeout: 30_000 }, async () => {
    const archiveDir = await mkdtemp(path.join(os.tmpdir(), 'hub-archive-'));
    const role = `t_app_${randomBytes(4).toString('hex')}`;
    await hub.db.admin.query(`CREATE ROLE ${role} LOGIN IN ROLE hub_app`);
    const url = new URL(hub.db.url);
    url.username = role;
    const old = await stream(40 * DAY, DONE);
    try {
      const client = new pg.Client({ connectionString: url.toString(), options: `-c search_path=${hub.db.schema} -c role=hub_app` });
      await client.connect();
      try {
        await expect(client.query('DELETE FROM events WHERE stream = $1', [old])).rejects.toMatchObject({ code: '42501' });
        await expect(client.query('SET ROLE hub_retention')).rejects.toMatchObject({ code: '42501' });
      } finally {
        await client.end();
      }
      const run = await runCli(['retention', 'run'], { DATABASE_URL: url.toString(), HUB_ARCHIVE_DIR: archiveDir, HUB_RETENTION_DAYS: '7' });
      expect(run.code).toBe(1);
      expect(run.err).toContain(`HUB_RETENTION_ROLE_DENIED: the database user of DATABASE_URL may not act as hub_retention; as the owner run: GRANT hub_retention TO ${role}`);
      expect(await eventsOf(old)).toBe(5);
      expect(await readdir(archiveDir)).toEqual([]);
    } finally {
      await hub.db.admin.query(`DROP OWNED BY ${role}`);
      await hub.db.admin.query(`DROP ROLE ${role}`);
    }
  });

  it('the worker runs it on its schedule, once at a time across two workers', { timeout: 60_000 }, async () => {
    const archiveDir = await mkdtemp(path.join(os.tmpdir(), 'hub-archive-'));
    const streams = await Promise.all(Array.from({ length: 30 }, (_, i) => stream(20 * DAY + i * 1_000, DONE)));
    const ports = [await freePort(), await freePort()];
    const workers = ports.map((port) =>
      spawnHub(['worker', '--connector', 'stripe'], { ...hub.env, HUB_ARCHIVE_DIR: archiveDir, HUB_RETENTION_DAYS: '7', HUB_RETENTION_INTERVAL_S: '1', HUB_METRICS_PORT: String(port), LOG_LEVEL: 'info' }),
    );
    try {
      await waitFor('the scheduled retention to archive the 30 streams', async () => (await Promise.all(streams.map(eventsOf))).every((n) => n === 0), 30_000, 250);
      const rows = await archived(archiveDir);
      // Each event archived once: two workers never ran it at the same time on the same streams.
      expect(rows.filter((r) => streams.includes(r.stream))).toHaveLength(150);
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
      const metrics = await Promise.all(ports.map(async (port) => (await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).match(/^hub_retention_archived_events_total\{connector="stripe"[^}]*\} (\d+)/m)?.[1]));
      expect(metrics.reduce((sum, n) => sum + Number(n ?? 0), 0)).toBe(rows.length);
    } finally {
      await Promise.all(workers.map((w) => w.kill('SIGTERM')));
    }
  });
});
