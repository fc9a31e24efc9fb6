import { ApiTokenStore } from '@hub/core/api-tokens';
import type { DryRunResult, WorkflowDetail, WorkflowSummary } from '@hub/core/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDownstream, type Downstream } from '../support/downstream.js';
import { connectors as repoConnectors, yamlConnector } from '../support/repo-connectors.js';
import { postStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'console-workflows-api-token';
const SECRET = 'whsec_console_workflows_api';
const ACTOR = 'ops.anna@example.com';

let hub: TestHub;
let operatorToken: string;
let downstream: Downstream;

beforeAll(async () => {
  downstream = await startDownstream();
  hub = await startTestHub({ label: 'console-wf-api', secrets: { stripe: SECRET }, consoleToken: TOKEN, extraConnectors: { slack: await yamlConnector('slack') } });
  operatorToken = (await new ApiTokenStore(hub.resources.pool).create({ name: ACTOR, role: 'operator', actor: 'test' })).token;
}, 60_000);
afterAll(async () => {
  await hub?.stop();
  await downstream?.close();
});

/** The fields these tests read from the API's answers (each answer has some of them). */
interface ApiBody {
  error: { code: string; message: string; problems?: string[]; nodeProblems?: { node?: string; edge?: number; problem: string }[] };
  workflows: WorkflowSummary[];
  workflow: WorkflowDetail;
  connectors: { id: string; receivesWebhooks: boolean; events: string[]; actions: { name: string; description: string; input: unknown }[] }[];
  steps: { forward: boolean; notify: boolean };
  status: string;
  /** POST /api/workflows/dry-run */
  totals: DryRunResult['totals'];
  events: DryRunResult['events'];
}

// The actor comes from the token: a header naming someone else changes nothing.
async function api(method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = { authorization: `Bearer ${operatorToken}`, 'x-hub-actor': 'mallory' }) {
  const res = await hub.console.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.json<ApiBody>() };
}

/** Triggered by a GitHub push, which no worker of this test consumes: these workflows are saved and operated, never run. */
function pushWorkflow(name: string, path: string) {
  return {
    name,
    trigger: { connector: 'github', event: 'push' },
    steps: [{ id: 'notify-ledger', type: 'action', connector: 'http', action: 'post', input: { url: `"https://ledger.example.com/${path}"`, body: '$' } }],
  };
}

async function workflowEvents(workflowId: string): Promise<{ type: string; actor: string; data: Record<string, unknown> }[]> {
  const { rows } = await hub.db.admin.query('SELECT type, actor, data FROM events WHERE stream = $1 ORDER BY id', [workflowId]);
  return rows;
}

describe('console workflows API: reading', () => {
  it('lists a saved workflow, details it with its versions newest first, and returns one version', async () => {
    expect(await api('POST', '/api/workflows', pushWorkflow('pushes', 'v1'))).toEqual({ status: 201, body: { name: 'pushes', version: 1 } });
    expect(await api('POST', '/api/workflows?activate=false', pushWorkflow('pushes', 'v2'))).toEqual({ status: 201, body: { name: 'pushes', version: 2 } });

    const list = await api('GET', '/api/workflows');
    expect(list.status).toBe(200);
    expect(list.body.workflows.find((w) => w.name === 'pushes')).toMatchObject({
      status: 'active',
      activeVersion: 1,
      latestVersion: 2,
      canary: null,
      trigger: { connector: 'github', event: 'push' },
      updatedBy: `api:${ACTOR}`,
    });

    const detail = await api('GET', '/api/workflows/pushes');
    expect(detail.status).toBe(200);
    expect(detail.body.workflow.versions.map((v) => [v.version, v.createdBy])).toEqual([
      [2, `api:${ACTOR}`],
      [1, `api:${ACTOR}`],
    ]);
    expect(detail.body.workflow.previousVersions).toEqual([]);

    const v2 = await api('GET', '/api/workflows/pushes/versions/2');
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ name: 'pushes', version: 2, definition: pushWorkflow('pushes', 'v2'), createdBy: `api:${ACTOR}` });
  });

  it('answers 404 for an unknown workflow or version and 400 for a version that is not a number', async () => {
    expect(await api('GET', '/api/workflows/no-such-flow')).toMatchObject({ status: 404, body: { error: { code: 'HUB_WORKFLOW_NOT_FOUND' } } });
    await api('POST', '/api/workflows', pushWorkflow('one-version', 'v1'));
    expect(await api('GET', '/api/workflows/one-version/versions/2')).toMatchObject({ status: 404, body: { error: { code: 'HUB_WORKFLOW_VERSION_NOT_FOUND' } } });
    expect(await api('GET', '/api/workflows/one-version/versions/latest')).toMatchObject({ status: 400, body: { error: { code: 'HUB_BAD_REQUEST' } } });
  });

  it('offers a builder every installed connector with its events and its actions input as JSON Schema', async () => {
    const { status, body } = await api('GET', '/api/workflows/catalog');
    expect(status).toBe(200);
    expect(body.connectors.map((c) => c.id).sort()).toEqual([...Object.keys(repoConnectors), 'slack'].sort());
    const stripe = body.connectors.find((c) => c.id === 'stripe');
    expect(stripe).toMatchObject({ receivesWebhooks: true });
    expect(stripe?.events).toContain('payment_intent.succeeded');
    const http = body.connectors.find((c) => c.id === 'http');
    expect(http?.receivesWebhooks).toBe(false);
    const post = http?.actions.find((a) => a.name === 'post');
    expect(post?.description).toEqual(expect.any(String));
    expect(post?.input).toMatchObject({ type: 'object', properties: { url: { type: 'string', format: 'uri' } }, required: ['url'] });
    expect(body.steps).toEqual({ forward: true, notify: true });
  });
});

describe('console workflows API: saving', () => {
  it('refuses an invalid definition with 400 and every problem, and saves nothing', async () => {
    const definition = {
      name: 'broken',
      trigger: { connector: 'stripe', event: 'payment_intent.exploded' },
      steps: [{ id: 'call', type: 'action', connector: 'http', action: 'put', input: {} }],
    };
    const { status, body } = await api('POST', '/api/workflows', definition);
    expect(status).toBe(400);
    expect(body.error.code).toBe('HUB_WORKFLOW_INVALID');
    expect(body.error.problems).toEqual([
      expect.stringContaining('stripe declares no event "payment_intent.exploded"'),
      expect.stringContaining('steps[0] "call": http has no action "put"'),
    ]);
    expect((await api('GET', '/api/workflows/broken')).status).toBe(404);
  });

  it('refuses an invalid graph with each problem placed on its node or edge (nodeProblems), for the builder to mark', async () => {
    const definition = {
      name: 'broken-graph',
      trigger: { connector: 'stripe', event: 'payment_intent.succeeded' },
      nodes: [
        { id: 'big', type: 'condition', when: { field: 'data.object.amount', operator: 'greater_than', value: 1000 } },
        { id: 'call', type: 'action', connector: 'http', action: 'put', input: {} },
      ],
      edges: [
        { from: 'trigger', to: 'big' },
        { from: 'big', to: 'call' },
      ],
    };
    const { status, body } = await api('POST', '/api/workflows', definition);
    expect(status).toBe(400);
    expect(body.error.nodeProblems).toEqual([
      { edge: 1, problem: 'edges[1] (big -> call): an edge out of condition "big" needs branch true or false' },
      { node: 'call', problem: 'nodes[1] "call": is not reachable from the trigger (no path of edges leads to it)' },
      { node: 'call', problem: expect.stringContaining('nodes[1] "call": http has no action "put"') },
    ]);
    expect(body.error.problems).toEqual(body.error.nodeProblems?.map((p) => p.problem));
  });

  it('refuses the name "catalog", which GET /api/workflows/catalog takes', async () => {
    const { status, body } = await api('POST', '/api/workflows', pushWorkflow('catalog', 'v1'));
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'HUB_WORKFLOW_INVALID', problems: [expect.stringContaining('"catalog"')] });
  });

  it.each([
    ['a loopback IP', 'http://127.0.0.1:8080/archive', '127.0.0.1'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['a name that resolves to loopback', 'http://localhost:8080/archive', 'localhost resolves to'],
  ])('refuses a forward step to %s and saves nothing', async (_what, url, named) => {
    const definition = { name: 'exfiltrate', trigger: { connector: 'github', event: 'push' }, steps: [{ id: 'archive', type: 'forward', url }] };
    const { status, body } = await api('POST', '/api/workflows', definition);
    expect(status).toBe(400);
    expect(body.error.code).toBe('HUB_OUTBOUND_ADDRESS_BLOCKED');
    expect(body.error.problems).toEqual([expect.stringMatching(/^steps\[0\] "archive": forward URL refused: .*internal address/)]);
    expect(body.error.problems?.[0]).toContain(named);
    expect((await api('GET', '/api/workflows/exfiltrate')).status).toBe(404);
  });

  it('refuses writes without a token or with a wrong one (401), and saves nothing', async () => {
    expect(await api('POST', '/api/workflows', pushWorkflow('sneaky', 'v1'), {})).toMatchObject({ status: 401, body: { error: { code: 'HUB_UNAUTHORIZED' } } });
    expect(await api('POST', '/api/workflows', pushWorkflow('sneaky', 'v1'), { authorization: 'Bearer not-the-console-token' })).toMatchObject({ status: 401 });
    expect(await api('POST', '/api/workflows/pushes/disable', {}, {})).toMatchObject({ status: 401 });
    expect((await api('GET', '/api/workflows/sneaky')).status).toBe(404);
  });
});

describe('console workflows API: operating', () => {
  it('rolls back, disables, enables and runs a canary, each recorded with the API actor', async () => {
    await api('POST', '/api/workflows', pushWorkflow('ops-flow', 'v1'));
    await api('POST', '/api/workflows', pushWorkflow('ops-flow', 'v2'));

    const canary = await api('POST', '/api/workflows/ops-flow/canary', { version: 1, percent: 25 });
    expect(canary).toMatchObject({ status: 200, body: { workflow: { activeVersion: 2, canary: { version: 1, percent: 25 } } } });
    expect(await api('POST', '/api/workflows/ops-flow/canary', { action: 'stop' })).toMatchObject({ status: 200, body: { workflow: { canary: null } } });
    expect(await api('POST', '/api/workflows/ops-flow/canary', { action: 'promote' })).toMatchObject({ status: 409, body: { error: { code: 'HUB_WORKFLOW_OPERATION_INVALID' } } });
    expect(await api('POST', '/api/workflows/ops-flow/canary', { version: 1, percent: 100 })).toMatchObject({ status: 400, body: { error: { code: 'HUB_BAD_REQUEST' } } });
    expect(await api('POST', '/api/workflows/ops-flow/canary', { version: 9, percent: 10 })).toMatchObject({ status: 404, body: { error: { code: 'HUB_WORKFLOW_VERSION_NOT_FOUND' } } });

    expect(await api('POST', '/api/workflows/ops-flow/rollback', {})).toEqual({ status: 200, body: { name: 'ops-flow', from: 2, to: 1 } });
    expect(await api('POST', '/api/workflows/ops-flow/rollback')).toMatchObject({ status: 409, body: { error: { code: 'HUB_WORKFLOW_NO_EARLIER_VERSION' } } });
    expect(await api('POST', '/api/workflows/ops-flow/rollback', { to: 2 })).toEqual({ status: 200, body: { name: 'ops-flow', from: 1, to: 2 } });

    expect(await api('POST', '/api/workflows/ops-flow/disable')).toMatchObject({ status: 200, body: { workflow: { status: 'disabled' } } });
    expect(await api('POST', '/api/workflows/ops-flow/enable')).toMatchObject({ status: 200, body: { workflow: { status: 'active', activeVersion: 2 } } });
    expect(await api('POST', '/api/workflows/no-such-flow/disable')).toMatchObject({ status: 404, body: { error: { code: 'HUB_WORKFLOW_NOT_FOUND' } } });

    const { body } = await api('GET', '/api/workflows/ops-flow');
    const events = await workflowEvents(body.workflow.id);
    expect(events.map((e) => e.type)).toEqual([
      'workflow.version_saved',
      'workflow.activated',
      'workflow.version_saved',
      'workflow.activated',
      'workflow.canary_set',
      'workflow.canary_stopped',
      'workflow.rolled_back',
      'workflow.rolled_back',
      'workflow.disabled',
      'workflow.enabled',
    ]);
    expect(new Set(events.map((e) => e.actor))).toEqual(new Set([`api:${ACTOR}`]));
    expect(events.filter((e) => e.type === 'workflow.rolled_back').map((e) => e.data)).toEqual([
      { name: 'ops-flow', from: 2, to: 1 },
      { name: 'ops-flow', from: 1, to: 2 },
    ]);
  });
});

describe('console workflows API: running', () => {
  it('runs a version saved through the API on the next webhook, and the next version saved on the one after', async () => {
    const payments = (marker: string) => ({
      name: 'api-payments',
      trigger: { connector: 'stripe', event: 'payment_intent.succeeded' },
      steps: [{ id: 'ledger', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/api-ledger"`, body: `{ "event": id, "saved": "${marker}" }` } }],
    });
    const ledgerFor = (providerId: string) => downstream.requests.filter((r) => r.path === '/api-ledger' && (r.body as { event?: string }).event === providerId);

    const processed = async (providerId: string) => {
      const eventId = await postStripeEvent(hub.ingress, providerId, SECRET);
      await waitFor(`${providerId} processed`, async () => (await api('GET', `/api/events/${eventId}`)).body.status === 'processed');
    };

    expect(await api('POST', '/api/workflows', payments('v1'))).toEqual({ status: 201, body: { name: 'api-payments', version: 1 } });
    await processed('evt_api_wf_1');
    expect(ledgerFor('evt_api_wf_1').map((r) => r.body)).toEqual([{ event: 'evt_api_wf_1', saved: 'v1' }]);

    expect(await api('POST', '/api/workflows', payments('v2'))).toEqual({ status: 201, body: { name: 'api-payments', version: 2 } });
    await processed('evt_api_wf_2');
    expect(ledgerFor('evt_api_wf_2').map((r) => r.body)).toEqual([{ event: 'evt_api_wf_2', saved: 'v2' }]);
  });

  it('dry-runs a draft on the stored webhooks without a call or a write, and says what is wrong with a bad request', async () => {
    const before = await hub.db.admin.query<{ n: string }>('SELECT count(*) AS n FROM events');
    const requests = downstream.requests.length;
    const draft = {
      name: 'api-draft',
      trigger: { connector: 'stripe', event: 'payment_intent.succeeded' },
      steps: [
        { id: 'only', type: 'condition', when: { field: 'id', operator: 'equals', value: 'evt_api_wf_2' } },
        { id: 'ledger', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/api-ledger"`, body: '{ "event": id }' } },
      ],
    };
    const { status, body } = await api('POST', '/api/workflows/dry-run', { definition: draft, last: 5 });
    expect(status).toBe(200);
    expect(body.totals).toEqual({ would_run: 1, filtered: 1, error: 0 });
    const wouldRun = body.events.find((e) => e.outcome === 'would_run');
    expect(wouldRun?.providerEventId).toBe('evt_api_wf_2');
    expect(wouldRun?.steps.find((step) => step.id === 'ledger')?.input).toEqual({ url: `${downstream.url}/api-ledger`, body: { event: 'evt_api_wf_2' } });
    expect((await api('POST', '/api/workflows/dry-run', { name: 'api-payments', version: 1 })).body.totals).toEqual({ would_run: 2, filtered: 0, error: 0 });
    // Nothing was written or sent.
    expect((await hub.db.admin.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows).toEqual(before.rows);
    expect(downstream.requests.length).toBe(requests);

    const invalid = await api('POST', '/api/workflows/dry-run', { definition: { ...draft, trigger: { connector: 'stripe', event: 'nope' } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('HUB_WORKFLOW_INVALID');
    expect((await api('POST', '/api/workflows/dry-run', { name: 'never-saved' })).status).toBe(404);
    expect((await api('POST', '/api/workflows/dry-run', { name: 'api-payments', last: 500 })).status).toBe(400);
  });
});
