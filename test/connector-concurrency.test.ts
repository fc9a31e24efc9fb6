import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign as githubSign } from '@octokit/webhooks-methods';
import { defineConnector } from '@hub/connector-sdk';
import { createLogger } from '@hub/core/logger';
import type { ConnectorOverridesInput, RouteConfig } from '@hub/core/routes';
import { afterEach, describe, expect, it } from 'vitest';
import { startDownstream, type Downstream } from './support/downstream.js';
import { spawnHub } from './support/hub-process.js';
import { settledOutcome } from './support/event-outcomes.js';
import { ledgerRoute } from './support/ledger-route.js';
import { connectors } from './support/repo-connectors.js';
import { postStripeEvent } from './support/stripe-webhooks.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

const STRIPE_SECRET = 'whsec_concurrency';
const GITHUB_SECRET = 'github-concurrency-secret-0123456789';
const DECLARED = 3;

// GitHub's webhook under another id, declaring how many of its webhooks a worker handles at once.
const tracker = defineConnector({ ...connectors.github, id: 'tracker', name: 'Tracker', concurrency: DECLARED });

const hubs: TestHub[] = [];
const sims: Downstream[] = [];
const gates: (() => void)[] = [];
afterEach(async () => {
  // A failed test may leave a provider holding its answers: let them go so the worker can drain.
  for (const release of gates.splice(0)) release();
  for (const hub of hubs.splice(0)) await hub.stop();
  for (const sim of sims.splice(0)) await sim.close();
});

async function simulator(): Promise<Downstream> {
  const sim = await startDownstream();
  sims.push(sim);
  return sim;
}

/** tracker and stripe consumed by one worker, as `hub up` runs them: tracker's pushes go to `slow`, stripe's payments to `ledger`. */
async function hubWithTwoConnectors(label: string, slow: Downstream, ledger: Downstream, connectorOverrides?: ConnectorOverridesInput): Promise<TestHub> {
  const trackerRoute: RouteConfig = {
    name: 'push-to-slow-provider',
    on: { connector: 'tracker', event: 'push' },
    action: { connector: 'http', name: 'post' },
    input: `{ "url": "${slow.url}/builds", "body": { "ref": ref, "hubEventId": $eventId } }`,
  };
  const hub = await startTestHub({
    label,
    secrets: { stripe: STRIPE_SECRET, tracker: GITHUB_SECRET },
    extraConnectors: { tracker },
    workerConnectors: ['stripe', 'tracker'],
    routes: [ledgerRoute(ledger.url), trackerRoute],
    ...(connectorOverrides ? { connectorOverrides } : {}),
    // The slow provider is held for as long as the test needs: no call may time out meanwhile.
    env: { HUB_OUTBOUND_TIMEOUT_MS: '60000' },
  });
  hubs.push(hub);
  return hub;
}

/** Posts a GitHub-signed push to /webhooks/<connector> and returns our event id. */
async function postPush(hub: TestHub, connector: string, extra: Record<string, unknown> = {}): Promise<string> {
  // A new ref each time: GitHub deliveries are also deduplicated on their body. Same shape, other value.
  const body = JSON.stringify({ ...(connectors.github.fixtures as Record<string, object>).push, ref: `refs/heads/b-${randomUUID()}`, ...extra });
  const res = await hub.ingress.inject({
    method: 'POST',
    url: `/webhooks/${connector}`,
    payload: body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': await githubSign(GITHUB_SECRET, body), 'x-github-event': 'push', 'x-github-delivery': randomUUID() },
  });
  expect(res.statusCode).toBe(202);
  return (res.json() as { eventId: string }).eventId;
}

/** A provider that answers nothing until `release()`. */
function holdAnswers(sim: Downstream): { release(): void } {
  let release = () => undefined as void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  sim.respondWith = () => ({ status: 200, until: gate });
  gates.push(() => release());
  return { release: () => release() };
}

/** Each stripe payment's time from acknowledgement to processed (database clock), sorted. */
async function stripeLatenciesMs(hub: TestHub, count: number, tag: string): Promise<number[]> {
  const ids = await Promise.all(Array.from({ length: count }, (_, i) => postStripeEvent(hub.ingress, `evt_${tag}_${i}_${randomUUID()}`, STRIPE_SECRET)));
  for (const id of ids) expect((await settledOutcome(hub.db.admin, id)).status).toBe('processed');
  const { rows } = await hub.db.admin.query<{ ms: number }>(
    `SELECT extract(epoch FROM p.created_at - r.created_at) * 1000 AS ms FROM events r JOIN events p ON p.stream = r.id AND p.type = 'webhook.processed' WHERE r.id = ANY($1::uuid[]) ORDER BY 1`,
    [ids],
  );
  return rows.map((r) => Number(r.ms));
}

const processedCount = async (hub: TestHub, ids: string[]) =>
  Number((await hub.db.admin.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE stream = ANY($1::uuid[]) AND type = 'webhook.processed'`, [ids])).rows[0]?.n);

const pct = (sorted: number[], p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN);

/**
 * Saturates tracker at its slow provider (answers held), checks that stripe's payments still flow
 * meanwhile, releases the provider and checks every push went through. Returns the figures.
 */
async function saturateTracker(hub: TestHub, slow: Downstream, limit: number, pushes: number) {
  await stripeLatenciesMs(hub, 10, 'warm-up'); // the first events of a fresh hub pay for its cold start
  const calm = await stripeLatenciesMs(hub, 10, 'calm');
  const held = holdAnswers(slow);
  const pushIds: string[] = [];
  for (let i = 0; i < pushes; i += 1) pushIds.push(await postPush(hub, 'tracker'));
  await waitFor(`${limit} tracker calls in flight at the slow provider`, () => slow.inFlight === limit);

  // tracker's handlers are all stuck at its provider; its other pushes wait in its queue.
  const saturated = await stripeLatenciesMs(hub, 10, 'saturated');
  expect(slow.requests).toHaveLength(limit);
  expect(slow.inFlight).toBe(limit);
  expect(await processedCount(hub, pushIds)).toBe(0);

  held.release();
  await waitFor('every push processed', async () => (await processedCount(hub, pushIds)) === pushes, 30_000, 100);
  expect(slow.sideEffects).toHaveLength(pushes);
  return { calm, saturated, maxInFlight: slow.maxInFlight };
}

describe('per-connector concurrency (one worker consuming two connectors, as hub up does)', () => {
  it("never has more of a connector's calls in flight at its slow provider than its declared limit, while another connector's events keep flowing", async () => {
    const [slow, ledger] = [await simulator(), await simulator()];
    const hub = await hubWithTwoConnectors('concurrency_decl', slow, ledger);
    expect(hub.worker?.limits).toEqual([
      { connector: 'stripe', limit: 100, from: 'default' },
      { connector: 'tracker', limit: DECLARED, from: 'declared' },
    ]);

    const { calm, saturated, maxInFlight } = await saturateTracker(hub, slow, DECLARED, 12);
    expect(maxInFlight).toBe(DECLARED);
    console.info(
      `concurrency: tracker declared ${DECLARED}, 12 pushes held at its provider: max ${maxInFlight} calls in flight there; ` +
        `stripe meanwhile p50 ${pct(saturated, 50)} ms / max ${pct(saturated, 100)} ms from ack to processed (calm: p50 ${pct(calm, 50)} ms / max ${pct(calm, 100)} ms)`,
    );
  });

  it("lets hub.config.yaml's concurrency win over the declared one", async () => {
    const [slow, ledger] = [await simulator(), await simulator()];
    const hub = await hubWithTwoConnectors('concurrency_over', slow, ledger, { tracker: { concurrency: 2 } });
    expect(hub.worker?.limits.find((l) => l.connector === 'tracker')).toEqual({ connector: 'tracker', limit: 2, from: 'hub.config.yaml' });

    const { maxInFlight } = await saturateTracker(hub, slow, 2, 6);
    expect(maxInFlight).toBe(2);
    console.info(`concurrency: tracker declared ${DECLARED}, hub.config.yaml 2: max ${maxInFlight} calls in flight at its held provider`);
  });
});

describe('per-connector database pools (one worker consuming two connectors, as hub up does)', () => {
  it("keeps a connector whose handlers hang in the database to its own connections: the other connector's events and the ingress go on", async () => {
    const ledger = await simulator();
    const lines: { connector?: string; msg?: string }[] = [];
    const hub = await startTestHub({
      label: 'concurrency_db',
      log: createLogger({ service: 'test', level: 'warn', destination: { write: (line: string) => void lines.push(JSON.parse(line) as { connector?: string; msg?: string }) } }),
      secrets: { stripe: STRIPE_SECRET, github: GITHUB_SECRET },
      workerConnectors: ['stripe', 'github'],
      routes: [ledgerRoute(ledger.url)],
      env: { DATABASE_POOL_MAX: '10', DATABASE_CONNECTOR_POOL_MAX: '4' },
    });
    hubs.push(hub);
    expect(hub.worker?.limits.map((l) => l.limit)).toEqual([100, 100]); // more handlers than connections

    // The first push records github's push shape; then that row is locked, as a long transaction
    // (a migration, an operator's session) would: every push of a new shape waits on it.
    const first = await postPush(hub, 'github');
    expect((await settledOutcome(hub.db.admin, first)).status).toBe('processed');
    await stripeLatenciesMs(hub, 10, 'warm-up');
    const calm = await stripeLatenciesMs(hub, 10, 'calm');
    const locker = await hub.db.admin.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM observed_shapes WHERE connector = 'github' AND event_type = 'push' FOR UPDATE`);
      const lockerPid = (await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      // Sessions waiting on the lock, directly or queued behind another waiter.
      const blocked = async () =>
        Number(
          (
            await hub.db.admin.query<{ n: string }>(
              `WITH RECURSIVE waiting(pid) AS (
                 SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))
                 UNION SELECT a.pid FROM pg_stat_activity a JOIN waiting w ON w.pid = ANY(pg_blocking_pids(a.pid)))
               SELECT count(*) AS n FROM waiting`,
              [lockerPid],
            )
          ).rows[0]?.n,
        );

      const pushIds: string[] = [];
      for (let i = 0; i < 10; i += 1) pushIds.push(await postPush(hub, 'github', { [`new_field_${i}`]: i }));
      await waitFor("github's own 4 connections waiting on the lock", async () => (await blocked()) === 4);

      // github's other handlers find no connection of its pool: they fail (pool timeout) and their messages come back later.
      await waitFor('a github handler to fail for want of a connection', () => lines.some((l) => l.connector === 'github' && l.msg === 'message handling failed; it will be redelivered'), 30_000, 100);
      const payments = await stripeLatenciesMs(hub, 10, 'db_stuck');
      expect(await blocked()).toBe(4);
      expect(await processedCount(hub, pushIds)).toBe(0);
      console.info(`database pools: github's handlers hung in the database on 4 of their own connections (20 handlers allowed); stripe meanwhile p50 ${pct(payments, 50)} ms / max ${pct(payments, 100)} ms from ack to processed (calm: p50 ${pct(calm, 50)} ms / max ${pct(calm, 100)} ms)`);

      await locker.query('COMMIT');
      await waitFor('every push processed once the lock is gone', async () => (await processedCount(hub, pushIds)) === 10, 60_000, 200);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      locker.release();
    }
  }, 90_000);
});

describe('a concurrency the worker cannot use', () => {
  it('stops `hub worker` at start with every problem, naming the field and what to write instead', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hub-concurrency-'));
    try {
      const file = join(dir, 'hub.config.yaml');
      await writeFile(file, 'connectors:\n  stripe: { concurrency: 0 }\n  http: { concurrency: 5 }\n');
      const hub = spawnHub(['worker', '--connector', 'stripe'], { HUB_CONFIG_FILE: file });
      expect(await hub.exited()).toBe(1);
      const err = hub.stderr();
      expect(err).toMatch(/^HUB_ROUTES_INVALID/);
      expect(err).toContain('connectors.stripe.concurrency: at least 1 (to stop handling a connector, leave it out of HUB_CONNECTORS)');
      expect(err).toContain("connectors.http.concurrency: concurrency limits the handlers of http's webhooks, and http has no webhook: remove concurrency");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
