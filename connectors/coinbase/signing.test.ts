import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { AuthDeclaration, type HttpRequest } from '@hub/connector-sdk';
import { authorizeRequest } from '@hub/core/auth';
import { describe, expect, it } from 'vitest';
import { loadConnectorDeclaration } from '@hub/connector-sdk';

const packageDir = fileURLToPath(new URL('.', import.meta.url));
const connector = await loadConnectorDeclaration(`${packageDir}connector.yaml`);
const auth = AuthDeclaration.parse(connector.auth);
const credentials = { secret: 'cb-test-api-secret', keyId: 'cb-test-api-key' };
const NOW_MS = 1_732_000_000_000;

/** Runs an action with an HTTP client that signs the way the hub's does, and returns what would be sent. */
async function signedRequestOf(action: string, input: unknown): Promise<HttpRequest> {
  let sent: HttpRequest | undefined;
  const http = {
    async request(req: HttpRequest) {
      sent = authorizeRequest(auth, credentials, req, NOW_MS);
      return { status: 201, headers: {}, body: { data: [] } };
    },
  };
  await connector.actions[action]!.run({ http, idempotencyKey: 'k', baseUrl: 'https://api.coinbase.com' }, input);
  return sent!;
}

// Coinbase's API-key authentication: CB-ACCESS-SIGN is the hex HMAC-SHA256, keyed with the API
// secret, of timestamp + method + request path (with query) + body; the timestamp is unix seconds.
function coinbaseSignature(timestamp: string, method: string, path: string, body: string): string {
  return createHmac('sha256', credentials.secret).update(timestamp + method + path + body).digest('hex');
}

describe('coinbase request signing', () => {
  it('signs a POST the way Coinbase verifies it: timestamp, method, path and the exact body', async () => {
    const req = await signedRequestOf('send_money', { accountId: 'acc-1', to: 'ada@example.com', amount: '0.1', currency: 'BTC' });
    const headers = Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    expect(headers['cb-access-key']).toBe(credentials.keyId);
    expect(headers['cb-access-timestamp']).toBe(String(NOW_MS / 1000));
    expect(typeof req.body).toBe('string');
    expect(JSON.parse(req.body as string)).toEqual({ type: 'send', to: 'ada@example.com', amount: '0.1', currency: 'BTC' });
    expect(headers['cb-access-sign']).toBe(coinbaseSignature(String(NOW_MS / 1000), 'POST', '/v2/accounts/acc-1/transactions', req.body as string));
  });

  it('signs a GET over its path with the query string and an empty body', async () => {
    const req = await signedRequestOf('list_accounts', {});
    const url = new URL(req.url);
    const headers = Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    expect(headers['cb-access-sign']).toBe(coinbaseSignature(String(NOW_MS / 1000), 'GET', `${url.pathname}${url.search}`, ''));
    expect(headers['cb-access-sign']).not.toBe(coinbaseSignature(String(NOW_MS / 1000 - 1), 'GET', `${url.pathname}${url.search}`, ''));
  });
});
