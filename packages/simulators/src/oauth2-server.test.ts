import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOAuth2Server, type OAuth2Server } from './oauth2-server.js';

let sim: OAuth2Server;
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

beforeAll(async () => {
  sim = await startOAuth2Server({ clients: [{ clientId: 'c1', clientSecret: 's1' }], tokenLifetimeSeconds: 120 });
});
afterAll(async () => {
  await sim.close();
});

async function token(form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(sim.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

describe('OAuth2 server simulator (RFC 6749)', () => {
  it('issues a client_credentials token with no-store caching, and the resource accepts it', async () => {
    const res = await token({ grant_type: 'client_credentials' }, { authorization: basic('c1', 's1') });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 120 });
    expect(res.body.refresh_token).toBeUndefined();
    const ok = await fetch(sim.resourceUrl, { headers: { authorization: `Bearer ${String(res.body.access_token)}` } });
    expect(ok.status).toBe(200);
  });

  it('exchanges a code once, and rotates refresh tokens (the old one is then invalid_grant)', async () => {
    const code = sim.mintCode('c1');
    const first = await token({ grant_type: 'authorization_code', code, client_id: 'c1', client_secret: 's1' });
    expect(first.status).toBe(200);
    expect((await token({ grant_type: 'authorization_code', code, client_id: 'c1', client_secret: 's1' })).body).toMatchObject({ error: 'invalid_grant' });
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token), client_id: 'c1', client_secret: 's1' });
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
    const reused = await token({ grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token), client_id: 'c1', client_secret: 's1' });
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: expect.any(String) } });
  });

  it('answers errors as RFC 6749 §5.2 says: invalid_client 401 with a Basic challenge, unsupported_grant_type 400', async () => {
    const wrong = await token({ grant_type: 'client_credentials' }, { authorization: basic('c1', 'nope') });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(wrong.body.error).toBe('invalid_client');
    expect(await token({ grant_type: 'password', client_id: 'c1', client_secret: 's1' })).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    const revoked = sim.mintRefreshToken('c1');
    sim.revokeRefreshToken(revoked);
    expect((await token({ grant_type: 'refresh_token', refresh_token: revoked, client_id: 'c1', client_secret: 's1' })).body.error).toBe('invalid_grant');
    expect(sim.tokenRequests.refresh_token).toBeGreaterThanOrEqual(3);
  });

  it('refuses an unknown or revoked bearer token with an RFC 6750 invalid_token challenge', async () => {
    const res = await fetch(sim.resourceUrl, { headers: { authorization: 'Bearer at_unknown' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const none = await fetch(sim.resourceUrl);
    expect(none.headers.get('www-authenticate')).not.toContain('error=');
  });
});
