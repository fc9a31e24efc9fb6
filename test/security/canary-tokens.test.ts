import { randomBytes } from 'node:crypto';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { EventStore } from '@hub/core/event-store';
import { startFakeSlack, startOAuth2Server, type FakeSlack, type OAuth2Server } from '@hub/simulators';
import { WorkflowStore } from '@hub/core/workflows';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeConnectorPackages, type ConnectorPackages } from '../support/connector-packages.js';
import { settledOutcome, type EventOutcome } from '../support/event-outcomes.js';
import { spawnHub } from '../support/hub-process.js';
import { freePort, productionHubUpEnv, startHubUp, type RunningHubUp } from '../support/hub-up.js';
import { startPublicProvider, type PublicProvider } from '../support/public-provider.js';
import { slackClient } from '../support/slack-requests.js';
import { sendStripeEvent, signedStripeEvent, withMetadata } from '../support/stripe-webhooks.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

// A canary token planted in every kind of credential the hub holds and in forward URLs; failures
// driven through every path (connection refused, timeout, 500, 401, invalid_grant, SSRF-blocked,
// Slack API errors, quarantine, forged webhooks); then the hub's logs, every text column of the
// events and alerts tables, the SQS queues, the console API, `hub dlq` and everything the fake Slack
// received are searched for it. Unique per run: a hit means this run leaked it.
const C = `cnry${randomBytes(12).toString('hex')}`;
const MASTER_KEYS = `k1:${randomBytes(32).toString('base64')}`;
const SECRETS = {
  stripeWebhook: `whsec_${C}stripe`,
  githubWebhook: `${C}githubwebhook`,
  console: `${C}console`,
  slackSigning: `${C}slacksigning`,
  slackBot: `xoxb-1-2-${C}slackapp`,
  alertSlack: `xoxb-1-2-${C}alertslack`,
  alertWebhook: `${C}alertwebhooksecret`,
};
const CREDENTIALS: Record<string, Record<string, string>> = {
  cnapikeyh: { apiKey: `${C}apikeyheader` },
  cnapikeyq: { apiKey: `${C}apikeyquery` },
  cnbearer: { token: `${C}bearer` },
  cnbasic: { username: `${C}username`, password: `${C}password` },
  cnhmac: { secret: `${C}hmacsecret`, keyId: `${C}hmackeyid` },
  cnoauth: { clientId: 'hub-canary', clientSecret: `${C}clientsecret`, refreshToken: `${C}refreshtoken`, accessToken: `${C}accesstoken`, expiresAt: String(Date.now() + 3_600_000) },
};
const OPERATOR = 'U0OPERATOR';

let db: TestDatabase;
let up: RunningHubUp;
let provider: PublicProvider;
let oauth: OAuth2Server;
let slack: FakeSlack;
let packages: ConnectorPackages;
const outcomes: Record<string, EventOutcome & { eventId: string }> = {};

const ping = { description: 'Touch one item', method: 'POST', path: '/items/{id}', input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } };

beforeAll(async () => {
  db = await createTestDatabase('canary');
  provider = await startPublicProvider('http://127.0.0.1:9/');
  oauth = await startOAuth2Server({ clients: [{ clientId: 'hub-canary', clientSecret: CREDENTIALS.cnoauth!.clientSecret! }] });
  slack = await startFakeSlack({ token: SECRETS.slackBot, channels: { alerts: 'C0ALERTS', ops: 'C0OPS' }, userGroups: { S0OPS: [] } });
  const closedPort = await freePort();
  packages = await writeConnectorPackages({
    cnapikeyh: { baseUrls: { production: 'https://h.example' }, auth: { type: 'apiKey', in: 'header', name: 'X-Canary-Auth' }, actions: { ping } },
    cnapikeyq: { baseUrls: { production: 'https://q.example' }, auth: { type: 'apiKey', in: 'query', name: 'key' }, actions: { ping } },
    cnbearer: { baseUrls: { production: 'https://b.example' }, auth: { type: 'bearer' }, actions: { ping } },
    cnbasic: { baseUrls: { production: 'https://basic.example' }, auth: { type: 'basic' }, actions: { ping } },
    cnhmac: {
      baseUrls: { production: 'https://hmac.example' },
      auth: { type: 'hmac', header: 'X-Signature', algorithm: 'sha256', encoding: 'hex', signedContent: '{timestamp}{method}{path}{body}', timestampHeader: 'X-Timestamp', keyIdHeader: 'X-Key-Id' },
      actions: { ping },
    },
    cnoauth: { baseUrls: { production: 'https://o.example' }, auth: { type: 'oauth2', grant: 'authorization_code', tokenUrl: oauth.tokenUrl, clientAuth: 'body' }, actions: { ping } },
  });
  const store = new CredentialStore(db.pool, new EnvMasterKeys(MASTER_KEYS));
  for (const [connector, fields] of Object.entries(CREDENTIALS)) await store.put(connector, '', fields);

  // One workflow per failure path, each picked by the event's metadata.case.
  const workflows = new WorkflowStore(db.pool, new EventStore(db.pool));
  const on = (name: string, steps: unknown[]) =>
    workflows.saveVersion({ name, trigger: { connector: 'stripe', event: 'customer.created', filter: { field: 'data.object.metadata.case', operator: 'equals', value: name } }, steps } as never, { actor: 'test' });
  for (const connector of Object.keys(CREDENTIALS)) await on(connector, [{ id: 'call', type: 'action', connector, action: 'ping', input: { id: '"item-1"' } }]);
  // Credentials in a forward URL: userinfo and query string, to a provider answering 401 (the
  // first permanent failure: its message opens the alert) and 500, and to the metadata address.
  await on('forward-401', [{ id: 'forward', type: 'forward', url: `http://hook:${C}fwduser@127.0.0.1:${provider.port}/status/401/hook?sig=${C}fwdquery&page=1` }]);
  await on('forward-500', [{ id: 'forward', type: 'forward', url: `http://hook:${C}fwduser@127.0.0.1:${provider.port}/status/500/hook?sig=${C}fwdquery&page=1` }]);
  await on('forward-ssrf', [{ id: 'forward', type: 'forward', url: `http://hook:${C}ssrfuser@169.254.169.254/latest/meta-data?token=${C}ssrfquery` }]);

  up = await startHubUp(
    productionHubUpEnv(db, {
      HUB_CONNECTOR_PATHS: packages.root,
      HUB_CONNECTORS: ['stripe', 'github', 'http', ...Object.keys(CREDENTIALS)].join(','),
      HUB_MASTER_KEYS: MASTER_KEYS,
      STRIPE_WEBHOOK_SECRET: SECRETS.stripeWebhook,
      GITHUB_WEBHOOK_SECRET: SECRETS.githubWebhook,
      HUB_CONSOLE_TOKEN: SECRETS.console,
      HUB_OUTBOUND_ALLOWED_HOSTS: [provider.port, new URL(oauth.url).port, new URL(slack.url).port, closedPort].map((p) => `127.0.0.1:${p}`).join(','),
      CNAPIKEYH_BASE_URL: `${provider.url}/status/401`,
      CNAPIKEYQ_BASE_URL: `${provider.url}/status/500`,
      CNBEARER_BASE_URL: `http://127.0.0.1:${closedPort}`,
      CNBASIC_BASE_URL: `${provider.url}/hang`,
      CNHMAC_BASE_URL: `${provider.url}/ok`,
      CNOAUTH_BASE_URL: `${oauth.url}/api`,
      HUB_OUTBOUND_TIMEOUT_MS: '1000',
      HUB_RETRY_MAX_ATTEMPTS: '2',
      HUB_RETRY_BASE_DELAY_MS: '100',
      HUB_RETRY_MAX_DELAY_MS: '500',
      HUB_ALERT_SLACK_TOKEN: SECRETS.alertSlack,
      HUB_ALERT_SLACK_CHANNEL: '#alerts',
      HUB_ALERT_SLACK_API_URL: slack.url,
      HUB_ALERT_WEBHOOK_URL: `http://alert:${C}alertuser@127.0.0.1:${provider.port}/status/500/alerts?token=${C}alertquery&page=1`,
      HUB_ALERT_WEBHOOK_SECRET: SECRETS.alertWebhook,
      HUB_ALERT_DELIVERY_INTERVAL_MS: '200',
      HUB_ALERT_EVALUATE_INTERVAL_MS: '500',
      SLACK_SIGNING_SECRET: SECRETS.slackSigning,
      SLACK_BOT_TOKEN: SECRETS.slackBot,
      SLACK_TEAM_ID: 'T0HUB',
      SLACK_API_URL: `${slack.url}/`,
      HUB_SLACK_OPERATORS: OPERATOR,
      HUB_SLACK_OPERATOR_GROUPS: 'S0OPS',
      HUB_SLACK_PORT: '0',
      LOG_LEVEL: 'debug',
    }),
    { routes: [] },
  );

  for (const name of ['forward-401', ...Object.keys(CREDENTIALS), 'forward-500', 'forward-ssrf']) {
    const eventId = await sendStripeEvent(up.ingressUrl, `evt_canary_${name}`, SECRETS.stripeWebhook, withMetadata('customer.created', { case: name }), 'customer.created');
    outcomes[name] = { eventId, ...(await settledOutcome(db.admin, eventId, 60_000)) };
  }
  // A payload its schema refuses: quarantined, alerted.
  const broken = signedStripeEvent('evt_canary_quarantine', SECRETS.stripeWebhook, { data: { object: { id: 'pi_1', object: 'payment_intent', amount: 'lots' } } });
  const quarantined = (await (await fetch(`${up.ingressUrl}/webhooks/stripe`, { method: 'POST', headers: broken.headers, body: broken.payload })).json()) as { eventId: string };
  outcomes.quarantine = { eventId: quarantined.eventId, ...(await settledOutcome(db.admin, quarantined.eventId)) };
}, 240_000);

afterAll(async () => {
  await up?.stop();
  await db?.drop();
  await packages?.remove();
  await provider?.close();
  await oauth?.close();
  await slack?.close();
});

const codeOf = (name: string) => (outcomes[name]?.failures.at(-1) as { code?: string } | undefined)?.code;

describe('canary tokens: the failures happened, with the credentials really in use', () => {
  it('every path failed the way it was set up to', () => {
    expect(outcomes.cnapikeyh?.status).toBe('dead_lettered');
    expect(codeOf('forward-401')).toBe('HUB_ACTION_PERMANENT');
    expect(codeOf('cnapikeyh')).toBe('HUB_ACTION_PERMANENT'); // 401
    expect(codeOf('cnapikeyq')).toBe('HUB_ACTION_TRANSIENT'); // 500, twice
    expect(codeOf('cnbearer')).toBe('HUB_ACTION_TRANSIENT'); // connection refused
    expect(codeOf('cnbasic')).toBe('HUB_ACTION_OUTCOME_UNKNOWN'); // timeout after the request was sent: not idempotent, not repeated
    expect(outcomes.cnhmac?.status).toBe('processed');
    expect(codeOf('cnoauth')).toBe('HUB_OAUTH_INVALID_GRANT');
    expect(codeOf('forward-500')).toBe('HUB_ACTION_TRANSIENT');
    expect(codeOf('forward-ssrf')).toBe('HUB_OUTBOUND_ADDRESS_BLOCKED');
    expect(outcomes.quarantine?.status).toBe('quarantined');
    for (const name of ['forward-401', 'cnapikeyh', 'cnapikeyq', 'cnbearer', 'cnbasic', 'cnoauth', 'forward-500', 'forward-ssrf']) expect(outcomes[name]?.status, name).toBe('dead_lettered');
  });

  it('the provider and the authorization server received the planted credentials', () => {
    const sent = (prefix: string) => provider.received.filter((r) => r.url.startsWith(prefix));
    expect(sent('/status/401/items').some((r) => r.headers['x-canary-auth'] === CREDENTIALS.cnapikeyh!.apiKey)).toBe(true);
    expect(sent('/status/500/items').some((r) => new URL(r.url, 'http://x').searchParams.get('key') === CREDENTIALS.cnapikeyq!.apiKey)).toBe(true);
    expect(sent('/hang/items').some((r) => r.headers.authorization === `Basic ${Buffer.from(`${C}username:${C}password`).toString('base64')}`)).toBe(true);
    expect(sent('/ok/items').some((r) => r.headers['x-key-id'] === CREDENTIALS.cnhmac!.keyId && /^[0-9a-f]{64}$/.test(String(r.headers['x-signature'])))).toBe(true);
    expect(sent('/status/500/hook').length).toBeGreaterThanOrEqual(2);
    expect(oauth.resourceRequests.some((r) => r.token === CREDENTIALS.cnoauth!.accessToken && r.status === 401)).toBe(true);
    expect(oauth.tokenRequests.refresh_token).toBeGreaterThanOrEqual(1);
  });

  it('forged webhooks are refused (signed with the wrong secret)', async () => {
    const forged = signedStripeEvent('evt_canary_forged', 'whsec_not_the_secret_0123456789');
    expect((await fetch(`${up.ingressUrl}/webhooks/stripe`, { method: 'POST', headers: forged.headers, body: forged.payload })).status).toBe(401);
    const github = await fetch(`${up.ingressUrl}/webhooks/github`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'd1', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }, body: '{}' });
    expect(github.status).toBe(401);
  });

  it('the Slack app answered operators, through a Slack API error too', { timeout: 60_000 }, async () => {
    const client = slackClient({ appUrl: () => slackAppUrl(), signingSecret: SECRETS.slackSigning, teamId: 'T0HUB', slack: () => slack });
    // The channel refuses the bot's post: the app says so on the response_url and logs the refusal.
    slack.intercept = (method) => (method === 'chat.postMessage' ? { body: { ok: false, error: 'not_in_channel' } } : undefined);
    const replay = await client.slash(`replay ${outcomes.cnapikeyh?.eventId} --reason canary`, { user: OPERATOR });
    expect(replay.status).toBe(200);
    await waitFor('the replay answer on the response_url', () => slack.responses.some((r) => r.id === replay.id));
    // Whether someone else is an operator is read from a user group: the Web API call fails on the
    // network (a request error, which @slack/web-api hangs axios' request config on by default).
    slack.intercept = (method) => (method === 'usergroups.users.list' ? { hangUp: true } : undefined);
    const refused = await client.slash(`replay ${outcomes.cnapikeyh?.eventId}`, { user: 'U0NOBODY' });
    expect(refused.status).toBe(200);
    await up.hub.waitForLog('could not read the members of an operator user group; nobody is an operator through it');
    slack.intercept = undefined;
    for (const text of ['health stripe', 'dlq stripe', 'alerts']) {
      const answer = await client.slash(text, { user: OPERATOR });
      expect(answer.status, text).toBe(200);
    }
    expect(slack.calls.some((c) => c.method === 'chat.postMessage' && c.answer.error === 'not_in_channel')).toBe(true);
  });

  it('alert deliveries failed: Slack refused the alert token (invalid_auth), the alert webhook answered 500', { timeout: 60_000 }, async () => {
    const errors = await waitFor('failed alert deliveries to Slack and the webhook', async () => {
      const { rows } = await db.admin.query<{ target: string; last_error: string }>(`SELECT target, last_error FROM alert_deliveries WHERE last_error IS NOT NULL`);
      const slackError = rows.find((r) => r.target === 'slack')?.last_error;
      const webhookError = rows.find((r) => r.target === 'webhook')?.last_error;
      return slackError && webhookError ? { slackError, webhookError } : undefined;
    }, 30_000);
    expect(errors.slackError).toContain('invalid_auth');
    expect(errors.webhookError).toContain('500');
    expect(provider.received.some((r) => r.url.startsWith('/status/500/alerts') && r.headers['x-hub-alert-signature'])).toBe(true);
  });
});

function slackAppUrl(): string {
  const line = up.hub.lines.find((l) => /^slack\s+http/.test(String(l.msg)));
  return /(http:\/\/[^/\s]+)/.exec(String(line?.msg))?.[1] as string;
}

describe('canary tokens: 0 hits', () => {
  const hits = (text: string) => text.split(C).length - 1;

  it('in the hub process output (stdout and stderr)', () => {
    const output = `${up.hub.lines.map((l) => JSON.stringify(l)).join('\n')}\n${up.hub.stderr()}`;
    // The logs did capture the failures.
    expect(output).toContain('alert raised');
    expect(output).toContain('HUB_OAUTH_INVALID_GRANT');
    expect(hits(output)).toBe(0);
    expect(output).not.toContain(Buffer.from(`${C}username:${C}password`).toString('base64'));
  });

  it('in every text column of the events table and the alerts tables', async () => {
    const { rows: events } = await db.admin.query<{ row: string }>('SELECT e::text AS row FROM events e');
    expect(events.length).toBeGreaterThan(50);
    // The requests are recorded, their credentials masked.
    expect(events.some((r) => r.row.includes('action.requested') && r.row.includes('x-canary-auth') && r.row.includes('[redacted]'))).toBe(true);
    expect(hits(events.map((r) => r.row).join('\n'))).toBe(0);
    for (const table of ['alerts', 'alert_deliveries', 'alert_mutes']) {
      const { rows } = await db.admin.query<{ row: string }>(`SELECT t::text AS row FROM ${table} t`);
      if (table !== 'alert_mutes') expect(rows.length, table).toBeGreaterThan(0);
      expect(hits(rows.map((r) => r.row).join('\n')), table).toBe(0);
    }
    const { rows: credentials } = await db.admin.query<{ row: string }>('SELECT c::text AS row FROM credentials c');
    expect(credentials.length).toBe(Object.keys(CREDENTIALS).length);
    expect(hits(credentials.map((r) => r.row).join('\n'))).toBe(0);
  });

  it('in the SQS queues (dead letters are not copied to the SQS DLQ: the store is the one list)', { timeout: 30_000 }, async () => {
    const sqs = new SQSClient({ endpoint: inject('sqsEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const read = async (name: string) => {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      return sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, MessageAttributeNames: ['All'], AttributeNames: ['All'] }));
    };
    const [main, dlq] = await Promise.all([read(`${db.schema}-stripe`), read(`${db.schema}-stripe-dlq`)]);
    sqs.destroy();
    expect(dlq.Messages ?? []).toEqual([]);
    expect(hits(JSON.stringify([main, dlq]))).toBe(0);
  });

  it('in the console API and `hub dlq`', async () => {
    const api = async (url: string) => {
      const res = await fetch(`${up.consoleUrl}${url}`, { headers: { authorization: `Bearer ${SECRETS.console}` } });
      expect(res.status, url).toBe(200);
      return res.text();
    };
    const answers = [await api('/api/connectors'), await api('/api/connectors/stripe/dlq'), await api('/api/alerts')];
    for (const { eventId } of Object.values(outcomes)) answers.push(await api(`/api/events/${eventId}`));
    expect(answers.join('')).toContain('x-canary-auth');
    expect(hits(answers.join('\n'))).toBe(0);
    const dlq = spawnHub(['dlq', 'stripe', '--json'], { DATABASE_URL: db.url, DATABASE_SCHEMA: db.schema, HUB_QUEUE_PREFIX: `${db.schema}-`, SQS_ENDPOINT: inject('sqsEndpoint') });
    expect(await dlq.exited(), dlq.stderr()).toBe(0);
    const printed = dlq.lines.map((l) => JSON.stringify(l)).join('\n');
    expect(printed).toContain(outcomes.cnapikeyh?.eventId);
    expect(hits(printed + dlq.stderr())).toBe(0);
  });

  it('in everything the fake Slack received', () => {
    const received = JSON.stringify({ calls: slack.calls, messages: [...slack.messages.values()], views: [...slack.views.values()], ephemerals: slack.ephemerals, responses: slack.responses });
    expect(slack.calls.length + slack.responses.length).toBeGreaterThan(3);
    expect(hits(received)).toBe(0);
  });
});
