import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { settledOutcome, type EventOutcome } from '../support/event-outcomes.js';
import { hubUpEnv, spawnHub } from '../support/hub-process.js';
import { freePort, startHubUp, type RunningHubUp } from '../support/hub-up.js';
import { sendStripeEvent, withMetadata } from '../support/stripe-webhooks.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// `hub up` in development mode allows loopback for the demo sink's port only. A route whose URL
// comes from the payload, and workflows forwarding to the console, the SQS emulator and Redis on
// 127.0.0.1, are refused before a connection is made; the demo sink on 127.0.0.1 is delivered to.
const SECRET = 'whsec_dev_loopback_0123456789abcdef';
const TOKEN = 'console-token-dev-loopback-0123456789';
const REDIS = 'http://127.0.0.1:6379/';

let db: TestDatabase;
let up: RunningHubUp;
let sinkPort: number;
let pwnedQueue: string;
const targets: Record<'console' | 'sqs' | 'redis' | 'sink', { url: string; headers: Record<string, string>; body: unknown }> = {} as never;

// The route posts to whatever the payload names (url, headers, body): the hostile-input case.
const probeRoute = {
  name: 'probe',
  on: { connector: 'stripe', event: 'payment_intent.succeeded' },
  action: { connector: 'http', name: 'post' },
  input: '{ "url": data.object.metadata.target, "headers": $eval(data.object.metadata.headers), "body": $eval(data.object.metadata.body) }',
};

const forwardWorkflow = (name: string, url: string, event = 'customer.created') => ({
  name,
  trigger: { connector: 'stripe', event, filter: { field: 'data.object.metadata.case', operator: 'equals', value: name } },
  steps: [{ id: 'forward', type: 'forward', url }],
});

async function api(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${up.consoleUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  db = await createTestDatabase('devloop');
  sinkPort = await freePort();
  pwnedQueue = `${db.schema.replaceAll('_', '-')}-pwned`;
  up = await startHubUp(
    hubUpEnv(db.url, db.schema, {
      HUB_DEMO_SINK_PORT: String(sinkPort),
      STRIPE_WEBHOOK_SECRET: SECRET,
      HUB_CONSOLE_TOKEN: TOKEN,
      HUB_RETRY_MAX_ATTEMPTS: '1',
      LOG_LEVEL: 'info',
    }),
    { routes: [probeRoute] },
  );
  const consolePort = new URL(up.consoleUrl).port;
  expect(up.sqsUrl).toBeDefined();
  expect(up.sinkUrl).toBe(`http://127.0.0.1:${sinkPort}`);
  Object.assign(targets, {
    // Reached, this would disable the `victim` workflow: the console routes a percent-encoded /api path.
    console: { url: `http://127.0.0.1:${consolePort}/%61pi/workflows/victim/disable`, headers: { 'content-type': 'application/json' }, body: {} },
    // Reached, this would create a queue in the emulator (SQS's JSON protocol needs no signature there).
    sqs: { url: `${up.sqsUrl}/`, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.CreateQueue' }, body: { QueueName: pwnedQueue } },
    redis: { url: REDIS, headers: { 'content-type': 'text/plain' }, body: 'FLUSHALL' },
    sink: { url: `${up.sinkUrl}/probe/route`, headers: { 'content-type': 'application/json' }, body: { ok: true } },
  });
  // What an attack on the console would change. Its forward names the demo sink: the console API accepts that.
  const saved = await api('POST', '/api/workflows', forwardWorkflow('victim', `${up.sinkUrl}/probe/victim`, 'charge.refunded'));
  expect(saved).toMatchObject({ status: 201, json: { name: 'victim', version: 1 } });
}, 120_000);

afterAll(async () => {
  await up?.stop();
  await db?.drop();
});


const refusedWithoutContact = (outcome: EventOutcome) => {
  expect(outcome.status).toBe('dead_lettered');
  expect(outcome.failures).toHaveLength(1);
  expect(outcome.failures[0]).toMatchObject({ code: 'HUB_OUTBOUND_ADDRESS_BLOCKED', class: 'permanent' });
  // No answer was recorded: the guard refused before a connection was made.
  expect(outcome.failures[0]?.response).toBeUndefined();
};

describe('hub up (development): loopback only for the demo sink', () => {
  it('the console API refuses a forward URL on the console, the SQS emulator, Redis, or the demo sink\'s port under another name', { timeout: 60_000 }, async () => {
    const consolePort = new URL(up.consoleUrl).port;
    for (const url of [`http://127.0.0.1:${consolePort}/api/replay`, `${up.sqsUrl}/`, REDIS, `http://localhost:${sinkPort}/x`]) {
      const refused = await api('POST', '/api/workflows', forwardWorkflow('refused', url));
      expect(refused.status, url).toBe(400);
      expect(refused.json.error).toMatchObject({ code: 'HUB_OUTBOUND_ADDRESS_BLOCKED' });
    }
  });

  it('a route whose URL comes from the payload reaches the demo sink and none of the local services', { timeout: 90_000 }, async () => {
    const outcomes: Record<string, EventOutcome> = {};
    for (const [name, target] of Object.entries(targets)) {
      const metadata = { target: target.url, headers: JSON.stringify(target.headers), body: JSON.stringify(target.body) };
      const eventId = await sendStripeEvent(up.ingressUrl, `evt_devloop_route_${name}`, SECRET, withMetadata('payment_intent.succeeded', metadata));
      outcomes[name] = await settledOutcome(db.admin, eventId);
    }
    console.table(Object.entries(outcomes).map(([name, o]) => ({ path: 'route', target: targets[name as keyof typeof targets].url, status: o.status, code: o.failures[0]?.code ?? '-' })));
    for (const name of ['console', 'sqs', 'redis'] as const) refusedWithoutContact(outcomes[name] as EventOutcome);
    expect(outcomes.sink?.status).toBe('processed');
    expect(up.hub.lines.some((l) => String(l.msg).startsWith('demo sink <- POST /probe/route'))).toBe(true);
  });

  it('workflows forwarding to the console, the SQS emulator and Redis are refused at run time too (saved past the API check)', { timeout: 90_000 }, async () => {
    const consolePort = new URL(up.consoleUrl).port;
    const forwards = {
      'probe-console': `http://127.0.0.1:${consolePort}/%61pi/workflows/victim/disable`,
      'probe-sqs': `${up.sqsUrl}/`,
      'probe-redis': REDIS,
      'probe-sink': `${up.sinkUrl}/probe/workflow`,
    };
    // `hub workflows apply` (the operator's CLI) saves what the API would refuse: the worker's guard must hold on its own.
    for (const [name, url] of Object.entries(forwards)) {
      const file = path.join(up.dir, `${name}.yaml`);
      await writeFile(file, stringify(forwardWorkflow(name, url)));
      const apply = spawnHub(['workflows', 'apply', file], { DATABASE_URL: db.url, DATABASE_SCHEMA: db.schema }, up.dir);
      expect(await apply.exited(), apply.stderr()).toBe(0);
    }
    const outcomes: Record<string, EventOutcome> = {};
    for (const name of Object.keys(forwards)) {
      const eventId = await sendStripeEvent(up.ingressUrl, `evt_devloop_${name}`, SECRET, withMetadata('customer.created', { case: name }), 'customer.created');
      outcomes[name] = await settledOutcome(db.admin, eventId);
    }
    console.table(Object.entries(outcomes).map(([name, o]) => ({ path: 'workflow forward', target: forwards[name as keyof typeof forwards], status: o.status, code: o.failures[0]?.code ?? '-' })));
    for (const name of ['probe-console', 'probe-sqs', 'probe-redis']) refusedWithoutContact(outcomes[name] as EventOutcome);
    expect(outcomes['probe-sink']?.types).toContain('workflow.completed');
    expect(up.hub.lines.some((l) => String(l.msg).startsWith('demo sink <- POST /probe/workflow'))).toBe(true);
  });

  it('nothing reached the console or the SQS emulator: the victim workflow is still active, no queue was created', async () => {
    const victim = await api('GET', '/api/workflows/victim');
    expect(victim.json.workflow).toMatchObject({ name: 'victim', status: 'active' });
    const { rows } = await db.admin.query(`SELECT 1 FROM events WHERE type = 'workflow.disabled'`);
    expect(rows).toHaveLength(0);
    const sqs = new SQSClient({ endpoint: up.sqsUrl, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const queues = await sqs.send(new ListQueuesCommand({}));
    sqs.destroy();
    expect((queues.QueueUrls ?? []).length).toBeGreaterThan(0); // the hub's own queues are there
    expect((queues.QueueUrls ?? []).filter((u) => u.includes('pwned'))).toEqual([]);
  });
});
