import { randomBytes } from 'node:crypto';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults, startDownstream, type Downstream } from '../support/downstream.js';
import { COMMENT_PATH, githubCommentRoute } from '../support/github-comment-route.js';
import { spawnHub } from '../support/hub-process.js';
import { spawnHubUp, type SpawnedHub } from '../support/spawned-hub.js';
import { sendStripeEvent } from '../support/stripe-webhooks.js';
import { waitFor } from '../support/wait-for.js';

// A provider that acts on a request and then loses the answer (hangs past the hub's deadline, or
// resets the connection). Retrying a call that creates something would create it twice: the hub
// must send a non-idempotent call once and leave the decision to an operator, and keep retrying
// an idempotent one.
const SECRET = 'whsec_outcome_unknown_0123456789';
const MASTER_KEYS = `k1:${randomBytes(32).toString('base64')}`;
const MAX_ATTEMPTS = 3;
let provider: Downstream;
let running: SpawnedHub;

beforeAll(async () => {
  provider = await startDownstream({ idempotencyKeys: false });
  running = await spawnHubUp(
    'outcomeunknown',
    [
      githubCommentRoute(),
      // http.post is declared idempotent (its receiver deduplicates by Idempotency-Key).
      {
        name: 'ledger',
        on: { connector: 'stripe', event: 'charge.refunded' },
        action: { connector: 'http', name: 'post' },
        input: `{ "url": "${provider.url}/ledger", "body": { "hubEventId": $eventId } }`,
      },
    ],
    {
      STRIPE_WEBHOOK_SECRET: SECRET,
      HUB_MASTER_KEYS: MASTER_KEYS,
      GITHUB_BASE_URL: provider.url,
      HUB_OUTBOUND_TIMEOUT_MS: '800',
      HUB_RETRY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    },
  );
  await new CredentialStore(running.db.pool, new EnvMasterKeys(MASTER_KEYS)).put('github', '', { token: 'ghp_outcome_unknown_test' });
}, 120_000);
afterAll(async () => {
  await running?.stop();
  await provider?.close();
});

async function lifecycle(eventId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const { rows } = await running.db.admin.query<{ type: string; data: Record<string, unknown> }>(`SELECT type, data FROM events WHERE stream = $1 AND type LIKE 'webhook.%' ORDER BY id`, [eventId]);
  return rows;
}

const arrivedFor = (eventId: string) => provider.requests.filter((r) => JSON.stringify(r.body).includes(eventId));

describe.each([
  ['hangs after taking the request', faults.acceptsThenHangs],
  ['resets the connection after taking the request', faults.acceptsThenResets],
])('a provider that %s', (_what, fault) => {
  it('gets a non-idempotent call (a GitHub comment) exactly once: dead-lettered as outcome_unknown with the request, no retry', async () => {
    provider.respondWith = fault;
    const eventId = await sendStripeEvent(running.ingressUrl, `evt_unknown_${randomBytes(4).toString('hex')}`, SECRET);
    const dead = await waitFor('the comment to be dead-lettered', async () => (await lifecycle(eventId)).find((e) => e.type === 'webhook.dead_lettered'), 30_000);
    expect(dead.data).toMatchObject({ class: 'outcome_unknown', code: 'HUB_ACTION_OUTCOME_UNKNOWN', attempts: 1, route: 'comment' });
    // The request is kept for the operator: what was sent, where.
    expect(dead.data.lastRequest).toMatchObject({ method: 'POST', url: `${provider.url}${COMMENT_PATH}`, body: { body: expect.stringContaining(eventId) } });
    // Longer than a retry's backoff: still exactly one request at the provider, no retry recorded.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(arrivedFor(eventId)).toHaveLength(1);
    expect((await lifecycle(eventId)).filter((e) => e.type === 'webhook.processing')).toHaveLength(1);

    // `hub dlq` shows the class and tells the operator what it means.
    const dlq = spawnHub(['dlq', 'stripe'], running.env);
    expect(await dlq.exited()).toBe(0);
    const printed = dlq.lines.map((l) => String(l.msg)).join('\n');
    expect(printed).toMatch(new RegExp(`${eventId}\\s+dead_lettered\\s+outcome_unknown`));
    expect(printed).toContain('the provider may have acted');
  });

  it('retries an idempotent call (http.post with its Idempotency-Key) as before', async () => {
    provider.respondWith = fault;
    const eventId = await sendStripeEvent(running.ingressUrl, `evt_idem_${randomBytes(4).toString('hex')}`, SECRET, {}, 'charge.refunded');
    const dead = await waitFor('the retries to run out', async () => (await lifecycle(eventId)).find((e) => e.type === 'webhook.dead_lettered'), 30_000);
    expect(dead.data).toMatchObject({ class: 'transient', code: 'HUB_ACTION_OUTCOME_UNKNOWN', attempts: MAX_ATTEMPTS });
    expect(arrivedFor(eventId)).toHaveLength(MAX_ATTEMPTS);
  });
});

describe('a DLQ replay', () => {
  it('leaves outcome_unknown events to the operator; a replay by id sends the call again', { timeout: 90_000 }, async () => {
    provider.respondWith = faults.acceptsThenResets;
    const eventId = await sendStripeEvent(running.ingressUrl, `evt_decide_${randomBytes(4).toString('hex')}`, SECRET);
    await waitFor('the comment to be dead-lettered', async () => (await lifecycle(eventId)).some((e) => e.type === 'webhook.dead_lettered'), 30_000);
    // GitHub's answer to a created comment (the action checks its shape).
    const now = new Date().toISOString();
    const comment = { id: 1, node_id: 'IC_1', url: 'u', html_url: 'h', issue_url: 'i', body: 'Paid', user: null, created_at: now, updated_at: now, author_association: 'OWNER' };
    provider.respondWith = () => ({ status: 201, body: JSON.stringify(comment) });

    const bulk = spawnHub(['replay', '--connector', 'stripe', '--dlq', '--reason', 'provider back'], running.env);
    expect(await bulk.exited()).toBe(0);
    expect(bulk.lines.map((l) => String(l.msg)).join('\n')).toMatch(/left out \d+ dead-lettered as outcome_unknown/);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(arrivedFor(eventId)).toHaveLength(1);
    expect((await lifecycle(eventId)).some((e) => e.type === 'webhook.replayed')).toBe(false);

    // The operator checked GitHub (no comment there) and decides: by id.
    const one = spawnHub(['replay', eventId, '--reason', 'checked GitHub: no comment was made'], running.env);
    expect(await one.exited()).toBe(0);
    await waitFor('the replay to be processed', async () => (await lifecycle(eventId)).at(-1)?.type === 'webhook.processed', 30_000);
    expect(arrivedFor(eventId)).toHaveLength(2);
  });
});
