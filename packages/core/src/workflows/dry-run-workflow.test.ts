import { fileURLToPath } from 'node:url';
import { loadConnectorDeclaration, type Connector } from '@hub/connector-sdk';
import http from '@hub/connector-http';
import stripe from '@hub/connector-stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDownstream, type Downstream } from '../../../../test/support/downstream.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { EventStore, serialiseReceivedData, WebhookIngestor } from '../event-store/index.js';
import { dryRunWorkflow, type DryRunOptions } from './dry-run-workflow.js';
import { WorkflowStore } from './workflow-store.js';

const slack = await loadConnectorDeclaration(fileURLToPath(new URL('../../../../connectors/slack/connector.yaml', import.meta.url)));
const catalog: Record<string, Connector> = { stripe, http, slack };
const fixture = stripe.fixtures['payment_intent.succeeded'] as { data: { object: Record<string, unknown> } } & Record<string, unknown>;
const CLIENT_SECRET = fixture.data.object.client_secret as string;
const HEADER_SECRET = 'Bearer sk_test_dry_run_header';

let db: TestDatabase;
let downstream: Downstream;
/** Our event id of each stored webhook, by provider event id. */
const ids: Record<string, string> = {};

/** A stored payment_intent.succeeded: the fixture with these fields (`object` fields go into data.object). */
async function receive(providerId: string, fields: Record<string, unknown> = {}, object: Record<string, unknown> = {}, type = 'payment_intent.succeeded'): Promise<void> {
  const payload = { ...fixture, ...fields, id: providerId, type, data: { object: { ...fixture.data.object, ...object } } };
  const dataJson = serialiseReceivedData(type, { 'content-type': 'application/json' }, JSON.stringify(payload));
  const { eventId } = await new WebhookIngestor(db.pool).ingest({ connector: 'stripe', account: null, providerEventId: providerId, dataJson });
  ids[providerId] = eventId;
}

/** livemode -> big? -> cents (from $canonical) -> ledger (http.post) -> archive (forward) -> notify. */
function payments(): Record<string, unknown> {
  return {
    name: 'payments',
    trigger: { connector: 'stripe', event: 'payment_intent.succeeded', filter: { field: 'livemode', operator: 'equals', value: false } },
    steps: [
      { id: 'big', type: 'condition', when: { field: 'data.object.amount', operator: 'greater_than', value: 1000 } },
      { id: 'cents', type: 'transform', expression: '{ "amount": $canonical.amount.amount / 100, "currency": $canonical.amount.currency }' },
      {
        id: 'ledger',
        type: 'action',
        connector: 'http',
        action: 'post',
        input: {
          url: `"${downstream.url}/ledger"`,
          body: '{ "event": id, "amount": $steps.cents.amount, "hubEventId": $eventId }',
          // A null description maps to a header value that is not a string: the action's input schema refuses it.
          headers: `{ "x-description": data.object.description, "authorization": "${HEADER_SECRET}" }`,
        },
      },
      { id: 'archive', type: 'forward', url: `${downstream.url}/archive` },
      { id: 'notify', type: 'notify', channel: 'payments', text: '{{ id }} paid {{ $steps.cents.amount }} {{ $steps.cents.currency }}, ledger entry {{ $steps.ledger.id }}' },
    ],
  };
}

const run = (options: Partial<DryRunOptions> = {}) => dryRunWorkflow({ pool: db.pool, catalog, workflow: { definition: payments() }, ...options });

async function codeOf(work: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  try {
    await work;
  } catch (err) {
    return err as { code?: string; message?: string };
  }
  return {};
}

beforeAll(async () => {
  db = await createTestDatabase('dry_run');
  downstream = await startDownstream();
  // Oldest first: the dry run lists the newest first.
  await receive('evt_dry_big');
  await receive('evt_dry_small', {}, { amount: 500 });
  await receive('evt_dry_live', { livemode: true });
  await receive('evt_dry_nodesc', {}, { amount: 3000, description: null });
  await receive('evt_dry_future', { api_version: '2099-01-01' });
  await receive('evt_dry_refund', {}, {}, 'charge.refunded');
});
afterAll(async () => {
  await downstream?.close();
  await db?.drop();
});

describe('dryRunWorkflow', () => {
  it('runs the last webhooks of the trigger through the steps: would_run, filtered (trigger and condition), error', async () => {
    const result = await run();
    expect(result).toMatchObject({ name: 'payments', version: null, trigger: { connector: 'stripe', event: 'payment_intent.succeeded' }, totals: { would_run: 1, filtered: 2, error: 2 } });
    expect(result.events.map((e) => [e.providerEventId, e.outcome, e.filteredBy ?? e.code ?? null])).toEqual([
      ['evt_dry_future', 'error', 'HUB_PAYLOAD_VERSION_UNKNOWN'],
      ['evt_dry_nodesc', 'error', 'HUB_ACTION_INPUT_INVALID'],
      ['evt_dry_live', 'filtered', 'trigger'],
      ['evt_dry_small', 'filtered', 'big'],
      ['evt_dry_big', 'would_run', null],
    ]);
    expect(result.events.find((e) => e.providerEventId === 'evt_dry_small')?.steps).toEqual([{ id: 'big', type: 'condition', outcome: 'filtered' }]);
  });

  it('shows the transform values, each call input as it would be sent and the notify text, with $canonical bound', async () => {
    const big = (await run()).events.find((e) => e.providerEventId === 'evt_dry_big');
    expect(big).toMatchObject({ eventId: ids.evt_dry_big, receivedAt: expect.any(Date), account: null });
    const [condition, cents, ledger, archive, notify, ...more] = big?.steps ?? [];
    expect(more).toEqual([]);
    expect(condition).toEqual({ id: 'big', type: 'condition', outcome: 'passed' });
    // $canonical is the Payment the adapter makes: the currency in upper case, as the payload does not have it.
    expect(cents).toEqual({ id: 'cents', type: 'transform', outcome: 'evaluated', value: { amount: 20, currency: 'USD' } });
    expect(ledger).toEqual({
      id: 'ledger',
      type: 'action',
      action: 'http.post',
      outcome: 'would_send',
      input: { url: `${downstream.url}/ledger`, body: { event: 'evt_dry_big', amount: 20, hubEventId: ids.evt_dry_big }, headers: { 'x-description': 'Order #1042', authorization: '[redacted]' } },
    });
    expect(archive).toMatchObject({ id: 'archive', type: 'forward', action: 'http.post', outcome: 'would_send', input: { url: `${downstream.url}/archive`, body: { id: 'evt_dry_big', data: { object: { amount: 2000 } } } } });
    // The ledger's answer is not known in a dry run: the text renders without it and says so.
    expect(notify).toEqual({
      id: 'notify',
      type: 'notify',
      action: 'slack.post_message',
      outcome: 'would_send',
      unknownSteps: ['ledger'],
      input: { channel: 'payments', text: 'evt_dry_big paid 20 USD, ledger entry ' },
      text: 'evt_dry_big paid 20 USD, ledger entry ',
    });
  });

  it('reports a mapped input of the wrong type with the schema issues, and stops there as the worker would', async () => {
    const nodesc = (await run()).events.find((e) => e.providerEventId === 'evt_dry_nodesc');
    expect(nodesc?.steps.map((s) => [s.id, s.outcome])).toEqual([
      ['big', 'passed'],
      ['cents', 'evaluated'],
      ['ledger', 'error'],
    ]);
    const ledger = nodesc?.steps[2];
    expect(ledger).toMatchObject({ code: 'HUB_ACTION_INPUT_INVALID', problem: 'mapped input does not match the action input', input: { headers: { 'x-description': null } } });
    expect(ledger?.issues?.map((i) => [i.code, i.path])).toEqual([['invalid_type', ['headers', 'x-description']]]);
    expect(nodesc?.problem).toBe('step ledger: mapped input does not match the action input');
  });

  it('evaluates the steps that read a call answer without it: a condition it fails is undecided, and the run goes on', async () => {
    const definition = {
      name: 'after-ledger',
      trigger: { connector: 'stripe', event: 'payment_intent.succeeded' },
      steps: [
        { id: 'ledger', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/ledger"`, body: '{ "event": id }' } },
        { id: 'entry', type: 'transform', expression: '$steps.ledger.id' },
        { id: 'created', type: 'condition', when: { field: '$steps.entry', operator: 'exists' } },
        { id: 'notify', type: 'notify', channel: 'payments', text: 'entry {{ $steps.entry }} for {{ id }}' },
      ],
    };
    const result = await dryRunWorkflow({ pool: db.pool, catalog, workflow: { definition }, eventIds: [ids.evt_dry_big as string] });
    expect(result.totals).toEqual({ would_run: 1, filtered: 0, error: 0 });
    expect(result.events[0]?.steps.map((s) => [s.id, s.outcome, s.unknownSteps ?? []])).toEqual([
      ['ledger', 'would_send', []],
      ['entry', 'evaluated', ['ledger']],
      ['created', 'undecided', ['entry']],
      ['notify', 'would_send', ['entry']],
    ]);
    expect(result.events[0]?.steps[3]?.text).toBe('entry  for evt_dry_big');
  });

  it('calls nothing and writes nothing', async () => {
    const count = async () => (await db.admin.query('SELECT count(*)::int AS n, max(id::text) AS last, (SELECT count(*)::int FROM outbox) AS queued FROM events')).rows[0];
    const before = await count();
    const result = await run();
    expect(result.totals.would_run).toBe(1);
    expect(await count()).toEqual(before);
    expect(downstream.requests).toEqual([]);
    // What it shows holds no credential: secret-named fields of the payload and mapped headers are redacted.
    expect(JSON.stringify(result)).not.toContain(CLIENT_SECRET);
    expect(JSON.stringify(result)).not.toContain(HEADER_SECRET);
  });

  it('takes the last N or named events (in the order named), and says which named events it cannot use', async () => {
    expect((await run({ last: 2 })).events.map((e) => e.providerEventId)).toEqual(['evt_dry_future', 'evt_dry_nodesc']);
    expect((await run({ eventIds: [ids.evt_dry_small as string, ids.evt_dry_big as string] })).events.map((e) => [e.providerEventId, e.outcome])).toEqual([
      ['evt_dry_small', 'filtered'],
      ['evt_dry_big', 'would_run'],
    ]);

    const other = await codeOf(run({ eventIds: [ids.evt_dry_refund as string] }));
    expect(other).toMatchObject({ code: 'HUB_WORKFLOW_DRY_RUN_INVALID', message: `${ids.evt_dry_refund} is a stripe charge.refunded webhook; the workflow triggers on stripe payment_intent.succeeded` });
    expect((await codeOf(run({ eventIds: ['0190aaaa-0000-7000-8000-000000000000'] }))).code).toBe('HUB_EVENT_NOT_FOUND');
    expect((await codeOf(run({ eventIds: ['evt_dry_big'] }))).code).toBe('HUB_EVENT_NOT_FOUND');
    expect((await codeOf(run({ last: 201 }))).code).toBe('HUB_WORKFLOW_DRY_RUN_INVALID');
    expect((await codeOf(run({ last: 2, eventIds: [ids.evt_dry_big as string] }))).code).toBe('HUB_WORKFLOW_DRY_RUN_INVALID');
  });

  it('runs a stored version (the active one unless named), and refuses an unknown workflow, version or an invalid definition', async () => {
    const workflows = new WorkflowStore(db.pool, new EventStore(db.pool));
    await workflows.saveVersion({ name: 'stored', trigger: { connector: 'stripe', event: 'payment_intent.succeeded' }, steps: [{ id: 'notify', type: 'notify', channel: 'C1', text: 'v1 {{ id }}' }] }, { actor: 'test:dry-run' });
    await workflows.saveVersion({ name: 'stored', trigger: { connector: 'stripe', event: 'payment_intent.succeeded' }, steps: [{ id: 'notify', type: 'notify', channel: 'C1', text: 'v2 {{ id }}' }] }, { actor: 'test:dry-run', activate: false });
    const active = await dryRunWorkflow({ pool: db.pool, catalog, workflow: { name: 'stored' }, eventIds: [ids.evt_dry_big as string] });
    expect([active.version, active.events[0]?.steps[0]?.text]).toEqual([1, 'v1 evt_dry_big']);
    const named = await dryRunWorkflow({ pool: db.pool, catalog, workflow: { name: 'stored', version: 2 }, eventIds: [ids.evt_dry_big as string] });
    expect([named.version, named.events[0]?.steps[0]?.text]).toEqual([2, 'v2 evt_dry_big']);

    expect((await codeOf(dryRunWorkflow({ pool: db.pool, catalog, workflow: { name: 'nope' } }))).code).toBe('HUB_WORKFLOW_NOT_FOUND');
    expect((await codeOf(dryRunWorkflow({ pool: db.pool, catalog, workflow: { name: 'stored', version: 9 } }))).code).toBe('HUB_WORKFLOW_VERSION_NOT_FOUND');
    expect((await codeOf(dryRunWorkflow({ pool: db.pool, catalog: { stripe, http }, workflow: { name: 'stored' } }))).code).toBe('HUB_WORKFLOW_INVALID');
  });
  it('walks a graph as the worker does: the branch each condition took, the calls of both branches of a fan-out, a join once', async () => {
    const definition = {
      name: 'payments-graph',
      trigger: { connector: 'stripe', event: 'payment_intent.succeeded' },
      nodes: [
        { id: 'big', type: 'condition', when: { field: 'data.object.amount', operator: 'greater_than', value: 1000 } },
        { id: 'ledger', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/ledger"`, body: '{ "event": id }' } },
        { id: 'notify', type: 'notify', channel: 'payments', text: 'big {{ id }}' },
        { id: 'done', type: 'transform', expression: '"done"' },
      ],
      edges: [
        { from: 'trigger', to: 'big' },
        { from: 'big', to: 'ledger', branch: 'true' },
        { from: 'big', to: 'notify', branch: 'true' },
        { from: 'big', to: 'ledger', branch: 'false' },
        { from: 'ledger', to: 'done' },
        { from: 'notify', to: 'done' },
      ],
    };
    const result = await dryRunWorkflow({ pool: db.pool, catalog, workflow: { definition }, eventIds: [ids.evt_dry_big as string, ids.evt_dry_small as string] });
    const [big, small] = result.events;
    expect(big?.outcome).toBe('would_run');
    expect(big?.steps.map((s) => [s.id, s.outcome, s.branch ?? null])).toEqual([
      ['big', 'passed', 'true'],
      // ledger waits for its second edge from big (the false one) to be settled: notify is ready first.
      ['notify', 'would_send', null],
      ['ledger', 'would_send', null],
      ['done', 'evaluated', null],
    ]);
    expect(small?.outcome).toBe('would_run');
    expect(small?.steps.map((s) => [s.id, s.outcome, s.branch ?? null])).toEqual([
      ['big', 'filtered', 'false'],
      ['ledger', 'would_send', null],
      ['done', 'evaluated', null],
    ]);
  });
});
