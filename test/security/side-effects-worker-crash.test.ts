import { randomBytes } from 'node:crypto';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults, startDownstream, type Downstream } from '../support/downstream.js';
import { COMMENT_PATH, githubCommentRoute } from '../support/github-comment-route.js';
import { spawnHub } from '../support/hub-process.js';
import { spawnHubUp, type SpawnedHub } from '../support/spawned-hub.js';
import { sendStripeEvent } from '../support/stripe-webhooks.js';
import { waitFor } from '../support/wait-for.js';

// The other ambiguous failure: the hub is killed (kill -9) after a non-idempotent request left
// and before its answer came back. SQS hands the message to the next worker, which must not send
// the request a second time: the timeline shows a request recorded with no answer.
const SECRET = 'whsec_worker_crash_0123456789';
const MASTER_KEYS = `k1:${randomBytes(32).toString('base64')}`;
let provider: Downstream;
let running: SpawnedHub;

beforeAll(async () => {
  provider = await startDownstream({ idempotencyKeys: false });
  provider.respondWith = faults.acceptsThenHangs;
  running = await spawnHubUp(
    'workercrash',
    [githubCommentRoute()],
    { STRIPE_WEBHOOK_SECRET: SECRET, HUB_MASTER_KEYS: MASTER_KEYS, GITHUB_BASE_URL: provider.url, HUB_OUTBOUND_TIMEOUT_MS: '60000' },
  );
  await new CredentialStore(running.db.pool, new EnvMasterKeys(MASTER_KEYS)).put('github', '', { token: 'ghp_worker_crash_test' });
}, 120_000);
afterAll(async () => {
  await running?.stop();
  await provider?.close();
});

describe('a hub killed while a non-idempotent call waits for its answer', () => {
  it('does not send it again after the restart: the event is dead-lettered as outcome_unknown with the request', { timeout: 120_000 }, async () => {
    const eventId = await sendStripeEvent(running.ingressUrl, `evt_crash_${randomBytes(4).toString('hex')}`, SECRET);
    await waitFor('the comment request at the provider', () => provider.requests.some((r) => JSON.stringify(r.body).includes(eventId)), 30_000);
    await running.hub.kill('SIGKILL');

    // The provider answers again from now on: a second request would succeed and comment twice.
    provider.respondWith = () => ({ status: 500 });
    running.hub = spawnHub(['up'], running.env, running.dir);
    await running.hub.waitForLog(/^ingress\s+http/, 60_000);
    const dead = await waitFor(
      'the redelivered event to be dead-lettered',
      async () => (await running.db.admin.query<{ data: Record<string, unknown> }>(`SELECT data FROM events WHERE stream = $1 AND type = 'webhook.dead_lettered'`, [eventId])).rows[0],
      60_000,
    );
    expect(dead.data).toMatchObject({ class: 'outcome_unknown', code: 'HUB_ACTION_OUTCOME_UNKNOWN', route: 'comment' });
    expect(dead.data.lastRequest).toMatchObject({ method: 'POST', url: `${provider.url}${COMMENT_PATH}` });
    expect(provider.requests.filter((r) => JSON.stringify(r.body).includes(eventId))).toHaveLength(1);
    // It did run again (two attempts), and the second one sent nothing.
    const { rows } = await running.db.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE stream = $1 AND type = 'webhook.processing'`, [eventId]);
    expect(rows[0]?.n).toBe(2);
  });
});
