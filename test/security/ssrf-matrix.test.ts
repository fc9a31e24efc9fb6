import { randomBytes } from 'node:crypto';
import { sendToWebhook } from '@hub/core/alerts';
import { requestToken, resolveBaseUrl } from '@hub/core/auth';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { EventStore } from '@hub/core/event-store';
import { createOutboundHttp } from '@hub/core/processing';
import { OutboundAllowedHosts } from '@hub/core/ssrf';
import { WorkflowStore, type WorkflowDefinition } from '@hub/core/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeConnectorPackages, type ConnectorPackages } from '../support/connector-packages.js';
import { settledOutcome, type EventOutcome } from '../support/event-outcomes.js';
import { productionHubUpEnv, startHubUp, type RunningHubUp } from '../support/hub-up.js';
import { startInternalListener, type InternalListener } from '../support/internal-listener.js';
import { startPublicProvider, type PublicProvider } from '../support/public-provider.js';
import { ssrfTargets, type SsrfTarget } from '../support/ssrf-targets.js';
import { sendStripeEvent, withMetadata } from '../support/stripe-webhooks.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

// Every user-supplied URL the hub calls, against every internal address form PROVIDERS.md lists:
// through a spawned `hub up` (production mode) for the URLs a webhook or a workflow decides, in
// this process through the same outbound client for the URLs one setting decides. An internal
// listener on the targets' port proves that nothing got through; a table of what was tried is printed.
const SECRET = 'whsec_ssrf_matrix_0123456789abcdefghij';
const TOKEN = 'console-token-ssrf-matrix-0123456789';
const MASTER_KEYS = `k1:${randomBytes(32).toString('base64')}`;

interface Row {
  path: string;
  kind: string;
  url: string;
  outcome: string;
}
const table: Row[] = [];

let db: TestDatabase;
let up: RunningHubUp;
let listener: InternalListener;
let provider: PublicProvider;
let packages: ConnectorPackages;
let targets: SsrfTarget[];
let redirects: SsrfTarget[];

const item = { type: 'object', properties: { id: { type: 'string', minLength: 1 } }, required: ['id'], additionalProperties: false };
const ping = { description: 'Touch one item', method: 'POST', path: '/items/{id}', input: item };

beforeAll(async () => {
  listener = await startInternalListener();
  provider = await startPublicProvider(`http://127.0.0.1:${listener.port}/ssrf-redirected`);
  targets = await ssrfTargets(listener.port);
  redirects = [
    { kind: '302 from an allowed provider to loopback', url: `${provider.url}/redirect` },
    { kind: '307 from an allowed provider to loopback', url: `${provider.url}/redirect-307` },
  ];
  db = await createTestDatabase('ssrfmatrix');
  packages = await writeConnectorPackages({
    // A token endpoint inside the network (what a hostile or mistaken connector.yaml would declare).
    ssrfoauth: { baseUrls: { production: provider.url }, auth: { type: 'oauth2', grant: 'client_credentials', tokenUrl: `http://localhost:${listener.port}/token` }, actions: { ping } },
    // A base URL overridden to an internal address by SSRFBASE_BASE_URL.
    ssrfbase: { baseUrls: { production: 'https://api.example.com' }, actions: { ping } },
    // A path placeholder filled from the payload, on an allowed provider.
    pathprobe: { baseUrls: { production: 'https://api.example.com' }, actions: { ping } },
  });
  const store = new CredentialStore(db.pool, new EnvMasterKeys(MASTER_KEYS));
  await store.put('ssrfoauth', '', { clientId: 'hub', clientSecret: 'client-secret-ssrf' });
  // Saved straight to the store, past the console's and the Slack modal's URL check (as a
  // workflow saved while its host still resolved publicly would be): the worker must refuse on its own.
  const workflows = new WorkflowStore(db.pool, new EventStore(db.pool));
  const when = (value: string) => ({ field: 'data.object.metadata.case', operator: 'equals' as const, value });
  const save = (definition: WorkflowDefinition) => workflows.saveVersion(definition, { actor: 'test' });
  await save({ name: 'probe-action', trigger: { connector: 'stripe', event: 'customer.created', filter: when('action') }, steps: [{ id: 'call', type: 'action', connector: 'http', action: 'post', input: { url: 'data.object.metadata.target', body: '{ "probe": true }' } }] });
  await save({ name: 'probe-token', trigger: { connector: 'stripe', event: 'customer.created', filter: when('token') }, steps: [{ id: 'call', type: 'action', connector: 'ssrfoauth', action: 'ping', input: { id: '"x"' } }] });
  await save({ name: 'probe-base', trigger: { connector: 'stripe', event: 'customer.created', filter: when('base') }, steps: [{ id: 'call', type: 'action', connector: 'ssrfbase', action: 'ping', input: { id: '"x"' } }] });
  for (const [i, target] of [...targets, ...redirects].entries()) {
    await save({ name: `forward-${i}`, trigger: { connector: 'stripe', event: 'charge.refunded', filter: when(`forward-${i}`) }, steps: [{ id: 'forward', type: 'forward', url: target.url }] });
  }
  up = await startHubUp(
    productionHubUpEnv(db, {
      HUB_CONNECTOR_PATHS: packages.root,
      HUB_CONNECTORS: 'stripe,http,ssrfoauth,ssrfbase,pathprobe',
      STRIPE_WEBHOOK_SECRET: SECRET,
      HUB_CONSOLE_TOKEN: TOKEN,
      HUB_MASTER_KEYS: MASTER_KEYS,
      // The one origin allowed: the stand-in for a public provider (it answers the redirects).
      HUB_OUTBOUND_ALLOWED_HOSTS: `127.0.0.1:${provider.port}`,
      SSRFBASE_BASE_URL: `http://0x7f000001:${listener.port}`,
      PATHPROBE_BASE_URL: provider.url,
      HUB_ALERT_WEBHOOK_URL: `http://127.0.0.1:${listener.port}/alerts`,
      HUB_ALERT_WEBHOOK_SECRET: 'alert-webhook-secret-ssrf-0123456789',
      HUB_ALERT_DELIVERY_INTERVAL_MS: '100',
      HUB_OUTBOUND_TIMEOUT_MS: '3000',
      LOG_LEVEL: 'info',
    }),
    {
      routes: [
        { name: 'probe', on: { connector: 'stripe', event: 'payment_intent.succeeded' }, action: { connector: 'http', name: 'post' }, input: '{ "url": data.object.metadata.target, "body": { "probe": true } }' },
        { name: 'path-probe', on: { connector: 'stripe', event: 'payment_intent.payment_failed' }, action: { connector: 'pathprobe', name: 'ping' }, input: '{ "id": data.object.metadata.item }' },
      ],
    },
  );
}, 120_000);

afterAll(async () => {
  console.log(`SSRF matrix: ${table.length} attempts, ${table.filter((r) => r.outcome !== 'REACHED').length} refused, internal listener connections: ${listener?.connections}`);
  console.table(table);
  await up?.stop();
  await db?.drop();
  await packages?.remove();
  await provider?.close();
  await listener?.close();
});

const failureOf = (o: EventOutcome) => o.failures[0] as { code?: string; response?: { status?: number } } | undefined;

async function drive(pathName: string, cases: { kind: string; url: string; send: () => Promise<string> }[]): Promise<{ kind: string; url: string; outcome: EventOutcome }[]> {
  const sent = [];
  for (const c of cases) sent.push({ ...c, eventId: await c.send() });
  const settled = await Promise.all(sent.map(async (c) => ({ kind: c.kind, url: c.url, outcome: await settledOutcome(db.admin, c.eventId, 60_000) })));
  for (const s of settled) {
    const failure = failureOf(s.outcome);
    table.push({ path: pathName, kind: s.kind, url: s.url, outcome: failure ? `${failure.code}${failure.response ? ` (answer ${failure.response.status})` : ''}` : 'REACHED' });
  }
  return settled;
}

function expectRefusedBeforeConnecting(results: { kind: string; outcome: EventOutcome }[]): void {
  for (const { kind, outcome } of results) {
    expect(outcome.status, kind).toBe('dead_lettered');
    expect(failureOf(outcome), kind).toMatchObject({ code: 'HUB_OUTBOUND_ADDRESS_BLOCKED' });
    expect(failureOf(outcome)?.response, kind).toBeUndefined();
  }
}

function expectRedirectNotFollowed(results: { kind: string; outcome: EventOutcome }[]): void {
  for (const { kind, outcome } of results) {
    expect(outcome.status, kind).toBe('dead_lettered');
    expect(failureOf(outcome), kind).toMatchObject({ code: 'HUB_ACTION_PERMANENT', response: { status: expect.any(Number) } });
    expect([302, 307]).toContain(failureOf(outcome)?.response?.status);
  }
}

describe('SSRF matrix through a running hub (production mode)', () => {
  it('route inputs: an http action whose URL a JSONata mapping takes from the payload', { timeout: 120_000 }, async () => {
    const results = await drive(
      'route input (http.post url)',
      [...targets, ...redirects].map((t, i) => ({ ...t, send: () => sendStripeEvent(up.ingressUrl, `evt_ssrf_route_${i}`, SECRET, withMetadata('payment_intent.succeeded', { target: t.url })) })),
    );
    expectRefusedBeforeConnecting(results.slice(0, targets.length));
    expectRedirectNotFollowed(results.slice(targets.length));
    expect(listener.connections).toBe(0);
  });

  it('workflow action URLs: an action step whose url input comes from the payload', { timeout: 120_000 }, async () => {
    const results = await drive(
      'workflow action (url input)',
      [...targets, ...redirects].map((t, i) => ({ ...t, send: () => sendStripeEvent(up.ingressUrl, `evt_ssrf_wfaction_${i}`, SECRET, withMetadata('customer.created', { case: 'action', target: t.url }), 'customer.created') })),
    );
    expectRefusedBeforeConnecting(results.slice(0, targets.length));
    expectRedirectNotFollowed(results.slice(targets.length));
    expect(listener.connections).toBe(0);
  });

  it('workflow forward URLs: one workflow per target', { timeout: 120_000 }, async () => {
    const results = await drive(
      'workflow forward',
      [...targets, ...redirects].map((t, i) => ({ ...t, send: () => sendStripeEvent(up.ingressUrl, `evt_ssrf_forward_${i}`, SECRET, withMetadata('charge.refunded', { case: `forward-${i}` }), 'charge.refunded') })),
    );
    expectRefusedBeforeConnecting(results.slice(0, targets.length));
    expectRedirectNotFollowed(results.slice(targets.length));
    // The allowed provider answered every redirect (3 paths x 2) and no request followed one.
    expect(provider.requests.filter((r) => r.includes('/redirect'))).toHaveLength(6);
    expect(listener.requests.filter((r) => r.includes('ssrf-redirected'))).toEqual([]);
    expect(listener.connections).toBe(0);
  });

  it("a connector's OAuth token URL and its <ID>_BASE_URL override", { timeout: 60_000 }, async () => {
    const results = await drive('connector URLs', [
      { kind: 'OAuth token URL (declared)', url: `http://localhost:${listener.port}/token`, send: () => sendStripeEvent(up.ingressUrl, 'evt_ssrf_token', SECRET, withMetadata('customer.created', { case: 'token' }), 'customer.created') },
      { kind: 'SSRFBASE_BASE_URL override', url: `http://0x7f000001:${listener.port}/items/x`, send: () => sendStripeEvent(up.ingressUrl, 'evt_ssrf_base', SECRET, withMetadata('customer.created', { case: 'base' }), 'customer.created') },
    ]);
    expectRefusedBeforeConnecting(results);
    expect(listener.connections).toBe(0);
  });

  it('the alert webhook (HUB_ALERT_WEBHOOK_URL): the delivery is given up, nothing is sent', { timeout: 60_000 }, async () => {
    const delivery = await waitFor('the alert webhook delivery to be given up', async () => {
      const { rows } = await db.admin.query<{ last_error: string }>(`SELECT last_error FROM alert_deliveries WHERE target = 'webhook' AND gave_up_at IS NOT NULL LIMIT 1`);
      return rows[0];
    }, 30_000);
    expect(delivery.last_error).toContain('not a public address');
    table.push({ path: 'alert webhook (spawned hub)', kind: 'loopback', url: `http://127.0.0.1:${listener.port}/alerts`, outcome: 'HUB_OUTBOUND_ADDRESS_BLOCKED (given up)' });
    const { rows } = await db.admin.query(`SELECT 1 FROM alert_deliveries WHERE target = 'webhook' AND delivered_at IS NOT NULL`);
    expect(rows).toEqual([]);
    expect(listener.connections).toBe(0);
  });
});

describe('URLs one setting decides, through the outbound client the worker builds', () => {
  const send = () => createOutboundHttp({ timeoutMs: 3_000, allowedHosts: OutboundAllowedHosts.parse(`127.0.0.1:${provider.port}`) });
  const codeOf = (promise: Promise<unknown>) => promise.then(() => 'REACHED', (err: { code?: string }) => err.code ?? String(err));

  it('alert webhooks: sendToWebhook refuses every internal target and follows no redirect', async () => {
    const client = send();
    for (const t of [...targets, ...redirects]) {
      const code = await codeOf(sendToWebhook(client, { url: t.url, secret: 'alert-webhook-secret-0123456789' }, { type: 'alert.raised' }, '1', Date.now()));
      table.push({ path: 'alert webhook', kind: t.kind, url: t.url, outcome: code });
      expect(code, t.kind).toBe(t.url.startsWith(provider.url) ? 'HUB_ALERT_DELIVERY_FAILED' : 'HUB_OUTBOUND_ADDRESS_BLOCKED');
    }
    expect(listener.connections).toBe(0);
  });

  it('OAuth token URLs: requestToken refuses every internal target and follows no redirect', async () => {
    const client = send();
    for (const t of [...targets, ...redirects]) {
      const declaration = { type: 'oauth2' as const, grant: 'client_credentials' as const, tokenUrl: t.url, scopes: [], clientAuth: 'body' as const, refreshBeforeSeconds: 60 };
      const code = await codeOf(requestToken({ declaration, clientId: 'hub', clientSecret: 'cs', params: { grant_type: 'client_credentials' }, send: client, nowMs: Date.now(), label: 'probe' }));
      table.push({ path: 'OAuth token URL', kind: t.kind, url: t.url, outcome: code });
      expect(code, t.kind).toBe(t.url.startsWith(provider.url) ? 'HUB_OAUTH_CLIENT_REJECTED' : 'HUB_OUTBOUND_ADDRESS_BLOCKED');
    }
    expect(listener.connections).toBe(0);
  });

  it('connector base URLs: <ID>_BASE_URL overrides and {account} substitution', async () => {
    const client = send();
    const connector = { id: 'acme', baseUrls: { production: `http://{account}:${listener.port}` } };
    for (const t of targets) {
      const base = resolveBaseUrl(connector, 'production', { ACME_BASE_URL: t.url }, null) as string;
      const code = await codeOf(client({ method: 'POST', url: `${base}/v1/items` }));
      table.push({ path: '<ID>_BASE_URL', kind: t.kind, url: base, outcome: code });
      expect(code, t.kind).toBe('HUB_OUTBOUND_ADDRESS_BLOCKED');
    }
    // An account names a host: the internal ones are refused by the guard, anything that is no host name part before a URL is built.
    const hostile = ['127.0.0.1', '127.1', '0', 'localhost', '2130706433', '0x7f000001', '10.0.0.1', '169.254.169.254', '[::1]', '127.0.0.1:6379', 'evil.example@127.0.0.1', 'a/b'];
    for (const account of hostile) {
      let code: string;
      try {
        code = await codeOf(client({ method: 'POST', url: `${resolveBaseUrl(connector, 'production', {}, account)}/v1/items` }));
      } catch (err) {
        code = (err as { code?: string }).code ?? String(err);
      }
      table.push({ path: '{account} in a base URL', kind: `account ${JSON.stringify(account)}`, url: connector.baseUrls.production, outcome: code });
      expect(['HUB_OUTBOUND_ADDRESS_BLOCKED', 'HUB_ACTION_PERMANENT'], account).toContain(code);
    }
    expect(listener.connections).toBe(0);
  });
});

describe('path placeholders filled from a payload (fillPath)', () => {
  it('refuses a value that would change the endpoint; the provider sees only the safe one', { timeout: 60_000 }, async () => {
    const values = ['..', '../admin', '%2e%2e', '%2F', 'a%252fb', 'a\\b', 'item-7'];
    const outcomes = [];
    for (const [i, value] of values.entries()) {
      const eventId = await sendStripeEvent(up.ingressUrl, `evt_path_${i}`, SECRET, withMetadata('payment_intent.payment_failed', { item: value }), 'payment_intent.payment_failed');
      outcomes.push({ value, outcome: await settledOutcome(db.admin, eventId) });
    }
    for (const { value, outcome } of outcomes.slice(0, -1)) {
      expect(outcome.status, value).toBe('dead_lettered');
      expect(failureOf(outcome), value).toMatchObject({ code: 'HUB_CONNECTOR_PATH_VALUE_REFUSED', class: 'permanent' });
      table.push({ path: 'path placeholder', kind: `value ${JSON.stringify(value)}`, url: `${provider.url}/items/{id}`, outcome: 'HUB_CONNECTOR_PATH_VALUE_REFUSED' });
    }
    expect(outcomes.at(-1)?.outcome.status).toBe('processed');
    expect(provider.requests.filter((r) => r.startsWith('POST /items'))).toEqual(['POST /items/item-7']);
  });
});
