import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '@hub/simulators';
import { spawnHub, type HubProcess } from '../support/hub-process.js';
import { rawExchange } from '../support/raw-http.js';
import { slackSignature } from '../support/slack-requests.js';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/test-database.js';

// The Slack app's receiver as `hub slack` runs it, attacked over real sockets. The side effect
// watched: `/hub mute <connector> 1h` from an operator writes an alert_mutes row.
const SIGNING_SECRET = randomBytes(16).toString('hex');
const TEAM = 'T0HUB';
const OPERATOR = 'U0OPERATOR';
const BODY_LIMIT = 8 * 1024;
const REQUEST_TIMEOUT_MS = 2_000;
let db: TestDatabase;
let fakeSlack: FakeSlack;
let hub: HubProcess;
let slackUrl: string;
let port: number;

/** The form body of `/hub mute <connector> 1h` from the operator, as Slack posts it. */
function muteCommand(connector: string): string {
  return new URLSearchParams({ token: 'legacy', team_id: TEAM, team_domain: 'hub', channel_id: 'C0OPS', channel_name: 'ops', user_id: OPERATOR, user_name: 'op', command: '/hub', text: `mute ${connector} 1h`, api_app_id: 'A0HUB', response_url: fakeSlack.responseUrl(`mute-${connector}`), trigger_id: `trig.${connector}` }).toString();
}

async function mutes(connector: string): Promise<number> {
  const { rows } = await db.admin.query<{ n: number }>('SELECT count(*)::int AS n FROM alert_mutes WHERE connector = $1', [connector]);
  return rows[0]?.n ?? 0;
}

const post = (body: string, headers: Record<string, string>) => fetch(`${slackUrl}/slack/events`, { method: 'POST', headers, body });
const now = () => Math.floor(Date.now() / 1000);

/** After a refusal: the same command, correctly sent, does run (so the refusal is what stopped it). */
async function runsWhenSentProperly(connector: string): Promise<void> {
  const body = muteCommand(connector);
  expect((await post(body, slackSignature(body, SIGNING_SECRET))).status).toBe(200);
  expect(await mutes(connector)).toBe(1);
}

beforeAll(async () => {
  db = await createTestDatabase('sec_slack');
  fakeSlack = await startFakeSlack({ token: 'xoxb-sec-slack', teamId: TEAM });
  hub = spawnHub(['slack'], {
    DATABASE_URL: db.url,
    DATABASE_SCHEMA: db.schema,
    HUB_QUEUE_PREFIX: testQueuePrefix('secslack'),
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-sec-slack',
    SLACK_TEAM_ID: TEAM,
    HUB_SLACK_OPERATORS: OPERATOR,
    SLACK_API_URL: `${fakeSlack.url}/`,
    HUB_SLACK_PORT: '0',
    HUB_SLACK_BODY_LIMIT_BYTES: String(BODY_LIMIT),
    HUB_HTTP_HEADERS_TIMEOUT_MS: '1000',
    HUB_HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    LOG_LEVEL: 'info',
  });
  // The log names the events endpoint: ${url}/slack/events.
  slackUrl = String((await hub.waitForLog('slack app listening in HTTP mode', 30_000)).url).replace('0.0.0.0', '127.0.0.1').replace(/\/slack\/events$/, '');
  port = Number(new URL(slackUrl).port);
}, 60_000);
afterAll(async () => {
  await hub?.kill();
  await fakeSlack?.close();
  await db?.drop();
});

describe('Slack receiver: stale, future-dated, oversized and slow requests are refused', () => {
  it('a correctly signed, current command runs (the control)', async () => {
    const body = muteCommand('stripe');
    const res = await post(body, slackSignature(body, SIGNING_SECRET));
    expect(res.status).toBe(200);
    expect(await mutes('stripe')).toBe(1);
  });

  it('refuses a correctly signed command dated 6 minutes ahead: nothing runs', async () => {
    const body = muteCommand('github');
    const res = await post(body, slackSignature(body, SIGNING_SECRET, now() + 360));
    expect(res.status).toBe(401);
    expect(await mutes('github')).toBe(0);
    await runsWhenSentProperly('github');
  });

  it('refuses a correctly signed command dated 6 minutes ago: nothing runs', async () => {
    const body = muteCommand('shopify');
    const res = await post(body, slackSignature(body, SIGNING_SECRET, now() - 360));
    expect(res.status).toBe(401);
    expect(await mutes('shopify')).toBe(0);
    await runsWhenSentProperly('shopify');
  });

  it('refuses a declared Content-Length over the limit at once, and a chunked body as it passes the limit', async () => {
    const declared = await rawExchange({ port }, [{ write: `POST /slack/events HTTP/1.1\r\nHost: slack\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n` }], 5_000);
    expect(declared.status).toBe(413);
    expect(declared.closedAfterMs).toBeLessThan(2_000);
    const chunk = `${(1024).toString(16)}\r\n${'x'.repeat(1024)}\r\n`;
    const chunked = await rawExchange({ port }, [
      { write: 'POST /slack/events HTTP/1.1\r\nHost: slack\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n' },
      ...Array.from({ length: 200 }, () => ({ write: chunk, pauseMs: 5 })),
    ]);
    expect(chunked.status).toBe(413);
    // Cut near the limit: far fewer than the 200 KiB the client meant to send.
    expect(chunked.bytesWritten).toBeLessThan(200 * chunk.length);
  });

  it('cuts a correctly signed command whose body trickles in past the request timeout: nothing runs', async () => {
    const body = muteCommand('jira');
    const headers = slackSignature(body, SIGNING_SECRET);
    const head = `POST /slack/events HTTP/1.1\r\nHost: slack\r\nContent-Type: ${headers['content-type']}\r\nX-Slack-Request-Timestamp: ${headers['x-slack-request-timestamp']}\r\nX-Slack-Signature: ${headers['x-slack-signature']}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    const pieces = 30;
    const size = Math.ceil(body.length / pieces);
    const answer = await rawExchange({ port }, [{ write: head }, ...Array.from({ length: pieces }, (_, i) => ({ write: body.slice(i * size, (i + 1) * size), pauseMs: 200 }))]);
    expect(answer.status).toBe(408);
    expect(answer.closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2_000);
    expect(await mutes('jira')).toBe(0);
    await runsWhenSentProperly('jira');
  });

  it('closes a connection whose headers trickle in (slowloris)', async () => {
    const steps = [{ write: 'POST /slack/events HTTP/1.1\r\nHost: slack\r\n', pauseMs: 250 }, ...Array.from({ length: 40 }, (_, i) => ({ write: `X-Slow-${i}: a\r\n`, pauseMs: 250 }))];
    const answer = await rawExchange({ port }, steps);
    expect(answer.closedAfterMs).toBeLessThan(3_000);
  });
});
