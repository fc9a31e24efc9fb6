import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { createLogger } from '@hub/core/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The bot token is in the Authorization header of every Web API call; @slack/web-api errors carry
// the request (config, raw head) unless told not to. Logged through the hub's logger, none of it shows.
const TOKEN = `xoxb-1111-2222-${'c'.repeat(24)}`;

let server: http.Server;
let url: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream broke');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function loggedError(client: webApi.WebClient): Promise<{ line: string; err: unknown }> {
  const err = await client.chat.postMessage({ channel: 'C1', text: 'hi' }).catch((e: unknown) => e);
  let line = '';
  createLogger({ service: 'slack-test', destination: { write: (l: string) => void (line += l) } }).error({ err }, 'slack call failed');
  return { line, err };
}

describe('Web API errors in the logs', () => {
  it('a request error (connection refused) with axios attached: the token is masked', async () => {
    const client = new webApi.WebClient(TOKEN, { slackApiUrl: 'http://127.0.0.1:1/api/', retryConfig: { retries: 0 } });
    const { line, err } = await loggedError(client);
    // Without the hub's redaction the token would be there: it is in the error the client threw.
    expect(JSON.stringify((err as { original?: { config?: { headers?: unknown } } }).original?.config?.headers)).toContain(TOKEN);
    expect(line).toContain('slack_webapi_request_error');
    expect(line).not.toContain(TOKEN);
  });

  it('an HTTP error (500) without axios attached, as the Slack app configures its clients', async () => {
    const client = new webApi.WebClient(TOKEN, { slackApiUrl: url, retryConfig: { retries: 0 }, attachOriginalToWebAPIRequestError: false });
    const { line } = await loggedError(client);
    expect(line).toContain('slack_webapi_http_error');
    expect(line).not.toContain(TOKEN);
  });
});
