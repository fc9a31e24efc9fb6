import { webApi } from '@slack/bolt';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '@hub/simulators';
import { EventStore, EventTypes } from '@hub/core/event-store';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { waitFor } from '../../../../test/support/wait-for.js';
import type { Reply } from '../reply.js';
import { followReplay } from './follow-replay.js';
import { openReplayReporter } from './replay-reporter.js';

const TOKEN = 'xoxb-follow-replay';
let db: TestDatabase;
let store: EventStore;
let slack: FakeSlack;
let client: webApi.WebClient;
let interaction = 0;

/** `n` webhook events whose last lifecycle event is a replay, as replayEvents leaves them. */
async function replayed(n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  await store.append(ids.map((stream) => ({ stream, connector: 'stripe', type: EventTypes.webhookReceived, data: {} })));
  await store.append(ids.map((stream) => ({ stream, connector: 'stripe', type: EventTypes.webhookReplayed, data: {} })));
  return ids;
}

type Final = 'webhook.processed' | 'webhook.dead_lettered' | 'webhook.quarantined';

/** What the worker would write when these events finish: one statement, so a poll sees all of them or none. */
async function finish(...groups: [ids: readonly string[], type: Final][]): Promise<void> {
  await store.append(groups.flatMap(([ids, type]) => ids.map((stream) => ({ stream, connector: 'stripe', type, data: {} }))));
}

/** Bolt's respond for one command: posts to its response_url on the fake Slack. */
function responder() {
  const id = `follow${++interaction}`;
  const respond = async (reply: Reply | object) => {
    await fetch(slack.responseUrl(id), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response_type: 'ephemeral', ...reply }) });
  };
  return { id, respond, texts: () => slack.responses.filter((r) => r.id === id).map((r) => String(r.body.text)) };
}

const threadOf = (channel: string, parent: string) => [...slack.messages.values()].filter((m) => m.channel === channel && m.threadTs === parent).map((m) => m.text ?? '');

beforeAll(async () => {
  db = await createTestDatabase('followreplay');
  store = new EventStore(db.pool);
  slack = await startFakeSlack({ token: TOKEN, channels: { ops: 'C0OPS' } });
  client = new webApi.WebClient(TOKEN, { slackApiUrl: `${slack.url}/`, retryConfig: { retries: 0 } });
});
afterAll(async () => {
  await slack?.close();
  await db?.drop();
});

describe('followReplay', () => {
  it('posts the start in the channel, a few progress replies in its thread and the final counts, whatever the number of events', async () => {
    const ids = await replayed(300);
    const { respond } = responder();
    const reporter = await openReplayReporter({ client, channelId: 'C0OPS', respond, log: testLogger }, 'U0OP replays 300 stripe events');
    expect(reporter.where).toBe('thread');
    const parent = [...slack.messages.values()].find((m) => m.text === 'U0OP replays 300 stripe events');
    expect(parent?.channel).toBe('C0OPS');
    const ts = parent?.ts ?? '';

    await finish([ids.slice(0, 100), 'webhook.processed']);
    const following = followReplay(db.pool, ids, reporter, { pollMs: 100, progressGapMs: 300, timeoutMs: 60_000 });
    await waitFor('the first progress reply', () => threadOf('C0OPS', ts).includes('100/300 done: 100 processed · 0 dead-lettered again · 0 quarantined · 200 still running'));
    await finish([ids.slice(100, 130), 'webhook.dead_lettered'], [ids.slice(130, 150), 'webhook.quarantined']);
    await waitFor('the second progress reply', () => threadOf('C0OPS', ts).includes('150/300 done: 100 processed · 30 dead-lettered again · 20 quarantined · 150 still running'));
    await finish([ids.slice(150), 'webhook.processed']);
    const result = await following;

    expect(result).toEqual({ counts: { processed: 250, deadLettered: 30, quarantined: 20, running: 0 }, timedOut: false });
    const final = ':warning: Replay finished: 250 processed · 30 dead-lettered again · 20 quarantined. `/hub dlq` lists the failed ones.';
    // 300 events, four messages: the start, two progress replies, the counts.
    expect(threadOf('C0OPS', ts)).toEqual([expect.stringContaining('100/300 done'), expect.stringContaining('150/300 done'), final]);
    expect(slack.messages.get(ts)?.text).toBe(`U0OP replays 300 stripe events\n${final}`);
  });

  it('stops following after the timeout and counts what is still running', async () => {
    const ids = await replayed(5);
    await finish([ids.slice(0, 2), 'webhook.processed']);
    const { respond } = responder();
    const reporter = await openReplayReporter({ client, channelId: 'C0OPS', respond, log: testLogger }, 'U0OP replays 5 stripe events (timeout)');
    const result = await followReplay(db.pool, ids, reporter, { pollMs: 50, progressGapMs: 60_000, timeoutMs: 1_000, replayId: 'r-timeout' });
    expect(result).toEqual({ counts: { processed: 2, deadLettered: 0, quarantined: 0, running: 3 }, timedOut: true });
    const parent = [...slack.messages.values()].find((m) => m.text?.startsWith('U0OP replays 5 stripe events (timeout)'));
    expect(threadOf('C0OPS', parent?.ts ?? '')).toEqual([
      ':hourglass: Stopped following replay `r-timeout` after 1 s: 2 processed · 0 dead-lettered again · 0 quarantined · 3 still running. `/hub dlq` and the console show where the rest stand.',
    ]);
  });

  it('falls back to the response_url when the bot is not in the channel, says so, and stays within its 5 posts', async () => {
    const ids = await replayed(8);
    slack.intercept = (method) => (method === 'chat.postMessage' ? { body: { ok: false, error: 'not_in_channel' } } : undefined);
    const { respond, texts } = responder();
    const reporter = await openReplayReporter({ client, channelId: 'C0OPS', respond, log: testLogger }, 'U0OP replays 8 stripe events');
    slack.intercept = undefined;
    expect(reporter.where).toBe('response_url');
    expect(texts()).toEqual([expect.stringMatching(/^U0OP replays 8 stripe events\n_I cannot post in this channel \(`not_in_channel`\), so the progress comes here, to you only/)]);

    // Each finished event changes the progress; after three progress posts the reporter posts no more.
    await finish([ids.slice(0, 1), 'webhook.processed']);
    const following = followReplay(db.pool, ids, reporter, { pollMs: 30, progressGapMs: 1, timeoutMs: 60_000 });
    for (let done = 1; done <= 3; done += 1) {
      if (done > 1) await finish([ids.slice(done - 1, done), 'webhook.processed']);
      await waitFor(`progress ${done}/8`, () => texts().some((t) => t.startsWith(`${done}/8 done`)));
    }
    expect(reporter.progressLeft).toBe(0);
    await finish([ids.slice(3, 4), 'webhook.processed'], [ids.slice(4), 'webhook.dead_lettered']);
    await following;
    expect(texts()).toHaveLength(5);
    expect(texts().at(-1)).toBe(':warning: Replay finished: 4 processed · 4 dead-lettered again · 0 quarantined. `/hub dlq` lists the failed ones.');
    expect([...slack.messages.values()].some((m) => m.text?.startsWith('U0OP replays 8 stripe events'))).toBe(false);
  });
});
