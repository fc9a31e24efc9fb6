import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isHubError, loadConnectorDeclaration, type ActionContext } from '@hub/connector-sdk';
import { describeConnector } from '@hub/connector-sdk/testing';
import { normalizeFixture } from '@hub/core/processing';
import { loadSimulatorEntry, startCatalogSimulator } from '@hub/simulators';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('.', import.meta.url));
const connector = await loadConnectorDeclaration(`${packageDir}connector.yaml`);

describeConnector(connector, { simulator: () => startCatalogSimulator(loadSimulatorEntry(packageDir)) });

/** The fixture of an event (or a variant of it), normalised by the worker's own function. */
const canonical = (eventType: string, payload?: unknown) => normalizeFixture(connector, eventType, payload);

describe('slack canonical adapters', () => {
  it('maps an app_mention to a Message in its channel, sent at the event ts', async () => {
    expect(await canonical('app_mention')).toEqual({
      ok: true,
      model: 'Message',
      version: expect.any(String),
      value: {
        source: { connector: 'slack', id: 'C123ABC456:1515449522.000016' },
        channel: 'C123ABC456',
        threadId: null,
        author: 'U123ABC456',
        text: 'What is the hour of the pearl, <@U0LAN0Z89>?',
        sentAt: '2018-01-08T22:12:02.000Z',
      },
    });
  });

  it('maps a channel message to a Message, keeping the thread it replies in', async () => {
    const fixture = connector.fixtures.message as { event: Record<string, unknown> };
    const reply = { ...fixture, event: { ...fixture.event, thread_ts: '1355517000.000001' } };
    expect(await canonical('message')).toMatchObject({ ok: true, value: { text: 'Live long and prospect.', threadId: null, sentAt: '2012-12-14T20:38:43.000Z' } });
    expect(await canonical('message', reply)).toMatchObject({ ok: true, value: { threadId: '1355517000.000001' } });
  });
});

describe('slack post_message failure answers (HTTP 200 {"ok": false})', () => {
  const action = connector.actions.post_message!;
  const input = action.input.parse({ channel: 'C123ABC456', text: 'hello' });
  /** A fake of the hub's HTTP client answering as Slack does: 200 with ok:false and an error code. */
  const answering = (body: unknown, headers: Record<string, string> = {}): ActionContext => ({
    idempotencyKey: 'evt-1:post',
    baseUrl: 'https://slack.com/api',
    http: { request: () => Promise.resolve({ status: 200, headers, body }) },
  });
  const failureOf = async (ctx: ActionContext) => {
    try {
      await action.run(ctx, input);
    } catch (err) {
      return isHubError(err) ? { code: err.code, retryable: err.retryable, retryAfterMs: err.retryAfterMs, details: err.details } : err;
    }
    return 'no error';
  };

  it('throws HUB_ACTION_PERMANENT on channel_not_found', async () => {
    expect(await failureOf(answering({ ok: false, error: 'channel_not_found' }))).toMatchObject({
      code: 'HUB_ACTION_PERMANENT',
      retryable: false,
      details: { providerCode: 'channel_not_found', status: 200 },
    });
  });

  it('throws HUB_ACTION_TRANSIENT on ratelimited, with the Retry-After Slack sends', async () => {
    expect(await failureOf(answering({ ok: false, error: 'ratelimited' }, { 'retry-after': '3' }))).toMatchObject({
      code: 'HUB_ACTION_TRANSIENT',
      retryable: true,
      retryAfterMs: 3000,
      details: { providerCode: 'ratelimited' },
    });
  });

  it('returns the documented ok:true answer unchanged', async () => {
    const body = JSON.parse(readFileSync(`${packageDir}fixtures/chat-post-message-response.json`, 'utf8')) as unknown;
    expect(await action.run(answering(body), input)).toEqual({ status: 200, headers: {}, body });
  });
});
