import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '@hub/core/db';
import { runTokensCreate, runTokensRevoke } from '../../apps/cli/src/commands/tokens.js';
import { hubUpEnv, spawnHub } from '../support/hub-process.js';
import { freePort, startHubUp, type RunningHubUp } from '../support/hub-up.js';
import { signedStripeEvent } from '../support/stripe-webhooks.js';
import { testDatabaseUrl } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';
import { rawExchange, rawRequest } from '../support/raw-http.js';

// The console API holds every stored payload and can replay money-moving events. These attacks
// run against a real `hub up` (the built CLI): each spelling of a path a router may decode to an
// /api route must be refused by the API scope's hook before a handler runs, checked by the side
// effect the handler would have had (a webhook.replayed row, a saved workflow, a payload in a body).
const schema = `t_secauth_${Date.now().toString(36)}`;
const BOOTSTRAP = randomBytes(32).toString('base64url');
const STRIPE_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const MARKER = `payload-marker-${randomBytes(6).toString('hex')}`;
const HEADERS_TIMEOUT_MS = 1_500;
let hub: RunningHubUp;
let admin: pg.Pool;
let dir: string;
let env: Record<string, string>;
let consoleUrl: string;
let ingressUrl: string;
let metricsUrl: string;
let eventId: string;

/** Every way of writing /api/<rest> that an attacker might hope the auth check and the router read differently. */
function spellings(rest: string): string[] {
  const [first = '', ...others] = rest.split('/');
  const tail = others.length ? `/${others.join('/')}` : '';
  return [
    `/%61pi/${rest}`,
    `/%61%70%69/${rest}`,
    `/api/%${first.charCodeAt(0).toString(16)}${first.slice(1)}${tail}`,
    `/%2561pi/${rest}`,
    `//api/${rest}`,
    `/api//${rest}`,
    `/api/./${rest}`,
    `/./api/${rest}`,
    `/api/../api/${rest}`,
    `/x/../api/${rest}`,
    `/api./${rest}`,
    `/API/${rest}`,
    `/Api/${rest}`,
    `/api/${rest.toUpperCase()}`,
    `/api/${rest};x=1`,
    `/api;x=1/${rest}`,
    `/api/${rest}/`,
    `/api/${rest}?`,
    `/api/${rest}?access_token=${BOOTSTRAP}`,
    `/api%2f${rest}`,
    `/api%2F${rest}`,
    `/api\\${rest}`,
    `\\api\\${rest}`,
    `/api/${rest}%00`,
    `/api/${rest}%20`,
    `/api/${rest}%09`,
    `http://127.0.0.1/api/${rest}`,
    `http://evil.example/%61pi/${rest}`,
    `HTTP://127.0.0.1//api/${rest}`,
  ];
}

/** Credentials that are not a valid bearer token for this console. */
const NOT_A_TOKEN: Record<string, string>[] = [
  {},
  { authorization: 'Bearer wrong-token-wrong-token-wrong-token' },
  { authorization: `Basic ${Buffer.from(`x:${BOOTSTRAP}`).toString('base64')}` },
  { authorization: `Bearer ${BOOTSTRAP.slice(0, -1)}` },
  { authorization: `Bearer ${BOOTSTRAP}x` },
  { authorization: `Token ${BOOTSTRAP}` },
  { 'x-hub-actor': 'admin', cookie: `token=${BOOTSTRAP}` },
];

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(sql, params);
  return rows[0]?.n ?? 0;
}
const replays = () => count(`SELECT count(*)::int AS n FROM events WHERE type = 'webhook.replayed' AND stream = $1`, [eventId]);
const workflows = () => count('SELECT count(*)::int AS n FROM workflows');
/** A replay of an event still queued is skipped (one run at a time): each test's replay waits for the run before it. */
const processedRuns = (n: number) =>
  waitFor(`run ${n} of the event`, async () => (await count(`SELECT count(*)::int AS n FROM events WHERE stream = $1 AND type = 'webhook.processed'`, [eventId])) >= n);

async function cli(args: string[], extra: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawnHub(args, { ...env, ...extra }, dir);
  const code = await child.exited();
  return { code, out: child.lines.map((l) => String(l.msg)).join('\n'), err: child.stderr() };
}

async function createToken(name: string, role: string): Promise<string> {
  const created = await cli(['tokens', 'create', name, '--role', role]);
  expect(created.code, created.err).toBe(0);
  return /hubtok_[A-Za-z0-9_-]{43}/.exec(created.out)?.[0] as string;
}

beforeAll(async () => {
  metricsUrl = `http://127.0.0.1:${await freePort()}/metrics`;
  env = hubUpEnv(testDatabaseUrl(), schema, { HUB_CONSOLE_TOKEN: BOOTSTRAP, STRIPE_WEBHOOK_SECRET: STRIPE_SECRET, HUB_METRICS_PORT: new URL(metricsUrl).port, HUB_HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS) });
  hub = await startHubUp(env, { routes: [] });
  ({ dir, ingressUrl, consoleUrl } = hub);
  admin = createPool({ url: testDatabaseUrl(), schema, max: 2 });

  const { payload, headers } = signedStripeEvent('evt_secauth_1', STRIPE_SECRET, { description: MARKER });
  const res = await fetch(`${ingressUrl}/webhooks/stripe`, { method: 'POST', headers, body: payload });
  expect(res.status).toBe(202);
  eventId = ((await res.json()) as { eventId: string }).eventId;
  await processedRuns(1);
}, 90_000);

afterAll(async () => {
  await hub?.stop();
  await admin?.end();
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  await client.end();
});

describe('console API: no spelling of a path reaches a handler without a token', () => {
  it('POST /api/replay: every spelling and every non-token is refused and nothing is replayed', async () => {
    const body = JSON.stringify({ eventIds: [eventId], reason: 'attack' });
    const answers: string[] = [];
    for (const target of spellings('replay')) {
      for (const headers of NOT_A_TOKEN) {
        const res = await rawRequest(consoleUrl, { method: 'POST', target, headers: { 'content-type': 'application/json', ...headers }, body });
        answers.push(`${res.status} ${target}`);
        expect([400, 401, 404], `${target} ${JSON.stringify(headers)} -> ${res.status} ${res.body}`).toContain(res.status);
      }
    }
    expect(answers.length).toBe(spellings('replay').length * NOT_A_TOKEN.length);
    expect(await replays()).toBe(0);
    // The router does decode some of those spellings to the replay route: the token is what stops them.
    const withToken = await rawRequest(consoleUrl, { method: 'POST', target: '/%61pi/replay', headers: { 'content-type': 'application/json', authorization: `Bearer ${BOOTSTRAP}` }, body });
    expect(withToken.status, withToken.body).toBe(200);
    expect(await replays()).toBe(1);
    await processedRuns(2);
    expect(answers.filter((a) => a.startsWith('401')).length).toBeGreaterThan(NOT_A_TOKEN.length * 3);
  });

  it('GET /api/events/:id and the live stream: no spelling without a token reads a payload or opens the stream', async () => {
    for (const target of [...spellings(`events/${eventId}`), ...spellings('events')]) {
      const res = await rawRequest(consoleUrl, { method: 'GET', target });
      expect([400, 401, 404], `${target} -> ${res.status}`).toContain(res.status);
      expect(res.body).not.toContain(MARKER);
    }
    for (const target of spellings('stream')) {
      const res = await rawRequest(consoleUrl, { method: 'GET', target });
      expect([400, 401, 404], `${target} -> ${res.status}`).toContain(res.status);
      expect(res.body).not.toContain('event: ready');
    }
    const head = await rawRequest(consoleUrl, { method: 'HEAD', target: `/%61pi/events/${eventId}` });
    expect(head.status).toBe(401);
    const read = await rawRequest(consoleUrl, { method: 'GET', target: `/%61pi/events/${eventId}`, headers: { authorization: `bearer ${BOOTSTRAP}` } });
    expect(read.status).toBe(200);
    expect(read.body).toContain(MARKER);
  });

  it('POST /api/workflows, a dry run and alert operations: refused without a token, nothing saved', async () => {
    const definition = JSON.stringify({
      name: 'sneaky',
      trigger: { connector: 'stripe', event: 'payment_intent.succeeded' },
      steps: [{ id: 'x', type: 'action', connector: 'http', action: 'post', input: { url: '"https://ledger.example.com/x"', body: '$' } }],
    });
    for (const target of [...spellings('workflows'), ...spellings('workflows/dry-run'), ...spellings('alerts/0190a6c4-0000-7000-8000-000000000000/mute')]) {
      const res = await rawRequest(consoleUrl, { method: 'POST', target, headers: { 'content-type': 'application/json' }, body: definition });
      expect([400, 401, 404], `${target} -> ${res.status}`).toContain(res.status);
    }
    expect(await workflows()).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM events WHERE type LIKE 'workflow.%' OR type LIKE 'alert.%'`)).toBe(0);
    // The same request with the token is saved: the definition was never what stopped the others.
    const saved = await rawRequest(consoleUrl, { method: 'POST', target: '/%61pi/workflows', headers: { 'content-type': 'application/json', authorization: `Bearer ${BOOTSTRAP}` }, body: definition });
    expect(saved.status, saved.body).toBe(201);
    expect(await workflows()).toBe(1);
  });
});

// Each spawns the CLI once or twice (a second or more each on a loaded machine).
describe('console API: named tokens with roles', { timeout: 60_000 }, () => {
  it('a viewer token reads but cannot replay; the refusal is recorded with its name', async () => {
    const viewer = await createToken('grafana', 'viewer');
    const read = await fetch(`${consoleUrl}/api/events/${eventId}`, { headers: { authorization: `Bearer ${viewer}` } });
    expect(read.status).toBe(200);
    const before = await replays();
    const refused = await fetch(`${consoleUrl}/api/replay`, { method: 'POST', headers: { authorization: `Bearer ${viewer}`, 'content-type': 'application/json' }, body: JSON.stringify({ eventIds: [eventId], reason: 'viewer tries' }) });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('HUB_FORBIDDEN');
    expect(await replays()).toBe(before);
    const { rows } = await admin.query(`SELECT actor, data FROM events WHERE type = 'api.action_refused'`);
    expect(rows).toEqual([{ actor: 'api:grafana', data: expect.objectContaining({ method: 'POST', route: '/api/replay', role: 'viewer' }) }]);
  });

  it('an operator token replays, recorded as its own name whatever header claims otherwise; revoked, it is refused', async () => {
    const operator = await createToken('ops.anna', 'operator');
    const before = await replays();
    const res = await fetch(`${consoleUrl}/api/replay`, { method: 'POST', headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json', 'x-hub-actor': 'mallory' }, body: JSON.stringify({ eventIds: [eventId], reason: 'operator replays' }) });
    expect(res.status).toBe(200);
    expect(await replays()).toBe(before + 1);
    const { rows } = await admin.query(`SELECT actor FROM events WHERE type = 'webhook.replayed' AND data->>'reason' = 'operator replays'`);
    expect(rows).toEqual([{ actor: 'api:ops.anna' }]);

    const revoked = await cli(['tokens', 'revoke', 'ops.anna']);
    expect(revoked.code, revoked.err).toBe(0);
    const after = await fetch(`${consoleUrl}/api/connectors`, { headers: { authorization: `Bearer ${operator}` } });
    expect(after.status).toBe(401);
  });

  it('hub tokens list shows names and roles, never a secret; the database holds hashes only', async () => {
    const secret = await createToken('ci-bot', 'viewer');
    const listed = await cli(['tokens', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/ci-bot\s+viewer\s+active/);
    expect(listed.out).toMatch(/ops\.anna\s+operator\s+revoked/);
    expect(listed.out).not.toContain('hubtok_');
    const { rows } = await admin.query(`SELECT count(*)::int AS n FROM api_tokens WHERE encode(token_hash, 'escape') LIKE $1 OR name LIKE $1 OR created_by LIKE $1`, [`%${secret.slice(7, 20)}%`]);
    expect(rows[0].n).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM events WHERE data::text LIKE $1`, [`%${secret.slice(7)}%`])).toBe(0);
    const { rows: audit } = await admin.query(`SELECT type, actor FROM events WHERE connector = 'hub' AND type LIKE 'api_token.%' ORDER BY id`);
    expect(audit.map((r) => r.type)).toEqual(['api_token.created', 'api_token.created', 'api_token.revoked', 'api_token.created']);
    expect(audit.every((r) => String(r.actor).startsWith('cli:'))).toBe(true);
  });

  it('explains a mistake: no role, an unknown role, a taken name, an unknown token to revoke', async () => {
    for (const [run, pattern] of [
      [() => runTokensCreate(env, 'x', {}), /--role is required/],
      [() => runTokensCreate(env, 'x', { role: 'admin' }), /viewer .* or operator/],
      [() => runTokensCreate(env, 'ci-bot', { role: 'viewer' }), /is active; revoke it first/],
      [() => runTokensCreate(env, 'bad name!', { role: 'viewer' }), /token name is/],
      [() => runTokensRevoke(env, 'nobody'), /no active token named "nobody"/],
    ] as const) {
      const err = await run().then(() => undefined, (e: unknown) => e as { code?: string; message?: string });
      expect(err?.code).toBe('HUB_CLI_USAGE');
      expect(err?.message).toMatch(pattern);
    }
  });
});

describe('console: headers and ports', () => {
  it('serves the UI and the API with CSP, frame-ancestors none, nosniff and no referrer', async () => {
    for (const url of [`${consoleUrl}/`, `${consoleUrl}/api/connectors`]) {
      const res = await fetch(url);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('closes a console connection whose headers trickle in (slowloris) once the headers timeout passes', async () => {
    const steps = [{ write: 'GET /api/connectors HTTP/1.1\r\nHost: 127.0.0.1\r\n', pauseMs: 250 }, ...Array.from({ length: 40 }, (_, i) => ({ write: `X-Slow-${i}: a\r\n`, pauseMs: 250 }))];
    const answer = await rawExchange({ port: Number(new URL(consoleUrl).port) }, steps);
    // Closed while it was still sending headers (40 x 250 ms = 10 s), not after.
    expect(answer.closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_MS + 2_000);
    expect(answer.bytesWritten).toBeLessThan(steps.reduce((n, s) => n + s.write.length, 0));
  });

  it('/metrics is on its own port, not on the public ingress port', async () => {
    expect((await fetch(`${ingressUrl}/metrics`)).status).toBe(404);
    const scraped = await fetch(metricsUrl);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('hub_webhooks_received_total{connector="stripe"');
  });

  it('docker compose refuses to start the console with an unset or empty token', async () => {
    const compose = parse(await readFile(new URL('../../docker/compose.yaml', import.meta.url), 'utf8')) as { services: Record<string, { environment?: Record<string, string> }> };
    // `${VAR:?message}` makes compose stop with the message when VAR is unset or empty.
    expect(compose.services.console?.environment?.HUB_CONSOLE_TOKEN).toMatch(/^\$\{HUB_CONSOLE_TOKEN:\?.+\}$/);
  });
});
