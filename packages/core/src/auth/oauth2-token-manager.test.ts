import { randomBytes } from 'node:crypto';
import { AuthDeclaration, type HttpRequest } from '@hub/connector-sdk';
import { faults, startOAuth2Server, startProviderSimulator, type OAuth2Server } from '@hub/simulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { useTestRedis } from '../../../../test/support/test-redis.js';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { AlertEvaluator, AlertLifecycle, AlertRaiser } from '../alerts/index.js';
import { CredentialStore, EnvMasterKeys } from '../credentials/index.js';
import { EventStore } from '../event-store/index.js';
import { createOutboundHttp, guardedHttp, type SendHttp } from '../processing/index.js';
import { OAuth2TokenManager } from './oauth2-token-manager.js';
import { OutboundAuth } from './outbound-auth.js';

const shared = useTestRedis('oauth2');
const masterKeys = `k1:${randomBytes(32).toString('base64')}`;
const CLIENT = { clientId: 'hub-client', clientSecret: 'cs_&:+ secret' }; // characters Basic must form-encode
let db: TestDatabase;
let sim: OAuth2Server;
let store: CredentialStore;
let clock: number;
const send = createOutboundHttp({ timeoutMs: 5_000, allowedHosts: new Set(['127.0.0.1']) });
let connectorSeq = 0;

beforeAll(async () => {
  db = await createTestDatabase('oauth2');
  store = new CredentialStore(db.pool, new EnvMasterKeys(masterKeys));
});
afterAll(async () => {
  await db.drop();
});
beforeEach(async () => {
  clock = Date.UTC(2025, 5, 1);
  await sim?.close();
  sim = await startOAuth2Server({ clients: [CLIENT], tokenLifetimeSeconds: 3600, now: () => clock });
});

function manager(overrides: Partial<ConstructorParameters<typeof OAuth2TokenManager>[0]> = {}): OAuth2TokenManager {
  return new OAuth2TokenManager({ store, redis: shared.redis, prefix: shared.prefix, send, log: testLogger, now: () => clock, ...overrides });
}

function oauth2(grant: 'authorization_code' | 'client_credentials', clientAuth: 'body' | 'basic' = 'body', tokenUrl = sim.tokenUrl) {
  return AuthDeclaration.parse({ type: 'oauth2', grant, tokenUrl, clientAuth, scopes: ['tickets:write'], refreshBeforeSeconds: 60 }) as Extract<AuthDeclaration, { type: 'oauth2' }>;
}

/** A connector id of its own per test: stored credentials do not leak between tests. */
async function withCredentials(fields: Record<string, string>): Promise<{ connector: string; account: string }> {
  const ref = { connector: `crm-${++connectorSeq}`, account: '' };
  await store.put(ref.connector, ref.account, fields);
  return ref;
}

describe('OAuth2TokenManager against an RFC 6749 authorization server', () => {
  it("fills {account} in a per-org token URL (Salesforce My Domain) with the credential's account, and refuses one that is not a host name part", async () => {
    const ref = { connector: `crm-${++connectorSeq}`, account: '127.0.0.1' };
    await store.put(ref.connector, ref.account, CLIENT);
    const template = sim.tokenUrl.replace('127.0.0.1', '{account}');
    expect(template).toContain('{account}');
    const token = await manager().accessToken(ref, oauth2('client_credentials', 'body', template));
    expect(sim.isValidAccessToken(token)).toBe(true);

    const evil = { connector: ref.connector, account: 'attacker.example/x?' };
    await store.put(evil.connector, evil.account, CLIENT);
    await expect(manager().accessToken(evil, oauth2('client_credentials', 'body', template))).rejects.toMatchObject({ code: 'HUB_ACTION_PERMANENT', message: expect.stringContaining('token URL') });
  });

  it('fetches a client_credentials token once (HTTP Basic client auth) and reuses it until it is due', async () => {
    const ref = await withCredentials(CLIENT);
    const tokens = manager();
    const first = await tokens.accessToken(ref, oauth2('client_credentials', 'basic'));
    expect(sim.isValidAccessToken(first)).toBe(true);
    expect(await tokens.accessToken(ref, oauth2('client_credentials', 'basic'))).toBe(first);
    expect(sim.tokenRequests).toEqual({ client_credentials: 1 });
    expect((await store.get(ref.connector))?.accessToken).toBe(first);
  });

  it('refreshes refreshBeforeSeconds before expiry, not earlier, and persists the rotated refresh token encrypted', async () => {
    const original = sim.mintRefreshToken(CLIENT.clientId);
    const ref = await withCredentials({ ...CLIENT, refreshToken: original });
    const declaration = oauth2('authorization_code');
    const first = await manager().accessToken(ref, declaration);
    expect(sim.tokenRequests.refresh_token).toBe(1);
    const rotated = (await store.get(ref.connector))?.refreshToken;
    expect(rotated).toMatch(/^rt_/);
    expect(rotated).not.toBe(original);

    // Another process (a new manager) reads the stored token instead of asking again.
    clock += (3600 - 61) * 1000;
    expect(await manager().accessToken(ref, declaration)).toBe(first);
    expect(sim.tokenRequests.refresh_token).toBe(1);
    clock += 2_000; // now 59 s before expiry: due
    const second = await manager().accessToken(ref, declaration);
    expect(second).not.toBe(first);
    expect(sim.isValidAccessToken(second)).toBe(true);
    expect(sim.tokenRequests.refresh_token).toBe(2);

    const stored = await store.get(ref.connector);
    expect(stored?.refreshToken).not.toBe(rotated); // rotated again, and saved
    const { rows } = await db.admin.query<{ ciphertext: Buffer }>('SELECT ciphertext FROM credentials WHERE connector = $1', [ref.connector]);
    const raw = Buffer.from(rows[0]?.ciphertext ?? []).toString('latin1');
    for (const secret of [stored?.refreshToken, second, CLIENT.clientSecret]) expect(raw).not.toContain(secret);
  });

  it('on a 401 from the provider refreshes once and repeats the call once', async () => {
    const ref = await withCredentials({ ...CLIENT, refreshToken: sim.mintRefreshToken(CLIENT.clientId) });
    const connector = { id: ref.connector, auth: { type: 'oauth2' as const, grant: 'authorization_code' as const, tokenUrl: sim.tokenUrl } };
    const auth = new OutboundAuth({ store, tokens: manager(), now: () => clock });
    const http = (via: SendHttp) =>
      guardedHttp({ target: ref.connector, account: null, send: via, authorizer: auth.authorizerFor(connector, null), beforeSend: async () => undefined, afterAnswer: () => undefined });

    await http(send).request({ method: 'GET', url: sim.resourceUrl });
    const token = sim.resourceRequests[0]?.token as string;
    sim.revokeAccessToken(token); // the provider drops it before its expiry
    const res = await http(send).request({ method: 'GET', url: sim.resourceUrl });
    expect(res.status).toBe(200);
    expect(sim.resourceRequests.map((r) => r.status)).toEqual([200, 401, 200]);
    expect(sim.tokenRequests.refresh_token).toBe(2);

    // A provider that refuses every token: one refresh, one repeat, then a permanent failure.
    const revokeEach: SendHttp = async (req: HttpRequest) => {
      sim.revokeAccessToken(/Bearer (.+)/.exec(req.headers?.authorization ?? '')?.[1] ?? '');
      return send(req);
    };
    await expect(http(revokeEach).request({ method: 'GET', url: sim.resourceUrl })).rejects.toMatchObject({ code: 'HUB_ACTION_PERMANENT', details: { status: 401 } });
    expect(sim.tokenRequests.refresh_token).toBe(3);
    expect(sim.resourceRequests.map((r) => r.status)).toEqual([200, 401, 200, 401, 401]);
  });

  it('turns invalid_grant into a permanent HUB_OAUTH_INVALID_GRANT, raises an alert, and stops asking', async () => {
    const refreshToken = sim.mintRefreshToken(CLIENT.clientId);
    const ref = await withCredentials({ ...CLIENT, refreshToken });
    sim.revokeRefreshToken(refreshToken); // the user disconnected the app at the provider
    const events = new EventStore(db.pool);
    const tokens = manager({ alerts: new AlertRaiser({ store: events, redis: shared.redis, prefix: shared.prefix, log: testLogger }) });
    const failure = await tokens.accessToken(ref, oauth2('authorization_code')).catch((err: unknown) => err);
    expect(failure).toMatchObject({ code: 'HUB_OAUTH_INVALID_GRANT', retryable: false });
    expect(JSON.stringify({ message: (failure as Error).message, details: (failure as { details?: unknown }).details })).not.toContain(refreshToken);
    const { rows } = await db.admin.query<{ data: { kind: string; severity: string; evidence: Record<string, unknown> } }>(`SELECT data FROM events WHERE type = 'alert.raised' AND connector = $1`, [ref.connector]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.data).toMatchObject({ kind: 'credentials_invalid', severity: 'critical' });
    expect(rows[0]?.data.evidence).toMatchObject({ code: 'HUB_OAUTH_INVALID_GRANT', reconnect: expect.stringContaining(`hub credentials set ${ref.connector}`) });
    // No process asks again with the dead grant until an operator reconnects.
    await expect(manager().accessToken(ref, oauth2('authorization_code'))).rejects.toMatchObject({ code: 'HUB_OAUTH_INVALID_GRANT' });
    expect(sim.tokenRequests.refresh_token).toBe(1);

    // The rule evaluator resolves it once the operator stores the credentials again, not before.
    const lifecycle = new AlertLifecycle({ pool: db.pool, store: events, log: testLogger });
    const evaluator = new AlertEvaluator({ pool: db.pool, lifecycle, log: testLogger, connectors: [ref.connector] });
    await evaluator.evaluateOnce();
    expect(await lifecycle.list({ connector: ref.connector })).toEqual([expect.objectContaining({ kind: 'credentials_invalid', status: 'open' })]);
    await store.put(ref.connector, ref.account, { ...CLIENT, refreshToken: sim.mintRefreshToken(CLIENT.clientId) });
    await evaluator.evaluateOnce();
    expect(await lifecycle.list({ connector: ref.connector, status: 'all' })).toEqual([expect.objectContaining({ kind: 'credentials_invalid', status: 'resolved', resolution: expect.objectContaining({ reason: 'credentials stored again' }) })]);
    expect(await manager().accessToken(ref, oauth2('authorization_code'))).toEqual(expect.any(String));
  });

  it('classifies a token endpoint 5xx as transient and a refused client as permanent', async () => {
    const failing = await startProviderSimulator();
    failing.respondWith = faults.failing(503);
    try {
      const ref = await withCredentials(CLIENT);
      await expect(manager().accessToken(ref, oauth2('client_credentials', 'body', `${failing.url}/oauth/token`))).rejects.toMatchObject({ code: 'HUB_OAUTH_TOKEN_UNAVAILABLE', retryable: true });
    } finally {
      await failing.close();
    }
    const wrong = await withCredentials({ clientId: CLIENT.clientId, clientSecret: 'not-it' });
    await expect(manager().accessToken(wrong, oauth2('client_credentials', 'basic'))).rejects.toMatchObject({ code: 'HUB_OAUTH_CLIENT_REJECTED', retryable: false });
  });
});
