import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { startFakeSlack, type FakeSlack } from '@hub/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDownstream, type Downstream } from '../support/downstream.js';
import { spawnHub } from '../support/hub-process.js';
import { slackClient, type SlackTestClient } from '../support/slack-requests.js';
import { spawnHubUp, type SpawnedHub } from '../support/spawned-hub.js';
import { sendStripeEvent } from '../support/stripe-webhooks.js';
import { waitFor } from '../support/wait-for.js';

// The same replay fired at the same moment from the CLI (a spawned `hub replay`), the console API
// and the Slack Replay button, against a running `hub up` whose route posts to a downstream that
// does NOT deduplicate by Idempotency-Key (every request it takes is a side effect). Without one
// lock per event each path would queue the event and the worker would run it three times at once.
const SECRET = 'whsec_double_replay_0123456789';
const TOKEN = 'console-token-double-replay-0123456789';
const SLACK_SECRET = 'slack-signing-secret-double-replay';
const BOT_TOKEN = 'xoxb-double-replay';
const OPERATOR = 'U0OPERATOR';
const ROUNDS = 10;

let downstream: Downstream;
let fakeSlack: FakeSlack;
let running: SpawnedHub;
let slack: SlackTestClient;

beforeAll(async () => {
  downstream = await startDownstream({ idempotencyKeys: false });
  fakeSlack = await startFakeSlack({ token: BOT_TOKEN, channels: { ops: 'C0OPS' } });
  running = await spawnHubUp(
    'doublereplay',
    [{ name: 'ledger', on: { connector: 'stripe', event: 'payment_intent.succeeded' }, action: { connector: 'http', name: 'post' }, input: `{ "url": "${downstream.url}/ledger", "body": { "hubEventId": $eventId } }` }],
    {
      STRIPE_WEBHOOK_SECRET: SECRET,
      HUB_CONSOLE_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_TEAM_ID: 'T0HUB',
      HUB_SLACK_PORT: '0',
      SLACK_API_URL: `${fakeSlack.url}/`,
      HUB_SLACK_OPERATORS: OPERATOR,
    },
  );
  slack = slackClient({ appUrl: () => running.slackUrl as string, signingSecret: SLACK_SECRET, teamId: 'T0HUB', slack: () => fakeSlack });
}, 120_000);
afterAll(async () => {
  await running?.stop();
  await fakeSlack?.close();
  await downstream?.close();
});

async function lifecycle(eventId: string): Promise<string[]> {
  const { rows } = await running.db.admin.query<{ type: string }>(`SELECT type FROM events WHERE stream = $1 AND type LIKE 'webhook.%' ORDER BY id`, [eventId]);
  return rows.map((r) => r.type);
}

/**
 * Holds every replay at the same point: the outbox (where each path would queue the event) is
 * locked until the three requests are all waiting inside PostgreSQL, on the outbox or on the
 * event's lease; then all go at once.
 */
async function barrier(admin: pg.Pool): Promise<{ release(): Promise<void>; waiting(): Promise<number> }> {
  const client = await admin.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE outbox IN EXCLUSIVE MODE');
  return {
    async release() {
      await client.query('COMMIT');
      client.release();
    },
    async waiting() {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
           AND (query LIKE '%INSERT INTO event_leases%' OR query LIKE '%INSERT INTO outbox (event_id, connector, replay)%')`,
      );
      return rows[0]?.n ?? 0;
    },
  };
}

describe('the same replay from the CLI, the console API and the Slack button at the same moment', () => {
  it(`runs the event once: exactly one side effect at a downstream that does not deduplicate (${ROUNDS} rounds)`, { timeout: 300_000 }, async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      downstream.respondWith = () => ({ status: 422 });
      const eventId = await sendStripeEvent(running.ingressUrl, `evt_double_${round}_${randomBytes(3).toString('hex')}`, SECRET);
      await waitFor('the event in the DLQ', async () => (await lifecycle(eventId)).at(-1) === 'webhook.dead_lettered', 30_000);
      // No wait for the worker to let its lease go: a replay of a finished event goes ahead of it.
      downstream.respondWith = () => ({ status: 200 });

      const gate = await barrier(running.db.admin);
      let cli: ReturnType<typeof spawnHub> | undefined;
      let api: Promise<Response> | undefined;
      let press: Promise<{ status: number }> | undefined;
      try {
        cli = spawnHub(['replay', eventId, '--reason', `double replay round ${round}`], running.env);
        api = fetch(`${running.consoleUrl}/api/replay`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ eventIds: [eventId], reason: `double replay round ${round}` }),
        });
        press = slack.press({ action_id: 'hub_replay_event', value: JSON.stringify({ eventId, connector: 'stripe' }) }, { user: OPERATOR }).send();
        await waitFor('the three replays to wait at the same point', async () => (await gate.waiting()) >= 3, 30_000);
      } finally {
        await gate.release();
      }
      expect(await cli.exited()).toBe(0);
      const answer = (await (await api).json()) as { replayed: number; skipped: { reason: string }[] };
      expect((await press).status).toBe(200);

      await waitFor('the replay to be processed', async () => (await lifecycle(eventId)).at(-1) === 'webhook.processed', 30_000);
      // Long enough for a second or third queued run to have reached the downstream.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const effects = downstream.sideEffects.filter((r) => (r.body as { hubEventId?: string }).hubEventId === eventId);
      expect(effects).toHaveLength(1);
      const types = await lifecycle(eventId);
      expect(types.filter((t) => t === 'webhook.replayed')).toHaveLength(1);
      expect(types.slice(types.indexOf('webhook.replayed')).filter((t) => t === 'webhook.processing')).toHaveLength(1);

      // Who won differs from round to round; the two others said it was already queued or processing.
      const slackAudit = await running.db.admin.query<{ outcome: string }>(`SELECT data->>'outcome' AS outcome FROM events WHERE stream = $1 AND type = 'slack.action_requested'`, [eventId]);
      const cliText = cli.lines.map((l) => String(l.msg)).join('\n');
      const winners = [answer.replayed === 1, /replayed 1 event/.test(cliText), slackAudit.rows[0]?.outcome === 'replayed'];
      expect(winners.filter(Boolean)).toHaveLength(1);
      if (answer.replayed === 0) expect(['queued', 'processing']).toContain(answer.skipped[0]?.reason);
      if (!winners[1]) expect(cliText).toMatch(/skipped 1 already (queued|processing)/);
      outcomes.push(['api', 'cli', 'slack'][winners.indexOf(true)] as string);
    }
    expect(outcomes).toHaveLength(ROUNDS);
  });
});
